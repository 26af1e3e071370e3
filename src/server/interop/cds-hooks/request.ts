// The CDS Hooks 2.0 request as Radvis accepts it (HL7 CDS Hooks 2.0 §HTTP Request; hooks
// order-select / order-sign 1.0). The TypeBox schema checks the envelope at the edge; the draft
// orders are FHIR resources of many types, so the ServiceRequests among them are checked by
// `checkDraftOrders` for the fields Radvis reads (wrong JSON types → 400, never a 500).
import { MAX_NOTE_CHARS } from '../../../shared/note.ts';
import { Type } from '@fastify/type-provider-typebox';
import { Invalid, type FieldError } from '../../http/errors.ts';
import { Text } from '../../http/schemas.ts';
import { emptyObjectProblems } from '../fhir/definitions.ts';
import { REQUIRED_BINDINGS } from '../fhir/service-request.ts';

/** R4 request-status (valueset-request-status), the required binding of ServiceRequest.status. */
const REQUEST_STATUSES = REQUIRED_BINDINGS.status;

const AnyResource = Type.Object({ resourceType: Text({ maxLength: 64 }) });

/**
 * A UUID as CDS Hooks 2.0 writes it (RFC 4122 text form, 8-4-4-4-12 hex digits, either case, no
 * `urn:uuid:` prefix): `hookInstance` ("A universally unique identifier (UUID) for this particular
 * hook call", §HTTP Request), and in feedback `card` and `acceptedSuggestions[].id` (the `uuid` of
 * the card and suggestion, §Feedback; the HL7 logical models CDSHooksRequest / CDSHooksFeedback
 * type all three as uuid with the urn:uuid: prefix implied, so the JSON value is the bare UUID).
 */
export const UUID_PATTERN = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

export const CdsBody = Type.Object({
  hook: Text({ maxLength: 60 }),
  hookInstance: Text({ maxLength: 36, pattern: UUID_PATTERN, description: 'a UUID (CDS Hooks 2.0 §HTTP Request)' }),
  fhirServer: Type.Optional(Text({ maxLength: 500 })),
  // CDS Hooks 2.0 §Passing the Access Token to the CDS Service: access_token, token_type (fixed value
  // Bearer; OAuth 2.0 token types are case-insensitive, RFC 6749 §5.1), expires_in, scope and
  // subject are REQUIRED; patient is CONDITIONAL (a FHIR id). An incomplete one is a 400, not a token
  // sent on to the record system's FHIR server as if it were a bearer token.
  fhirAuthorization: Type.Optional(
    Type.Object({
      access_token: Text({ minLength: 1, maxLength: 4000 }),
      token_type: Text({ maxLength: 6, pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' }),
      expires_in: Type.Integer({ minimum: 0, maximum: 86_400 * 365 }),
      scope: Text({ maxLength: 2000 }),
      subject: Text({ maxLength: 200 }),
      patient: Type.Optional(Text({ maxLength: 64 })),
    }),
  ),
  context: Type.Object({
    // Both are REQUIRED by the hooks (CDS Hooks 2.0 order-select/order-sign context); a client that
    // omits them still gets advice from the prefetch, but an empty one is a malformed request (400).
    userId: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
    patientId: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
    encounterId: Type.Optional(Text({ maxLength: 200 })),
    selections: Type.Optional(Type.Array(Text({ maxLength: 200 }), { maxItems: 100 })),
    draftOrders: Type.Object({
      resourceType: Type.Literal('Bundle'),
      entry: Type.Optional(Type.Array(Type.Object({ resource: Type.Optional(AnyResource) }), { maxItems: 100 })),
    }),
  }),
  // prefetch.patient may be null or an OperationOutcome when the client could not prefetch it (2.0 allows both).
  prefetch: Type.Optional(
    Type.Object({
      patient: Type.Optional(
        Type.Union([
          Type.Object({
            resourceType: Text({ maxLength: 64 }),
            id: Type.Optional(Text({ maxLength: 64 })),
            birthDate: Type.Optional(Text({ maxLength: 30 })),
            gender: Type.Optional(Text({ maxLength: 30 })),
          }),
          Type.Null(),
        ]),
      ),
      user: Type.Optional(Type.Union([AnyResource, Type.Null()])),
      practitioner: Type.Optional(Type.Union([AnyResource, Type.Null()])),
    }),
  ),
});

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkString(v: unknown, field: string, max: number, out: FieldError[]) {
  if (v === undefined) return;
  if (typeof v !== 'string') out.push({ field, message: 'must be a string' });
  else if (v.length > max) out.push({ field, message: `must be at most ${max} characters` });
}

function checkConcept(v: unknown, field: string, out: FieldError[]) {
  if (v === undefined) return;
  if (!isObj(v)) return void out.push({ field, message: 'must be a CodeableConcept (object)' });
  checkString(v.text, `${field}.text`, 1000, out);
  if (v.coding === undefined) return;
  if (!Array.isArray(v.coding)) return void out.push({ field: `${field}.coding`, message: 'must be an array of Coding' });
  if (v.coding.length > 50) out.push({ field: `${field}.coding`, message: 'at most 50 codings' });
  for (const [i, c] of v.coding.entries()) {
    if (!isObj(c)) out.push({ field: `${field}.coding.${i}`, message: 'must be a Coding (object)' });
    else for (const k of ['system', 'code', 'display'] as const) checkString(c[k], `${field}.coding.${i}.${k}`, 500, out);
  }
}

/**
 * Checks the ServiceRequests among the draft orders for the FHIR R4 types of the fields Radvis
 * reads (id, code, reasonCode, note, subject, contained), and for elements with neither a value nor
 * children anywhere in them (R4 ele-1, `"code": {}`). Throws Invalid (400, OperationOutcome) naming
 * each wrong field, e.g. `code.coding` given as an object instead of an array.
 */
export function checkDraftOrders(entries: { resource?: Record<string, unknown> }[] | undefined): void {
  const out: FieldError[] = [];
  for (const [i, e] of (entries ?? []).entries()) {
    const r = e.resource;
    if (!r || r.resourceType !== 'ServiceRequest') continue;
    const at = `context.draftOrders.entry.${i}.resource`;
    // R4 ele-1: an element without a value or children (`"code": {}`) is not a FHIR element; advice
    // read from it would be advice from nothing.
    out.push(...emptyObjectProblems(r, at));
    checkString(r.id, `${at}.id`, 64, out);
    checkString(r.status, `${at}.status`, 40, out);
    // R4 ServiceRequest.status is bound (required) to request-status: another code is invalid FHIR.
    if (typeof r.status === 'string' && !REQUEST_STATUSES.includes(r.status))
      out.push({ field: `${at}.status`, message: `must be a request-status code (${REQUEST_STATUSES.join(', ')})` });
    checkString(r.intent, `${at}.intent`, 40, out);
    checkConcept(r.code, `${at}.code`, out);
    if (r.reasonCode !== undefined) {
      if (!Array.isArray(r.reasonCode) || r.reasonCode.length > 50)
        out.push({ field: `${at}.reasonCode`, message: 'must be an array of at most 50 CodeableConcept' });
      else r.reasonCode.forEach((c, j) => checkConcept(c, `${at}.reasonCode.${j}`, out));
    }
    if (r.note !== undefined) {
      if (!Array.isArray(r.note) || r.note.length > 50) out.push({ field: `${at}.note`, message: 'must be an array of at most 50 Annotation' });
      else
        r.note.forEach((n, j) =>
          isObj(n)
            ? checkString(n.text, `${at}.note.${j}.text`, MAX_NOTE_CHARS, out)
            : out.push({ field: `${at}.note.${j}`, message: 'must be an Annotation (object)' }),
        );
    }
    if (
      r.subject !== undefined &&
      !(
        isObj(r.subject) &&
        (r.subject.reference === undefined || typeof r.subject.reference === 'string') &&
        (r.subject.type === undefined || typeof r.subject.type === 'string') &&
        (r.subject.identifier === undefined || isObj(r.subject.identifier))
      )
    )
      out.push({ field: `${at}.subject`, message: 'must be a Reference' });
    if (r.contained !== undefined && !Array.isArray(r.contained)) out.push({ field: `${at}.contained`, message: 'must be an array of resources' });
  }
  if (out.length > 0) throw new Invalid(`Invalid draft order: ${out.map((f) => `${f.field} ${f.message}`).join('; ')}`, out);
}

/**
 * The selections (order-select 1.0 context.selections: "The FHIR id of the newly selected
 * order(s)", which "references FHIR resources in the draftOrders Bundle") that name no resource of
 * the draft orders, as `{type}/{id}` or a bare id of any order type. Empty when every one does.
 */
export function unselectable(selections: readonly string[], entries: readonly { resource?: Record<string, unknown> }[] | undefined): string[] {
  const names = new Set<string>();
  for (const e of entries ?? []) {
    const r = e.resource;
    if (r && typeof r.id === 'string') {
      names.add(`${String(r.resourceType)}/${r.id}`);
      names.add(r.id);
    }
  }
  return selections.filter((s) => !names.has(s));
}

/** One feedback entry as the schema of `POST /cds-services/{id}/feedback` admits it. */
export interface FeedbackEntry {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: { system?: string; code: string; display?: string }; userComment?: string };
  outcomeTimestamp: string;
}

/**
 * The rules between the fields of each feedback entry (CDS Hooks 2.0 §Feedback; invariants
 * cds-fb-2 and cds-fb-3 of the HL7 CDSHooksFeedback logical model), as FieldErrors (empty: valid):
 * - `accepted` needs at least one acceptedSuggestions item (cds-fb-2: "If outcome is 'accepted',
 *   acceptedSuggestions SHALL be provided") and carries no overrideReason (the reason the user
 *   overrode a card; an accepted card was not overridden);
 * - `overridden` accepts no suggestion: a non-empty acceptedSuggestions contradicts the outcome, so
 *   the entry is refused rather than stored as an override with accepted suggestions;
 * - an overrideReason holds a reason, a userComment, or both (cds-fb-3);
 * - outcomeTimestamp is a real instant (the schema checks the form only), and not later than `now`
 *   plus FEEDBACK_CLOCK_SKEW_MS: it is when the action on the card was taken (§Feedback), so a time
 *   in the future cannot be true (as MPPS times and birth dates in the future are refused).
 */
/**
 * How far (ms) a CDS client's clock may run ahead of ours for a feedback outcomeTimestamp: five
 * minutes, the default skew the MPPS listener allows a modality (MPPS_CLOCK_SKEW_SECONDS, 300).
 */
export const FEEDBACK_CLOCK_SKEW_MS = 5 * 60_000;

export function feedbackProblems(entries: readonly FeedbackEntry[], now = new Date()): FieldError[] {
  const out: FieldError[] = [];
  entries.forEach((f, i) => {
    const at = `feedback.${i}`;
    if (f.outcome === 'accepted') {
      if (!f.acceptedSuggestions?.length) out.push({ field: `${at}.acceptedSuggestions`, message: 'required when outcome is accepted' });
      if (f.overrideReason !== undefined) out.push({ field: `${at}.overrideReason`, message: 'only with outcome overridden' });
    } else if (f.acceptedSuggestions?.length) {
      out.push({ field: `${at}.acceptedSuggestions`, message: 'not allowed when outcome is overridden (no suggestion was accepted)' });
    }
    if (f.overrideReason !== undefined && f.overrideReason.reason === undefined && f.overrideReason.userComment === undefined)
      out.push({ field: `${at}.overrideReason`, message: 'must hold a reason, a userComment or both' });
    const at_ = Date.parse(f.outcomeTimestamp);
    if (Number.isNaN(at_)) out.push({ field: `${at}.outcomeTimestamp`, message: 'not a valid date-time' });
    else if (at_ > now.getTime() + FEEDBACK_CLOCK_SKEW_MS) out.push({ field: `${at}.outcomeTimestamp`, message: 'in the future' });
  });
  return out;
}
