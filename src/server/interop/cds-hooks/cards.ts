// HL7 CDS Hooks 2.0 service: referral advice inside any record system. `order-select` and
// `order-sign` take draft FHIR R4 ServiceRequests and answer with exactly one card per draft
// order to a covered exam (none for exams no topic covers). Pure mapping; routes.ts stores.
import crypto from 'node:crypto';
import type { Facts } from '../../../shared/facts.ts';
import { MAX_NOTE_CHARS, noteTooLong } from '../../../shared/note.ts';
import type { ReferrerKind } from '../../db/schema.ts';
import { isPatientIdentifierSystem, parsePatientIdentifier, patientDemographics } from '../../directory/identifiers.ts';
import { advise } from '../../guidelines/advise.ts';
import { checkReferralRights } from '../../guidelines/engine.ts';
import type { Advice, GuidelinePack } from '../../guidelines/types.ts';
import { Invalid, localeOf, type FieldError } from '../../http/errors.ts';
import { PreconditionFailed } from '../../referrals/errors.ts';
import { examFromText } from '../../referrals/exam-text.ts';
import { OVERRIDE_REASONS, offeredOverrideReasons } from '../../referrals/override-reasons.ts';
import { identifierNotInUse, modifierProblems } from '../fhir/service-request.ts';
import { allowedFhirServer, readFhirResource, type FhirBase } from './fhir-server.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';

/**
 * NCRP (Volven 7270). The OID is what Norwegian messages use; HL7 Norway's kodeverk IG
 * (github.com/HL7Norway/kodeverk, CodeSystem no-kodeverk-7270-ncrp v0.4.1, identifier
 * urn:oid:2.16.578.1.12.4.1.1.7270) gives the canonical URL; its earlier draft used
 * no-kodeverk-7270. We answer with the OID and accept all three.
 */
export const NCRP_OID = 'urn:oid:2.16.578.1.12.4.1.1.7270';
export const NCRP_SYSTEMS = [NCRP_OID, 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270-ncrp', 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-7270'];
export const ICPC2_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7170';
export const ICD10_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7110';
export const isNcrpSystem = (s: string | undefined) => !!s && NCRP_SYSTEMS.includes(s);

export const SERVICES = [
  {
    hook: 'order-select',
    id: 'radvis-imaging-order-select',
    title: 'Radvis henvisningsråd (bildediagnostikk)',
    description: 'Nasjonale henvisningsråd for bildediagnostikk mens bestillingen velges (order-select).',
    // The user too (Practitioner or PractitionerRole): their referral rights decide some cards (user.ts).
    prefetch: { patient: 'Patient/{{context.patientId}}', user: '{{context.userId}}' },
  },
  {
    hook: 'order-sign',
    id: 'radvis-imaging-order-sign',
    title: 'Radvis henvisningsråd ved signering',
    description: 'Nasjonale henvisningsråd for bildediagnostikk før bestillingen signeres (order-sign).',
    prefetch: { patient: 'Patient/{{context.patientId}}', user: '{{context.userId}}' },
  },
] as const;

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface ServiceRequest {
  resourceType: 'ServiceRequest';
  id?: string;
  status?: string;
  intent?: string;
  code?: CodeableConcept;
  reasonCode?: CodeableConcept[];
  note?: { text?: string }[];
  subject?: { reference?: string; type?: string; identifier?: unknown };
  contained?: unknown[];
  [k: string]: unknown;
}
export interface CdsRequest {
  hook: string;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: { access_token?: string; token_type?: string };
  context: {
    userId?: string;
    patientId?: string;
    selections?: string[];
    draftOrders?: { resourceType?: string; entry?: { resource?: { resourceType?: string } & Record<string, unknown> }[] };
  };
  prefetch?: {
    patient?: { resourceType?: string; birthDate?: string; gender?: string; identifier?: unknown } | null;
    user?: Record<string, unknown> | null;
    practitioner?: Record<string, unknown> | null;
  };
}

export interface Catalog {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
}

/**
 * The exam of a draft order: an NCRP coding (a code not in the catalogue gives no card), or
 * free text in code.text (or a coding's display) matched against catalogue names — "MR kne",
 * "MR av venstre kne", "MRI knee" → SNG0AG. Unsure → null → no card, rather than a guess.
 */
export function examCodeOf(sr: ServiceRequest, catalog: readonly Catalog[]): string | null {
  const coded = sr.code?.coding?.find((c) => isNcrpSystem(c.system) && c.code);
  if (coded?.code) return catalog.some((c) => c.code === coded.code) ? coded.code : null;
  const text = sr.code?.text ?? sr.code?.coding?.find((c) => c.display)?.display ?? '';
  return examFromText(text, catalog);
}

function indicationOf(sr: ServiceRequest): { system: 'ICPC-2' | 'ICD-10'; code: string } | undefined {
  for (const rc of sr.reasonCode ?? []) {
    for (const c of rc.coding ?? []) {
      if (c.system === ICPC2_SYSTEM && c.code) return { system: 'ICPC-2', code: c.code };
      if (c.system === ICD10_SYSTEM && c.code) return { system: 'ICD-10', code: c.code };
    }
  }
  return undefined;
}

function textOf(sr: ServiceRequest): string {
  // draftOrders is the client's JSON: anything that is not a list of texts is no text (not a 500).
  const texts = (list: unknown) => (Array.isArray(list) ? list.map((x: { text?: unknown } | null) => (typeof x?.text === 'string' ? x.text : '')) : []);
  return [...texts(sr.reasonCode), ...texts(sr.note)].filter(Boolean).join('. ');
}

/**
 * Why a FHIR `date` (YYYY, YYYY-MM or YYYY-MM-DD; FHIR R4 §2.24.0.1 datatypes) cannot be a birth
 * date at `now`: 'not-a-date' when it names no calendar day (2026-02-31, month 13), 'in-the-future'
 * when it lies after today (UTC) at its own precision; null when it is a possible birth date. The
 * caller has checked the shape (digits and dashes).
 */
export function birthDateProblem(birthDate: string, now: Date): 'not-a-date' | 'in-the-future' | null {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (m !== undefined && (m < 1 || m > 12)) return 'not-a-date';
  if (d !== undefined && (d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())) return 'not-a-date';
  const today = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  const given = [y, m, d];
  for (let i = 0; i < 3 && given[i] !== undefined; i++) {
    if (given[i]! > today[i]) return 'in-the-future';
    if (given[i]! < today[i]) return null;
  }
  return null;
}

function ageFrom(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < (d || 1))) age--;
  return age;
}

const INDICATOR: Record<Advice['rating'], 'info' | 'warning' | 'critical'> = {
  appropriate: 'info',
  may_be_appropriate: 'info',
  usually_not_appropriate: 'warning',
  needs_information: 'warning',
  not_allowed: 'critical',
};

export interface CardResult {
  card: Record<string, unknown>;
  advice: Advice;
  examCode: string;
  facts: Facts;
}

/** Text placed inside markdown link text: no brackets that would end the link early. */
function mdText(s: string) {
  return s.replace(/[[\]]/g, '');
}

function truncate(s: string, n: number) {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/**
 * The draft orders that get advice: for order-select only the selected ones, each with its exam.
 * A draft carrying a modifier element Radvis does not act on (`doNotPerform: true`, any
 * `modifierExtension`, `implicitRules`; FHIR R4 ElementDefinition.isModifier, the same check as
 * the FHIR door's 422, `modifierProblems`) gets no advice: an order NOT to perform an MR knee is
 * no MR knee, and a modifier Radvis does not understand may change what the order means (R4
 * extensibility.html#modifierExtension). CDS Hooks 2.0 §CDS Service Response: a service with no
 * decision support for the user answers 200 with no card for it; the other drafts of the same
 * call are advised as usual, and nothing is recorded for the skipped one. The same for an order whose
 * status is not `draft` (the hooks' draftOrders are drafts).
 */
export function ordersToAdvise(req: CdsRequest, catalog: readonly Catalog[]): { sr: ServiceRequest; examCode: string; index: number }[] {
  const entries = req.context.draftOrders?.entry ?? [];
  const selected = req.hook === 'order-select' ? new Set(req.context.selections ?? []) : null;
  const out: { sr: ServiceRequest; examCode: string; index: number }[] = [];
  for (const [index, e] of entries.entries()) {
    const sr = e.resource as ServiceRequest | undefined;
    if (!sr || sr.resourceType !== 'ServiceRequest') continue;
    if (selected && !(sr.id && (selected.has(`ServiceRequest/${sr.id}`) || selected.has(sr.id)))) continue;
    // order-select / order-sign 1.0: draftOrders are orders "with draft status". One whose status says
    // otherwise (active, entered-in-error …) is not being selected or signed: no card, nothing logged.
    // A code outside request-status was refused before (checkDraftOrders); a missing status is read as draft.
    if (sr.status !== undefined && sr.status !== 'draft') continue;
    if (modifierProblems(sr).length > 0) continue;
    refuseOtherSubject(draftSubjectProblem(sr, req.context.patientId), index);
    // The note (reasonCode texts and notes) has the same documented limit as at every other door.
    if (noteTooLong(textOf(sr)))
      throw new Invalid(`The note of ServiceRequest/${sr.id ?? ''} is longer than ${MAX_NOTE_CHARS} characters`, [
        { field: 'context.draftOrders', message: `note longer than ${MAX_NOTE_CHARS} characters` },
      ]);
    const examCode = examCodeOf(sr, catalog);
    if (examCode) out.push({ sr, examCode, index });
  }
  return out;
}

/**
 * Refuses the call when a draft order is not the context patient's (CDS Hooks 2.0 §HTTP Response:
 * 412, "unable to retrieve the necessary FHIR data to execute its decision logic" — Radvis has the
 * context patient's record only, as for a prefetched Patient of another id, `contextPatient`), so
 * no advice is ever computed from the context patient's age and sex for someone else's order.
 */
function refuseOtherSubject(problem: string | null, index: number): void {
  if (problem)
    throw new PreconditionFailed(`${problem}; Radvis advises from the context patient's record only (context.patientId)`, [
      { field: `context.draftOrders.entry.${index}.resource.subject`, message: problem },
    ]);
}

/**
 * Why a draft order's subject is not the context patient (order-select / order-sign 1.0:
 * `patientId` is "the FHIR Patient.id of the current patient in context" and the draft orders are
 * that patient's; R4 ServiceRequest.subject is "on whom the service is to be performed"), or null
 * when it is, or the draft does not say by reference: a `subject.type` other than Patient (R4
 * Reference.type), a literal reference (relative or absolute) to another resource type, or to a
 * Patient with another id than `patientId`, or `#id` naming a contained resource that is not a
 * Patient. Identifiers are compared once the context patient is known (`draftIdentifierProblem`).
 */
export function draftSubjectProblem(sr: ServiceRequest, patientId: string | undefined): string | null {
  const subject = sr.subject;
  if (!subject) return null;
  const label = `ServiceRequest/${sr.id ?? ''}`;
  if (typeof subject.type === 'string' && subject.type !== 'Patient' && subject.type !== 'http://hl7.org/fhir/StructureDefinition/Patient')
    return `${label} is for a ${subject.type}, not for the patient in context`;
  const ref = subject.reference;
  if (typeof ref !== 'string') return null;
  if (ref.startsWith('#')) {
    const c = (Array.isArray(sr.contained) ? sr.contained : []).find((x) => isRecord(x) && x.id === ref.slice(1));
    return isRecord(c) && c.resourceType !== 'Patient' ? `${label} is for a ${String(c.resourceType)}, not for the patient in context` : null;
  }
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/.exec(ref);
  if (!m) return null;
  if (m[1] !== 'Patient') return `${label} is for a ${m[1]}, not for the patient in context`;
  const own = patientId?.replace(/^Patient\//, '');
  return own !== undefined && m[2] !== own ? `${label} is for another patient than context.patientId` : null;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The Norwegian patient numbers among `ids` that are in use now (R4 Identifier.use / period). */
function patientNumbers(ids: unknown, now: Date): string[] {
  if (!Array.isArray(ids)) return [];
  return ids
    .filter(isRecord)
    .filter((i) => isPatientIdentifierSystem(i.system) && typeof i.value === 'string')
    .filter((i) => !identifierNotInUse(i, now))
    .map((i) => (i.value as string).replace(/\s/g, ''));
}

/**
 * Why a draft order's subject, named by a Norwegian patient identifier (subject.identifier, or the
 * identifiers of a contained Patient it references), is not the context patient `patient`: both
 * name patient numbers in use and none is the same. Null when they share one, or either names none.
 */
export function draftIdentifierProblem(sr: ServiceRequest, patient: { identifier?: unknown }, now: Date): string | null {
  const subject = sr.subject;
  if (!subject) return null;
  const contained =
    typeof subject.reference === 'string' && subject.reference.startsWith('#')
      ? (Array.isArray(sr.contained) ? sr.contained : []).find((x) => isRecord(x) && x.resourceType === 'Patient' && x.id === subject.reference!.slice(1))
      : undefined;
  const named = [
    ...patientNumbers(subject.identifier === undefined ? [] : [subject.identifier], now),
    ...patientNumbers(isRecord(contained) ? contained.identifier : [], now),
  ];
  const own = patientNumbers(patient.identifier, now);
  if (named.length === 0 || own.length === 0 || named.some((n) => own.includes(n))) return null;
  return `ServiceRequest/${sr.id ?? ''} is for another patient than the patient in context (its patient identifier differs)`;
}

/** True when some order may get a card, i.e. the patient is needed (uncovered exams never need it). */
export function needsPatient(pack: GuidelinePack, orders: { examCode: string }[], referrerKind: ReferrerKind | null): boolean {
  return orders.some((o) => pack.byExam.has(o.examCode) || !checkReferralRights(pack, referrerKind, o.examCode).allowed);
}

/**
 * True when the referral rights of the user decide the answer for some order: its exam lies
 * outside the limited list of some referrer kind (content/codes/referral-rights.yaml). Then an
 * unknown user cannot be given ordinary advice (interop case 08: PractitionerRole bypass).
 */
export function rightsMatter(pack: GuidelinePack, orders: { examCode: string }[]): boolean {
  return orders.some((o) => needsFullRights(pack, o.examCode));
}

/**
 * True when only full referral rights cover the exam: it lies outside the limited list of some
 * referrer kind (content/codes/referral-rights.yaml), so who orders it decides whether they may.
 */
export function needsFullRights(pack: GuidelinePack, examCode: string): boolean {
  return Object.values(pack.rights.limited).some((l) => l && !l.examCodes.has(examCode));
}

/**
 * Deny by default (least rights): the card for an order whose exam needs full referral rights when
 * the user's rights could not be confirmed — a named `Practitioner/{id}` or `PractitionerRole/{id}`
 * that neither our directory, prefetch.user nor the allowed fhirServer tells us about. Radvis then
 * gives clinical advice only and says so (critical: the order needs a right nobody vouched for).
 * This card stands alone for an order no advice covers; an advice card says it itself
 * (`withLeastRights`). Texts from src/shared/i18n/cds-rights.ts in `locale` (see cardLocale).
 */
export function unconfirmedRightsCard(examName: string, topicUrl: string, locale: Locale = 'nb'): Record<string, unknown> {
  return {
    uuid: crypto.randomUUID(),
    summary: truncate(translate(locale, 'cdsRights.summary', { exam: examName }), 139),
    detail: translate(locale, 'cdsRights.detail', { exam: examName }),
    indicator: 'critical',
    source: { label: translate(locale, 'cdsRights.source'), url: topicUrl },
    extension: { radvis: { topic: 'henvisningsrett', referralRights: 'unconfirmed' } },
  };
}

/**
 * An advice card as an unconfirmed user gets it for an exam that needs full referral rights (least
 * rights): critical, its detail saying first that the rights are not confirmed (the summary and
 * the advice itself stay: advice only), no suggestion that orders another exam needing full rights (a
 * 'delete' suggestion — withdraw the order — stays), and `extension.radvis.referralRights:
 * 'unconfirmed'`. The topic, rating and facts are the advice's own.
 */
export function withLeastRights(pack: GuidelinePack, card: Record<string, unknown>, examName: string, locale: Locale = 'nb'): Record<string, unknown> {
  type Action = { type?: string; resource?: { code?: { coding?: { code?: string }[] } } };
  const ordersRights = (a: Action) => a.type !== 'delete' && (a.type !== 'update' || needsFullRights(pack, a.resource?.code?.coding?.[0]?.code ?? ''));
  const suggestions = ((card.suggestions as { actions?: Action[] }[] | undefined) ?? []).filter((sg) => !(sg.actions ?? []).some(ordersRights));
  const { suggestions: _dropped, selectionBehavior: _behaviour, ...rest } = card;
  const extension = (card.extension ?? {}) as { radvis?: Record<string, unknown> };
  return {
    ...rest,
    detail: `**${translate(locale, 'cdsRights.summary', { exam: examName })}.** ${translate(locale, 'cdsRights.detail', { exam: examName })}\n\n${String(card.detail ?? '')}`,
    indicator: 'critical',
    ...(suggestions.length ? { suggestions, selectionBehavior: 'at-most-one' } : {}),
    extension: { ...extension, radvis: { ...(extension.radvis ?? {}), referralRights: 'unconfirmed' } },
  };
}

/** 412 when the user's referral rights are needed and could not be found (CDS Hooks 2.0 §HTTP Status Codes). */
export function userRequired(userId: string | undefined): PreconditionFailed {
  return new PreconditionFailed(
    `The user's referral rights are needed for this order: send prefetch.user (the ${userId ?? 'context.userId'} resource, with HPR number or HPR category), or a fhirServer Radvis is allowed to read it from`,
    [{ field: 'prefetch.user', message: 'missing, or without HPR number or HPR category (Volven 9060)' }],
  );
}

/**
 * A Patient's Norwegian identifiers (fødselsnummer, D-number, FH-nummer OIDs) must be valid
 * numbers: a wrong check digit is bad input (400 OperationOutcome naming the identifier), as at
 * the FHIR door, never silently used or ignored. Identifiers of other systems are not checked.
 */
export function checkPatientIdentifiers(patient: { identifier?: unknown } | null | undefined): void {
  if (!patient || !Array.isArray(patient.identifier)) return;
  const errors: FieldError[] = [];
  patient.identifier.forEach((i: { system?: unknown; value?: unknown }, n) => {
    if (!isPatientIdentifierSystem(i?.system)) return;
    const r = parsePatientIdentifier(i.system, typeof i.value === 'string' ? i.value : undefined);
    if (!r.ok) errors.push({ field: `prefetch.patient.identifier.${n}.value`, message: r.reason });
  });
  if (errors.length) throw new Invalid(`Invalid patient identifier: ${errors.map((e) => e.message).join('; ')}`, errors);
}

/**
 * The language of a hook call's cards: English when the request's Accept-Language ranks it above
 * bokmål by q-value ("en", "en-GB, nb;q=0.5", "nb;q=0.2, en;q=0.9"), else bokmål (the default, also
 * without the header, for "*" and for a malformed one; http/accept-language.ts). CDS Hooks 2.0
 * (HL7 cds-hooks v2.0.1, "Calling a CDS Service") defines no language field in the request; the
 * call is an HTTP POST, so the client asks with HTTP's own Accept-Language (RFC 9110 §12.5.4), as
 * it already does for our OperationOutcomes (http/errors.ts localeOf) and as FHIR R4 suggests for
 * language negotiation (hl7.org/fhir/R4/languages.html).
 */
export function cardLocale(acceptLanguage: string | string[] | undefined): Locale {
  return localeOf(acceptLanguage);
}

/**
 * One card per draft order to a covered exam (CDS Hooks 2.0 §Card Attributes), its words in
 * `opts.locale` (bokmål by default): summary, detail, suggestions, override reasons and links from
 * the guideline content in that language (bokmål where the content has no English).
 */
export function cardsFor(
  pack: GuidelinePack,
  req: CdsRequest,
  catalog: readonly Catalog[],
  baseUrl: string,
  opts: { now?: Date; referrerKind?: ReferrerKind | null; locale?: Locale } = {},
): CardResult[] {
  const now = opts.now ?? new Date();
  const locale = opts.locale ?? 'nb';
  // Guideline text in the card's language; content without English falls back to bokmål.
  const tx = (x: { nb: string; en?: string }) => (locale === 'en' && x.en ? x.en : x.nb);
  const say = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
  const orders = ordersToAdvise(req, catalog);
  if (orders.length === 0 || !needsPatient(pack, orders, opts.referrerKind ?? null)) return [];
  const prefetched = req.prefetch?.patient;
  checkPatientIdentifiers(prefetched);
  // Birth date and sex from the Patient, or derived from its fødselsnummer / D-number when it has none.
  const derived = prefetched?.resourceType === 'Patient' && (!prefetched.birthDate || !prefetched.gender) ? patientDemographics(prefetched) : null;
  const patient =
    prefetched && derived
      ? {
          ...prefetched,
          birthDate: prefetched.birthDate ?? derived.birthDate ?? undefined,
          gender: prefetched.gender ?? (derived.sex === 'M' ? 'male' : derived.sex === 'F' ? 'female' : undefined),
        }
      : prefetched;
  if (!patient || patient.resourceType !== 'Patient' || !patient.birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(patient.birthDate)) {
    // CDS Hooks 2.0: a service that cannot obtain the data it needs SHALL answer 412.
    throw new PreconditionFailed(
      'The patient (with birthDate) is required: send prefetch.patient, or a fhirServer Radvis is allowed to read Patient/{context.patientId} from',
      [{ field: 'prefetch.patient', message: 'missing, not a Patient, or without birthDate' }],
    );
  }
  const dateProblem = birthDateProblem(patient.birthDate, now);
  if (dateProblem)
    throw new Invalid(
      dateProblem === 'not-a-date'
        ? 'Fødselsdatoen (Patient.birthDate) er ingen gyldig dato / Patient.birthDate is not a calendar date'
        : 'Fødselsdatoen (Patient.birthDate) ligger fram i tid / Patient.birthDate is in the future',
      [{ field: 'prefetch.patient.birthDate', message: dateProblem }],
    );
  // FHIR administrative gender: the advice rules know M and F; other/unknown is read as F so sex-specific topics are not silently skipped (documented gap).
  for (const { sr, index } of orders) refuseOtherSubject(draftIdentifierProblem(sr, patient, now), index);
  const sex: 'M' | 'F' = patient.gender === 'male' ? 'M' : 'F';
  const ageYears = ageFrom(patient.birthDate, now);
  const out: CardResult[] = [];
  for (const { sr, examCode } of orders) {
    const r = advise(
      pack,
      { examCode, patient: { ageYears, sex }, indication: indicationOf(sr), referrerKind: opts.referrerKind ?? undefined, facts: {}, text: textOf(sr) },
      { now },
    );
    if (!r.advice) continue;
    const a = r.advice;
    const topicUrl = `${baseUrl}/henvisningsrad/${a.topicId}`;
    const suggestions: Record<string, unknown>[] = [];
    if (a.alternative?.examCode && sr.id) {
      const alt = catalog.find((c) => c.code === a.alternative!.examCode);
      const altName = (locale === 'en' ? alt?.name_en : null) ?? alt?.name;
      suggestions.push({
        label: truncate(say('cdsCard.switchTo', { exam: altName ?? a.alternative.examCode }), 80),
        uuid: crypto.randomUUID(),
        isRecommended: true,
        actions: [
          {
            type: 'update',
            description: tx(a.alternative.text),
            resource: { ...sr, code: { coding: [{ system: NCRP_OID, code: a.alternative.examCode, display: alt?.name }], text: alt?.name } },
          },
        ],
      });
    } else if (a.alternative && sr.id && (a.alternative.kind === 'watchful_waiting' || a.alternative.kind === 'clinical')) {
      suggestions.push({
        label: truncate(
          a.alternative.kind === 'watchful_waiting'
            ? a.alternative.weeks
              ? say('cdsCard.waitWeeks', { weeks: a.alternative.weeks })
              : say('cdsCard.wait')
            : say('cdsCard.remove'),
          80,
        ),
        uuid: crypto.randomUUID(),
        // CDS Hooks 2.0 Action.resourceId: a relative reference (string).
        actions: [{ type: 'delete', description: tx(a.alternative.text), resourceId: `ServiceRequest/${sr.id}` }],
      });
    }
    const detail = [
      tx(a.explanation),
      a.missingFacts.length ? `\n\n**${say('cdsCard.missing')}:**\n${a.missingFacts.map((m) => `- ${tx(m.question)}`).join('\n')}` : '',
      a.assumptions?.length ? `\n\n**${say('cdsCard.assumes')}:** ${a.assumptions.map((x) => mdText(tx(x.text))).join('; ')}` : '',
      a.alternative ? `\n\n**${say('cdsCard.alternative')}:** ${tx(a.alternative.text)}` : '',
      a.sources.length
        ? `\n\n**${say('cdsCard.sources')}:** ${a.sources.map((s) => `[${mdText(s.title)}](${s.url}) (${mdText(s.publisher)}, ${s.year})`).join('; ')}`
        : '',
      a.reviewed ? '' : `\n\n_${say('cdsCard.notReviewed')}_`,
    ].join('');
    const card: Record<string, unknown> = {
      uuid: crypto.randomUUID(),
      summary: truncate(tx(a.summary), 139),
      detail,
      indicator: INDICATOR[a.rating],
      source: {
        label: a.sources[0] ? `${a.sources[0].publisher}: ${truncate(a.sources[0].title, 80)}` : say('cdsCard.source'),
        url: a.sources[0]?.url ?? topicUrl,
        topic: { system: 'https://radvis.no/henvisningsrad', code: a.topicId, display: tx(a.topicTitle) },
      },
      ...(suggestions.length ? { suggestions, selectionBehavior: 'at-most-one' } : {}),
      ...(offeredOverrideReasons(a.rating).length
        ? {
            overrideReasons: offeredOverrideReasons(a.rating).map((o) => ({
              system: o.system,
              code: o.code,
              display: OVERRIDE_REASONS.find((r) => r.code === o.code)!.display[locale],
            })),
          }
        : {}),
      links: [{ label: say('cdsCard.link', { topic: truncate(tx(a.topicTitle), 60) }), url: topicUrl, type: 'absolute' }],
      extension: {
        radvis: {
          rating: a.rating,
          score: a.score,
          topic: a.topicId,
          topicVersion: a.topicVersion,
          facts: r.facts,
          missingFacts: a.missingFacts.map((m) => m.id),
        },
      },
    };
    out.push({ card, advice: a, examCode, facts: r.facts });
  }
  return out;
}

type PrefetchedPatient = NonNullable<NonNullable<CdsRequest['prefetch']>['patient']>;

/**
 * The context patient in what a client prefetched (CDS Hooks 2.0 §Prefetch: the template
 * `Patient/{{context.patientId}}` gives the resource; a client may also answer a search such as
 * `Patient?_id={{context.patientId}}` with a searchset Bundle). A Patient whose id is not
 * `context.patientId` is another person's record and is never used; a Bundle is used when it holds
 * exactly one such Patient. null / OperationOutcome / anything else: undefined (not prefetched —
 * Radvis then reads it from fhirServer or answers 412).
 */
export function contextPatient(prefetched: unknown, patientId: string | undefined): PrefetchedPatient | undefined {
  if (typeof prefetched !== 'object' || prefetched === null || Array.isArray(prefetched)) return undefined;
  const p = prefetched as { resourceType?: unknown; id?: unknown; entry?: unknown };
  const mine = (r: { resourceType?: unknown; id?: unknown }) =>
    r.resourceType === 'Patient' && (patientId === undefined || r.id === undefined || r.id === patientId || r.id === patientId.replace(/^Patient\//, ''));
  if (p.resourceType === 'Patient') return mine(p) ? (p as PrefetchedPatient) : undefined;
  if (p.resourceType === 'Bundle' && Array.isArray(p.entry)) {
    const patients = p.entry
      .map((e) => (typeof e === 'object' && e !== null ? (e as { resource?: unknown }).resource : undefined))
      .filter(
        (r): r is { resourceType?: unknown; id?: unknown } =>
          typeof r === 'object' && r !== null && (r as { resourceType?: unknown }).resourceType === 'Patient',
      );
    return patients.length === 1 && mine(patients[0]!) ? (patients[0] as PrefetchedPatient) : undefined;
  }
  return undefined;
}

/**
 * CDS Hooks lets a client skip prefetch and give `fhirServer` (+ `fhirAuthorization`) instead;
 * then the service reads `Patient/{context.patientId}` itself — only from a server on the
 * normalized allow-list (fhir-server.ts). Returns the request with prefetch.patient filled, or
 * unchanged when it was already there or cannot be fetched (cardsFor then answers 412).
 */
export async function withPatient(req: CdsRequest, allowList: readonly FhirBase[], timeoutMs = 3000): Promise<CdsRequest> {
  if (req.prefetch?.patient?.birthDate || !req.fhirServer || !req.context.patientId) return req;
  const base = allowedFhirServer(req.fhirServer, allowList);
  if (!base) return req;
  const patient = contextPatient(
    await readFhirResource(base, 'Patient', req.context.patientId, req.fhirAuthorization?.access_token, timeoutMs),
    req.context.patientId,
  );
  if (!patient) return req;
  return { ...req, prefetch: { ...req.prefetch, patient } };
}
