// The CDS Hooks service moved to interop/cds-hooks/. The code-system constants and the
// ServiceRequest shape stay importable from here for the FHIR ServiceRequest code until it moves
// to interop/fhir too (issue 7 item 8); new code imports interop/cds-hooks/cards.ts.
export { ICD10_SYSTEM, ICPC2_SYSTEM, isNcrpSystem, NCRP_OID, NCRP_SYSTEMS, type ServiceRequest } from '../interop/cds-hooks/cards.ts';
