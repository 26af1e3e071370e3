// FHIR R4 ServiceRequest <-> a Radvis referral: reading what a record system sends (structure
// first, 400; then Radvis's rules, 422 — R4 http.html#create) and writing the resource we serve.
import { MAX_NOTE_CHARS, noteHasControlCharacters, noteTooLong } from '../../../shared/note.ts';
import type { ServiceRequest } from '@medplum/fhirtypes';
import {
  HPR_OID,
  isHprSystem,
  isPatientIdentifierSystem,
  PATIENT_IDENTIFIER_SYSTEMS,
  parsePatientIdentifier,
  patientIdentifierSystem,
  validateHpr,
} from '../../directory/identifiers.ts';
import type { FieldError } from '../../http/errors.ts';
import { instantRange, resourceInvariantProblems, structuralProblems, ZONE_SLACK_MS } from './definitions.ts';
import { narrativeProblems } from './narrative.ts';
import { localReference } from './reference.ts';

/** NCRP (Volven 7270), ICPC-2 (7170), ICD-10 (7110): see referrals/cds-hooks.ts for the sources. */
export const NCRP_OID = 'urn:oid:2.16.578.1.12.4.1.1.7270';
export const NCRP_SYSTEMS = [NCRP_OID, 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270-ncrp', 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270'];
export const ICPC2_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7170';
export const ICD10_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7110';

export type Urgency = 'emergency' | 'urgent' | 'routine' | 'planned';

/** R4 request-priority → Radvis urgency, and back. */
export const PRIORITY_TO_URGENCY: Record<string, Urgency> = { routine: 'routine', urgent: 'urgent', asap: 'urgent', stat: 'emergency' };
const URGENCY_TO_PRIORITY: Record<Urgency, string> = { routine: 'routine', planned: 'routine', urgent: 'urgent', emergency: 'stat' };

/** Radvis referral status → R4 request-status. */
export const REFERRAL_STATUS_TO_FHIR: Record<string, 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed'> = {
  draft: 'draft',
  submitted: 'active',
  accepted: 'active',
  info_requested: 'on-hold',
  scheduled: 'active',
  performed: 'active',
  reported: 'completed',
  returned: 'revoked',
  redirected: 'revoked',
  cancelled: 'revoked',
};

/**
 * R4 RequestIntent codes that are kinds of `order` (the code system's is-a hierarchy: order →
 * original-order, reflex-order, filler-order → instance-order). A referral is an order.
 */
export const ORDER_INTENTS = ['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'];

/** What Radvis keeps of a referral, as the FHIR mapping needs it. */
export interface ReferralView {
  id: string;
  version: number;
  updated_at: Date | string;
  patient_id: string;
  fnr: string;
  given_name: string;
  family_name: string;
  exam_code: string;
  exam_name: string;
  department_org_id: string;
  department_name: string;
  referrer_person_id: string;
  referrer_hpr: string | null;
  referrer_given_name: string;
  referrer_family_name: string;
  indication_system: string | null;
  indication_code: string | null;
  clinical_question: string | null;
  clinical_note: string | null;
  urgency: Urgency;
  status: string;
  submitted_at: Date | string | null;
  /** authoredOn as the client sent it (migration 0390), or null: then the receipt time is served. */
  authored_on: string | null;
  identifier_system: string | null;
  identifier_value: string | null;
  fhir_resource: unknown;
}

/** meta.versionId / ETag value of a referral version (R4 http.html#versioning: ETag W/"vid"). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The ServiceRequest Radvis serves for a referral. Elements a record system sent that Radvis
 * does not model (extensions, extra identifiers, meta.profile …) are kept from the resource as
 * received; the elements Radvis owns (id, meta.versionId/lastUpdated, status, subject, requester,
 * performer) are always Radvis's current values. A stored narrative that is not the limited XHTML R4
 * allows (narrative.ts) is left out.
 */
export function toServiceRequest(r: ReferralView): ServiceRequest & { resourceType: 'ServiceRequest' } {
  const source = (r.fhir_resource && typeof r.fhir_resource === 'object' ? r.fhir_resource : {}) as Partial<ServiceRequest>;
  const lastUpdated = new Date(r.updated_at).toISOString();
  const own: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: { ...(source.meta ?? {}), versionId: String(r.version), lastUpdated },
    identifier: source.identifier ?? (r.identifier_value ? [{ system: r.identifier_system ?? undefined, value: r.identifier_value }] : undefined),
    status: REFERRAL_STATUS_TO_FHIR[r.status] ?? 'unknown',
    intent: (source.intent as ServiceRequest['intent']) ?? 'order',
    priority: URGENCY_TO_PRIORITY[r.urgency] as ServiceRequest['priority'],
    code: source.code ?? { coding: [{ system: NCRP_OID, code: r.exam_code, display: r.exam_name }], text: r.exam_name },
    subject: {
      reference: `Patient/${r.patient_id}`,
      identifier: { system: patientIdentifierSystem(r.fnr), value: r.fnr },
      display: `${r.given_name} ${r.family_name}`,
    },
    // When the referrer wrote it: the client's own authoredOn when it sent one, else the receipt time.
    authoredOn: r.authored_on ?? (r.submitted_at ? new Date(r.submitted_at).toISOString() : undefined),
    requester: {
      reference: `Practitioner/${r.referrer_person_id}`,
      ...(r.referrer_hpr ? { identifier: { system: HPR_OID, value: r.referrer_hpr } } : {}),
      display: `${r.referrer_given_name} ${r.referrer_family_name}`,
    },
    performer: [{ reference: `Organization/${r.department_org_id}`, display: r.department_name }],
    reasonCode:
      source.reasonCode ??
      (r.indication_code
        ? [
            {
              coding: [{ system: r.indication_system === 'ICD-10' ? ICD10_SYSTEM : ICPC2_SYSTEM, code: r.indication_code }],
              text: r.clinical_question ?? undefined,
            },
          ]
        : r.clinical_question
          ? [{ text: r.clinical_question }]
          : undefined),
    note: source.note ?? (r.clinical_note ? [{ text: r.clinical_note }] : undefined),
    // R4 security.html#narrative: active content is never passed on. Create refuses it (txt-1), but a
    // referral stored before that check may hold one: such a narrative is left out, not served.
    text:
      source.text && (typeof source.text.div !== 'string' || narrativeProblems(source.text.div, 'ServiceRequest.text.div').length > 0)
        ? undefined
        : source.text,
  };
  const out = { ...source, ...own } as ServiceRequest & { resourceType: 'ServiceRequest' };
  for (const k of Object.keys(out) as (keyof ServiceRequest)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export interface ParsedServiceRequest {
  /** The first identifier with a system and a value (kept in referral.identifier_system/_value). */
  identifier: { system: string; value: string };
  /**
   * Every identifier with a value, in the order sent, duplicates removed (system null = sent
   * without one): each is stored, searchable and makes a retry the same referral.
   */
  identifiers: { system: string | null; value: string }[];
  /** Fødselsnummer or D-number (digits only). */
  patientNumber: string;
  /**
   * Every patient number the subject names (digits only, distinct, `patientNumber` first): a
   * contained Patient's identifiers in use and a subject.identifier beside it. They must all name
   * one patient (checked where they are resolved; 422 otherwise).
   */
  patientNumbers: string[];
  examCode: string;
  /** The receiving department: every performer names it (R4: performers are alternatives). */
  departmentId: string;
  requesterHpr: string;
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string };
  question: string | null;
  note: string | null;
  urgency: Urgency;
  /**
   * The Patient id a relative `subject.reference` (`Patient/{id}`) names beside subject.identifier,
   * and the Practitioner id a relative `requester.reference` names: a relative reference is a
   * resource on this server (R4 references.html#literal), so it must name the same one as the
   * identifier (checked where both are resolved). Absolute and `#` references are the sender's own.
   */
  subjectId?: string;
  requesterId?: string;
  /** The resource as received, without what the server assigns (id, meta.versionId/lastUpdated). */
  resource: Record<string, unknown>;
  /**
   * authoredOn as the client sent it (`text`) and the first instant it may mean (`at`); absent when
   * it sent none (then the receipt time stands for it). Never in the future (AUTHORED_ON_SKEW_MS).
   */
  authoredOn?: { text: string; at: Date };
}

/** How far ahead of the server's clock a client's authoredOn may be (clock skew between systems): 5 minutes. */
export const AUTHORED_ON_SKEW_MS = 5 * 60_000;

/**
 * The problem with a client's authoredOn (a valid R4 dateTime, checked by the structure check), or
 * undefined: it may not lie surely in the future — its first possible instant (a value without a
 * zone may be ZONE_SLACK_MS earlier) after `now` + AUTHORED_ON_SKEW_MS. A referral cannot have been
 * written after it was received; a 422 (business rule), not a 400 (valid FHIR).
 */
export function authoredOnProblem(text: string, now: Date): FieldError | undefined {
  const r = instantRange(text);
  if (!r) return undefined;
  const earliest = r.lo - (r.zoned ? 0 : ZONE_SLACK_MS);
  if (earliest > now.getTime() + AUTHORED_ON_SKEW_MS)
    return { field: 'ServiceRequest.authoredOn', message: `in the future (${text}); a referral is written before it is sent` };
  return undefined;
}

/** The id of a relative literal reference `{type}/{id}` (R4 references.html#literal), or undefined. */
export function relativeReferenceId(reference: string | undefined, type: string): string | undefined {
  return reference === undefined ? undefined : new RegExp(`^${type}/([A-Za-z0-9.-]{1,64})(?:/_history/[A-Za-z0-9.-]{1,64})?$`).exec(reference)?.[1];
}

/**
 * The R4 value sets with a required binding on the ServiceRequest elements Radvis reads
 * (servicerequest.html: status → request-status, intent → request-intent, priority →
 * request-priority). A code outside them is invalid FHIR (400), not a rule rejection (422).
 */
export const REQUIRED_BINDINGS: Readonly<Record<'status' | 'intent' | 'priority', readonly string[]>> = {
  status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
  intent: ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
  priority: ['routine', 'urgent', 'asap', 'stat'],
};

function requiredBindingProblems(r: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, codes] of Object.entries(REQUIRED_BINDINGS)) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'string' || !codes.includes(v)))
      out.push({ field: `ServiceRequest.${k}`, message: `must be one of ${codes.join(', ')} (required binding)` });
  }
  return out;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

type IdentifierLike = { use?: unknown; system?: unknown; value?: unknown; period?: unknown };

/**
 * True when an Identifier is not in use at `now` (R4 datatypes.html#Identifier): `use` "old" ("the
 * identifier id no longer considered valid, but may be relevant for search purposes"), or a
 * `period` ("time period when id is/was valid for use") that ended before `now` or starts after it.
 * An unreadable period date is not taken as ended.
 */
export function identifierNotInUse(i: IdentifierLike, now: Date): boolean {
  if (i.use === 'old') return true;
  if (!isObj(i.period)) return false;
  // A partial date covers its whole year, month or day (R4 datatypes.html#dateTime): a period
  // ending on 2020-01-01 (or in 2020-01, or in 2020) ends when that day (month, year) is over; one
  // starting then starts at its beginning. A dateTime with a time carries its zone (R4).
  const at = (v: unknown, end: boolean): number | null => {
    if (typeof v !== 'string') return null;
    const partial = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
    if (partial) {
      const [y, m, d] = [Number(partial[1]), partial[2] ? Number(partial[2]) - 1 : null, partial[3] ? Number(partial[3]) : null];
      const from = Date.UTC(y, m ?? 0, d ?? 1);
      if (!end) return from;
      return Date.UTC(y + (m === null ? 1 : 0), m === null ? 0 : m + (d === null ? 1 : 0), d === null ? 1 : d + 1) - 1;
    }
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  };
  const end = at(i.period.end, true);
  const start = at(i.period.start, false);
  return (end !== null && end < now.getTime()) || (start !== null && start > now.getTime());
}

/** The patient identifiers (Norwegian patient systems, with a value) among `ids` that are in use at `now`. */
function currentPatientIdentifiers(ids: IdentifierLike[], now: Date): { system: string; value: string }[] {
  return ids
    .filter((x) => isPatientIdentifierSystem(x.system) && typeof x.value === 'string' && x.value !== '')
    .filter((x) => !identifierNotInUse(x, now))
    .map((x) => ({ system: x.system as string, value: x.value as string }));
}

/**
 * Replaces a subject that references a contained Patient by that Patient's identifier and drops
 * the Patient from `contained`. Only the identifiers in use count (`identifierNotInUse`: a D-number
 * marked old beside the current fødselsnummer does not decide who the patient is). Every current
 * patient identifier of the contained Patient — and a subject.identifier sent beside the contained
 * reference — is returned in `subjectIdentifiers`: they must all name one patient (checked where
 * they are resolved). 400 when the contained Patient is malformed; 422 when it has no Norwegian
 * patient identifier in use, or when other contained resources are sent (Radvis keeps none).
 */
function takeContainedSubject(
  raw: Record<string, unknown>,
  now: Date,
):
  | { ok: true; body: Record<string, unknown>; subjectIdentifiers: { system: string; value: string }[] }
  | { ok: false; status: 400 | 422; errors: FieldError[] } {
  const subject = raw.subject;
  if (raw.contained === undefined) {
    const given = isObj(subject) && isObj(subject.identifier) ? currentPatientIdentifiers([subject.identifier], now) : [];
    return { ok: true, body: raw, subjectIdentifiers: given };
  }
  if (!Array.isArray(raw.contained))
    return { ok: false, status: 400, errors: [{ field: 'ServiceRequest.contained', message: 'must be an array of resources' }] };
  const ref = isObj(subject) && typeof subject.reference === 'string' && subject.reference.startsWith('#') ? subject.reference.slice(1) : null;
  const rest: unknown[] = [];
  let patient: Record<string, unknown> | null = null;
  for (const [i, c] of raw.contained.entries()) {
    if (!isObj(c) || typeof c.resourceType !== 'string')
      return { ok: false, status: 400, errors: [{ field: `ServiceRequest.contained[${i}]`, message: 'must be a resource' }] };
    if (c.resourceType === 'Patient' && ref !== null && c.id === ref) patient = c;
    else rest.push(c);
  }
  if (rest.length)
    return {
      ok: false,
      status: 422,
      errors: [{ field: 'ServiceRequest.contained', message: 'only the subject Patient may be contained; other contained resources are not kept by Radvis' }],
    };
  if (!patient)
    return { ok: false, status: 422, errors: [{ field: 'ServiceRequest.subject.reference', message: 'must reference the contained Patient (#id)' }] };
  const ids = patient.identifier;
  if (
    ids !== undefined &&
    (!Array.isArray(ids) ||
      ids.some(
        (x) =>
          !isObj(x) ||
          (x.system !== undefined && typeof x.system !== 'string') ||
          (x.value !== undefined && typeof x.value !== 'string') ||
          (x.use !== undefined && typeof x.use !== 'string') ||
          (x.period !== undefined && !isObj(x.period)),
      ))
  )
    return { ok: false, status: 400, errors: [{ field: 'ServiceRequest.contained.Patient.identifier', message: 'must be an array of Identifier' }] };
  const current = currentPatientIdentifiers((ids as IdentifierLike[] | undefined) ?? [], now);
  if (current.length === 0)
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'ServiceRequest.contained.Patient.identifier',
          message: `the contained Patient needs the fødselsnummer (${PATIENT_IDENTIFIER_SYSTEMS[0]}), D-number (${PATIENT_IDENTIFIER_SYSTEMS[1]}) or FH-nummer (${PATIENT_IDENTIFIER_SYSTEMS[2]}) in use (not use "old", not outside its period)`,
        },
      ],
    };
  const { contained: _c, ...body } = raw;
  const { reference: _r, identifier: given, ...subjectRest } = subject as Record<string, unknown>;
  // A subject.identifier beside the contained reference names the patient too: it must agree.
  const alongside = isObj(given) ? currentPatientIdentifiers([given], now) : [];
  const first = alongside[0] ?? current[0]!;
  return {
    ok: true,
    body: { ...body, subject: { ...subjectRest, identifier: { system: first.system, value: first.value } } },
    subjectIdentifiers: [...alongside, ...current],
  };
}

export type ParseResult = { ok: true; value: ParsedServiceRequest } | { ok: false; status: 400 | 422; errors: FieldError[] };

/**
 * Reads a ServiceRequest a record system sends. 400 when it is not a structurally valid R4
 * ServiceRequest (wrong JSON types, unknown elements, bad primitives, empty arrays, a Period
 * ending before it starts — contained resources included); 422 when it is valid FHIR
 * but breaks Radvis's rules (an active order with an identifier, the patient's fødselsnummer or
 * D-number, an NCRP code, the receiving department, the referrer's HPR number). Every problem
 * is named with its FHIRPath location. `base` is this server's FHIR base (…/fhir): a reference
 * given as an absolute URL under it is read as the relative one.
 */
export function parseServiceRequest(body: unknown, now = new Date(), base?: string): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, status: 400, errors: [{ field: 'ServiceRequest', message: 'the body must be a JSON object' }] };
  const raw = body as Record<string, unknown>;
  if (raw.resourceType !== 'ServiceRequest')
    return { ok: false, status: 400, errors: [{ field: 'ServiceRequest.resourceType', message: 'must be ServiceRequest' }] };
  // Empty arrays and Periods ending before they start (json.html, per-1), checked on the body as
  // sent: the contained Patient is taken out below, and its identifiers' periods decide which are in use.
  const invariants = resourceInvariantProblems(raw);
  if (invariants.length) return { ok: false, status: 400, errors: invariants };
  // A subject given as a contained Patient (`subject.reference: "#p"`, R4 references.html#contained):
  // its fødselsnummer / D-number / FH-nummer identifies the patient. Radvis keeps no contained
  // resources (the patient is its own), so the Patient is taken out before the structure check.
  const contained = takeContainedSubject(raw, now);
  if (!contained.ok) return { ok: false, status: contained.status, errors: contained.errors };
  const structure = [...structuralProblems(contained.body), ...requiredBindingProblems(contained.body)];
  if (structure.length) return { ok: false, status: 400, errors: structure };
  // R4 references.html#literal: an absolute URL under this server's base (`base`, …/fhir) names the
  // same resource as the relative reference, so subject, requester and performer are read relative.
  const sr = localReferences(contained.body as unknown as ServiceRequest, base);
  // The note: the same documented limit as at every door (src/shared/note.ts) — bad input (400), not a rule.
  const noteText = [...(sr.reasonCode ?? []).map((r) => r.text ?? ''), ...(sr.note ?? []).map((n) => n.text ?? '')].filter(Boolean).join('. ');
  if (noteTooLong(noteText)) return { ok: false, status: 400, errors: [{ field: 'ServiceRequest.note', message: `longer than ${MAX_NOTE_CHARS} characters` }] };
  if (noteHasControlCharacters(noteText))
    return { ok: false, status: 400, errors: [{ field: 'ServiceRequest.note', message: 'control characters other than tab and line breaks' }] };
  const errors: FieldError[] = [];
  // A referral sent to the department is an active order; drafts stay in the sender's system.
  errors.push(...modifierProblems(sr));
  if (sr.status !== 'active') errors.push({ field: 'ServiceRequest.status', message: 'must be active (a sent referral)' });
  if (!sr.intent || !ORDER_INTENTS.includes(sr.intent))
    errors.push({ field: 'ServiceRequest.intent', message: `must be order or a kind of order (${ORDER_INTENTS.join(', ')})` });
  const identifier = sr.identifier?.find((i) => i.system && i.value);
  if (!identifier) errors.push({ field: 'ServiceRequest.identifier', message: 'an identifier with system and value is required' });
  const identifiers = distinctIdentifiers(sr.identifier ?? []);
  const subj = sr.subject?.identifier;
  let patientNumber: string | undefined;
  if (!subj)
    errors.push({
      field: 'ServiceRequest.subject.identifier',
      message:
        "the patient's fødselsnummer (urn:oid:2.16.578.1.12.4.1.4.1), D-number (urn:oid:2.16.578.1.12.4.1.4.2) or FH-nummer (urn:oid:2.16.578.1.12.4.1.4.3) is required, as subject.identifier or a contained Patient",
    });
  else {
    const p = parsePatientIdentifier(subj.system, subj.value);
    if (p.ok) patientNumber = p.number;
    else errors.push({ field: 'ServiceRequest.subject.identifier', message: p.reason });
  }
  // Every other identifier naming the subject (a contained Patient's, in use) must be a valid number too.
  const patientNumbers = patientNumber === undefined ? [] : [patientNumber];
  for (const other of contained.subjectIdentifiers) {
    const p = parsePatientIdentifier(other.system, other.value);
    if (!p.ok) errors.push({ field: 'ServiceRequest.contained.Patient.identifier', message: p.reason });
    else if (!patientNumbers.includes(p.number)) patientNumbers.push(p.number);
  }
  errors.push(...subjectTypeProblems(sr.subject));
  const coding = sr.code?.coding?.find((c) => c.system && NCRP_SYSTEMS.includes(c.system) && c.code);
  if (!coding?.code) errors.push({ field: 'ServiceRequest.code', message: 'an NCRP coding (urn:oid:2.16.578.1.12.4.1.1.7270) is required' });
  // R4 datatypes.html#CodeableConcept: the codings of one concept are translations of one meaning.
  // Two different NCRP codes are two exams, not one: refused rather than taking the first.
  const ncrpCodes = [...new Set((sr.code?.coding ?? []).filter((c) => c.system && NCRP_SYSTEMS.includes(c.system) && c.code).map((c) => c.code!))];
  if (ncrpCodes.length > 1)
    errors.push({
      field: 'ServiceRequest.code.coding',
      message: `codings of one code must mean the same exam; got the NCRP codes ${ncrpCodes.join(' and ')} (send one ServiceRequest per exam)`,
    });
  errors.push(...performerProblems(sr.performer));
  const req = sr.requester?.identifier;
  let requesterHpr: string | undefined;
  if (!req || !isHprSystem(req.system) || !req.value)
    errors.push({ field: 'ServiceRequest.requester.identifier', message: `the referrer's HPR number (${HPR_OID}) is required` });
  else {
    const h = validateHpr(req.value);
    if (h.ok) requesterHpr = h.value;
    else errors.push({ field: 'ServiceRequest.requester.identifier.value', message: h.reason });
  }
  const priority = sr.priority ?? 'routine';
  const authoredOnError = sr.authoredOn === undefined ? undefined : authoredOnProblem(sr.authoredOn, now);
  if (authoredOnError) errors.push(authoredOnError);
  if (errors.length) return { ok: false, status: 422, errors };
  let indication: ParsedServiceRequest['indication'];
  for (const rc of sr.reasonCode ?? [])
    for (const c of rc.coding ?? [])
      if (!indication && c.code && (c.system === ICPC2_SYSTEM || c.system === ICD10_SYSTEM))
        indication = { system: c.system === ICPC2_SYSTEM ? 'ICPC-2' : 'ICD-10', code: c.code };
  const { id: _id, meta, ...rest } = contained.body as { id?: unknown; meta?: Record<string, unknown> };
  const keptMeta = meta ? Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'versionId' && k !== 'lastUpdated')) : undefined;
  return {
    ok: true,
    value: {
      identifier: { system: identifier!.system!, value: identifier!.value! },
      identifiers,
      patientNumber: patientNumber!,
      patientNumbers,
      examCode: coding!.code!,
      departmentId: sr.performer![0].reference!.slice('Organization/'.length),
      requesterHpr: requesterHpr!,
      indication,
      question:
        (sr.reasonCode ?? [])
          .map((r) => r.text)
          .filter(Boolean)
          .join('. ') || null,
      note:
        (sr.note ?? [])
          .map((n) => n.text)
          .filter(Boolean)
          .join('\n') || null,
      urgency: PRIORITY_TO_URGENCY[priority],
      subjectId: relativeReferenceId(sr.subject?.reference, 'Patient'),
      requesterId: relativeReferenceId(sr.requester?.reference, 'Practitioner'),
      resource: { ...rest, ...(keptMeta && Object.keys(keptMeta).length ? { meta: keptMeta } : {}) },
      ...(sr.authoredOn !== undefined && instantRange(sr.authoredOn)
        ? { authoredOn: { text: sr.authoredOn, at: new Date(instantRange(sr.authoredOn)!.lo) } }
        : {}),
    },
  };
}

/** `sr` with subject, requester and every performer reference made relative when it lies under `base` (reference.ts localReference). */
function localReferences(sr: ServiceRequest, base: string | undefined): ServiceRequest {
  if (!base) return sr;
  const local = <T extends { reference?: string }>(r: T | undefined): T | undefined =>
    r && typeof r.reference === 'string' ? { ...r, reference: localReference(r.reference, base) } : r;
  return {
    ...sr,
    ...(sr.subject ? { subject: local(sr.subject) } : {}),
    ...(sr.requester ? { requester: local(sr.requester) } : {}),
    ...(Array.isArray(sr.performer) ? { performer: sr.performer.map((p) => local(p)!) } : {}),
  };
}

/**
 * Radvis files referrals for one patient: a subject whose `type` (R4 references.html#Reference:
 * "the expected type of the target of the reference") or relative reference names another
 * resource type — Group (several people), Location, Device, or a type ServiceRequest.subject does
 * not allow at all (Practitioner) — is refused (422), not filed under the patient its identifier
 * happens to carry. Empty when the subject is a Patient (or says nothing of its type).
 */
export function subjectTypeProblems(subject: { type?: string; reference?: string } | undefined): FieldError[] {
  const out: FieldError[] = [];
  if (subject?.type !== undefined && subject.type !== 'Patient' && subject.type !== 'http://hl7.org/fhir/StructureDefinition/Patient')
    out.push({ field: 'ServiceRequest.subject.type', message: `must be Patient: Radvis files referrals for one patient, not a ${subject.type}` });
  const typed =
    subject?.reference === undefined ? null : /^(?:.*\/)?([A-Z][A-Za-z]+)\/[A-Za-z0-9.-]{1,64}(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/.exec(subject.reference);
  if (typed && typed[1] !== 'Patient')
    out.push({ field: 'ServiceRequest.subject.reference', message: `must reference a Patient: Radvis files referrals for one patient, not a ${typed[1]}` });
  return out;
}

/** Identifiers with a value, in the order sent, each system|value once (system null = none sent). */
function distinctIdentifiers(ids: { system?: string; value?: string }[]): { system: string | null; value: string }[] {
  const seen = new Set<string>();
  const out: { system: string | null; value: string }[] = [];
  for (const i of ids) {
    if (!i.value) continue;
    const key = `${i.system ?? ''}|${i.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ system: i.system || null, value: i.value });
  }
  return out;
}

const DEPARTMENT_REFERENCE = /^Organization\/[A-Za-z0-9.-]{1,64}$/;

/**
 * ServiceRequest.performer (R4 servicerequest.html: several performers are "alternative performers
 * without any preference regardless of order"). Radvis routes a referral to one receiving
 * department, so every performer must be a reference Organization/{id}, and they must all name the
 * same one (checked here); that it is a known department is checked where it is resolved. The
 * answer never depends on the order: every performer is checked, each problem named by its index.
 */
export function performerProblems(performers: { reference?: string }[] | undefined): FieldError[] {
  if (!performers?.length) return [{ field: 'ServiceRequest.performer', message: 'a reference Organization/{id} to the receiving department is required' }];
  const out: FieldError[] = [];
  performers.forEach((p, i) => {
    if (!p.reference || !DEPARTMENT_REFERENCE.test(p.reference))
      out.push({
        // One performer: named as before (ServiceRequest.performer); several: by index.
        field: performers.length === 1 ? 'ServiceRequest.performer' : `ServiceRequest.performer[${i}]`,
        message: 'must be a reference Organization/{id} to the receiving department',
      });
  });
  const departments = new Set(performers.map((p) => p.reference).filter((r) => r && DEPARTMENT_REFERENCE.test(r)));
  if (out.length === 0 && departments.size > 1)
    out.push({
      field: 'ServiceRequest.performer',
      message: `names ${departments.size} different departments; Radvis routes a referral to one receiving department (send one performer)`,
    });
  return out;
}

/**
 * Modifier elements Radvis does not act on, anywhere in a received ServiceRequest (contained
 * resources included): R4 ElementDefinition.isModifier elements change what the resource means,
 * so they are refused (422) rather than stored as an ordinary referral — `doNotPerform: true` ("the
 * service should NOT be performed"), any `modifierExtension` (R4 extensibility.html#modifierExtension:
 * a system SHALL refuse modifier extensions it does not understand; Radvis understands none) and
 * `implicitRules` (rules "which must be understood when processing the content"). Empty when none.
 */
export function modifierProblems(resource: unknown): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'modifierExtension' && Array.isArray(x) && x.length > 0)
        out.push({ field: `${path}.modifierExtension`, message: 'modifier extensions are not understood by Radvis and are refused' });
      else if (k === 'implicitRules' && x !== undefined)
        out.push({ field: `${path}.implicitRules`, message: 'implicit rules are not understood by Radvis and are refused' });
      else if (k === 'doNotPerform' && x === true && path === 'ServiceRequest')
        out.push({ field: 'ServiceRequest.doNotPerform', message: 'an order not to perform the exam is not a referral' });
      else walk(x, `${path}.${k}`);
    }
  };
  walk(resource, 'ServiceRequest');
  return out;
}
