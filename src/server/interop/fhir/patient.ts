// A Radvis patient → FHIR R4 Patient, and a person in the directory → R4 Practitioner
// (patient.html, practitioner.html). Identifiers follow HL7 Norway no-basis: fødselsnummer
// urn:oid:2.16.578.1.12.4.1.4.1, D-number …4.2, felles hjelpenummer …4.3; HPR number …4.4.
import type { Patient, Practitioner } from '@medplum/fhirtypes';
import { HPR_OID, patientIdentifierSystem } from '../../directory/identifiers.ts';

/** What Radvis keeps of a patient, as the FHIR mapping needs it. */
export interface PatientFacts {
  id: string;
  fnr: string;
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birth_date: string;
  sex: 'M' | 'F';
  municipality_number?: string | null;
  municipality_name?: string | null;
}

/** The Patient Radvis serves: identifier (under the OID of the number's kind), name, gender, birthDate, home municipality. */
export function toPatient(p: PatientFacts): Patient & { resourceType: 'Patient'; id: string } {
  const out: Patient & { resourceType: 'Patient'; id: string } = {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ use: 'official', system: patientIdentifierSystem(p.fnr), value: p.fnr }],
    name: [{ use: 'official', family: p.family_name, given: p.given_name.split(/\s+/).filter(Boolean), text: `${p.given_name} ${p.family_name}` }],
    gender: p.sex === 'M' ? 'male' : 'female',
    birthDate: String(p.birth_date).slice(0, 10),
  };
  // no-basis-Address: the municipality number (kommunenummer) as district, its name as city.
  if (p.municipality_number) out.address = [{ use: 'home', district: p.municipality_number, ...(p.municipality_name ? { city: p.municipality_name } : {}) }];
  return out;
}

/** What Radvis keeps of a person, as the FHIR mapping needs it. */
export interface PractitionerFacts {
  id: string;
  hpr_number: string | null;
  given_name: string;
  family_name: string;
}

/** The Practitioner Radvis serves: the HPR number (when the person has one) and the name. */
export function toPractitioner(p: PractitionerFacts): Practitioner & { resourceType: 'Practitioner'; id: string } {
  return {
    resourceType: 'Practitioner',
    id: p.id,
    ...(p.hpr_number ? { identifier: [{ system: HPR_OID, value: p.hpr_number }] } : {}),
    name: [{ family: p.family_name, given: p.given_name.split(/\s+/).filter(Boolean), text: `${p.given_name} ${p.family_name}` }],
  };
}

/** The search parameters of GET /fhir/Patient and /fhir/Practitioner (CapabilityStatement). */
export const DIRECTORY_SEARCH_PARAMS = {
  Patient: [
    {
      name: '_id',
      type: 'token' as const,
      definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
      documentation: 'Logical id; comma-separated values are OR',
    },
    {
      name: 'identifier',
      type: 'token' as const,
      definition: 'http://hl7.org/fhir/SearchParameter/Patient-identifier',
      documentation: 'the fødselsnummer, D-number or FH-nummer, as system|value under its OID or as the bare number; comma-separated values are OR',
    },
  ],
  Practitioner: [
    {
      name: '_id',
      type: 'token' as const,
      definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
      documentation: 'Logical id; comma-separated values are OR',
    },
    {
      name: 'identifier',
      type: 'token' as const,
      definition: 'http://hl7.org/fhir/SearchParameter/Practitioner-identifier',
      documentation: 'the HPR number, as urn:oid:2.16.578.1.12.4.1.4.4|value or the bare number; comma-separated values are OR',
    },
  ],
};
