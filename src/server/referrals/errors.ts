// Domain errors the referral domain needs beyond the shared ones in http/errors.ts. The central
// error handler maps any DomainError by its status, so these become problem+json on /api and
// OperationOutcome on /fhir and /cds-services like the others.
import { DomainError } from '../http/errors.ts';

/** 422: the request is well formed but breaks a rule (missing required facts, unknown patient in a FHIR create, referral rights). */
export class Unprocessable extends DomainError {
  readonly status = 422;
  readonly type = 'unprocessable';
}

/** 412: CDS Hooks — the service cannot get the FHIR data it needs (no prefetch and no usable fhirServer). CDS Hooks 2.0 §HTTP Status Codes. */
export class PreconditionFailed extends DomainError {
  readonly status = 412;
  readonly type = 'precondition-failed';
}
