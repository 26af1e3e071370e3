// The directory's FHIR R4 reads: Patient and Practitioner by id, and the same resources as
// `_include`d by a search. Every one goes through the access gate (requirePatient /
// requirePractitioner) and is logged, allowed or refused: an include never shows a caller a
// resource they could not read directly.
import type { Kysely, Transaction } from 'kysely';
import type { Patient, Practitioner } from '@medplum/fhirtypes';
import { AccessRefused, gated, requirePatient, requirePractitioner, type Who } from '../access/gate.ts';
import type { DB } from '../db/schema.ts';
import { NotFound } from '../http/errors.ts';
import { toPatient, toPractitioner } from '../interop/fhir/patient.ts';
import * as store from './store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** GET /fhir/Patient/{id}: 404 unknown, 403 (logged) without a work need. */
export async function readFhirPatient(db: Kysely<DB>, who: Who, id: string): Promise<Patient> {
  return gated(db, async (trx) => {
    const p = await store.findPatientById(trx, id);
    if (!p) throw new NotFound(`Patient/${id} not found`);
    await requirePatient(trx, who, id, 'read', 'fhir-patient-read');
    return toPatient(p);
  });
}

/** GET /fhir/Practitioner/{id}: 404 unknown, 403 (logged) when the caller may not read the person. */
export async function readFhirPractitioner(db: Kysely<DB>, who: Who, id: string): Promise<Practitioner> {
  return gated(db, async (trx) => {
    const p = await store.findPersonById(trx, id);
    if (!p) throw new NotFound(`Practitioner/${id} not found`);
    await requirePractitioner(trx, who, id, 'fhir-practitioner-read');
    return toPractitioner(p);
  });
}

/** Runs a gate check that logs and throws on refusal; true when allowed (the refusal's log row stays). */
async function allowed(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (e) {
    if (e instanceof AccessRefused) return false;
    throw e;
  }
}

/**
 * The Patients a search `_include`s, each decided and logged by the gate as a read in `context`
 * (in the caller's transaction); patients the caller may not read are left out (and their refusal logged).
 */
export async function includedPatients(db: Q, who: Who, patientIds: string[], context: string): Promise<Patient[]> {
  const out: Patient[] = [];
  for (const id of [...new Set(patientIds)]) {
    const p = await store.findPatientById(db, id);
    if (p && (await allowed(() => requirePatient(db, who, id, 'read', context)))) out.push(toPatient(p));
  }
  return out;
}

/**
 * The Practitioners a search `_include`s (`refs`: the requester and the patient of the referral
 * that named them, for the log), each decided and logged by the gate; the others are left out.
 */
export async function includedPractitioners(db: Q, who: Who, refs: { personId: string; patientId: string }[], context: string): Promise<Practitioner[]> {
  const out: Practitioner[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(r.personId)) continue;
    seen.add(r.personId);
    const p = await store.findPersonById(db, r.personId);
    if (p && (await allowed(() => requirePractitioner(db, who, r.personId, context, r.patientId)))) out.push(toPractitioner(p));
  }
  return out;
}
