// Writing and sending referrals with advice (app API). A referral cannot be sent while the
// advice needs information; "usually not appropriate" needs an override reason or acceptance of
// the alternative; chiropractors and manual therapists are held to their referral rights.
// The referral, the decision and the access-log row are written in one transaction.
import { MY_REFERRALS_PAGE_SIZE, type MyReferralsPage, type MyReferralsQuery, type ReferralDetail } from '../../shared/api/referrals.ts';
import { CLOSE_REASONS, type CloseReason } from '../../shared/api/assessment.ts';
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { FACT_BY_ID, type Facts } from '../../shared/facts.ts';
import type { Principal } from '../auth/principal.ts';
import { actorFromPrincipal, logAccess, logListAccess } from '../audit/access-log.ts';
import { parseInboxSearch } from '../assessment/inbox.ts';
import { searchCondition } from '../assessment/store.ts';
import { gated, logReferralSearch, referralCondition, requirePatient, requireReferral, type Who } from '../access/gate.ts';
import type { DB, Urgency } from '../db/schema.ts';
import { ageOn } from '../directory/identifiers.ts';
import * as directory from '../directory/store.ts';
import { advise, type AdviceResult } from '../guidelines/advise.ts';
import { contextOf, selectTopic } from '../guidelines/engine.ts';
import { Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { Unprocessable } from './errors.ts';
import { isOverrideCode } from './override-reasons.ts';
import type { GuidelinePack } from '../guidelines/types.ts';
import { receiveReferral } from './receive.ts';
import * as store from './store.ts';

type Indication = { system: 'ICPC-2' | 'ICD-10'; code: string };

export interface DraftInput {
  draftId?: string;
  examCode: string;
  patient: { ageYears: number; sex: 'M' | 'F' };
  indication?: Indication;
  text?: string;
  facts?: Facts;
}

/** The text the free-text reader sees: clinical question, then the note (as the form joins them). */
export function clinicalText(question: string | undefined | null, note: string | undefined | null): string | undefined {
  return [question?.trim(), note?.trim()].filter(Boolean).join('. ') || undefined;
}

function cleanFacts(facts: Facts | undefined): Facts {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts ?? {})) {
    const def = FACT_BY_ID.get(k);
    if (!def) throw new Invalid(`Ukjent opplysning «${k}» / Unknown fact “${k}”`, [{ field: `facts.${k}`, message: 'ukjent / unknown' }]);
    if (v === null || v === undefined || v === '') continue;
    const ok =
      def.type === 'boolean'
        ? typeof v === 'boolean'
        : def.type === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string' && (def.values ?? []).includes(v);
    if (!ok)
      throw new Invalid(`Ugyldig verdi for «${def.label.nb}» / Invalid value for “${def.label.en}”`, [
        { field: `facts.${k}`, message: `må være / must be ${def.type === 'enum' ? (def.values ?? []).join(', ') : def.type}` },
      ]);
    out[k] = v;
  }
  return out as Facts;
}

/** The facts a topic asks for, with their questions, for the referral form. */
export function topicQuestions(topicFacts: string[]) {
  return topicFacts.map((id) => {
    const d = FACT_BY_ID.get(id)!;
    return { id, type: d.type, values: d.values && [...d.values], unit: d.unit, label: d.label, question: d.question };
  });
}

/**
 * The advice for a draft under `pack` (the guideline pack in effect: app.guidelines.current().pack).
 * `known` is every catalogue fact the note and the answers settle, with what follows from them as
 * the engine reads it: the catalogue's implications and the topic's red flags (guidelines/derive.ts;
 * "nedsatt kraft ved dorsalfleksjon" is a neurological deficit, so the red-flag question is answered
 * yes). The form shows the questions' answers from it, so they never disagree with the advice.
 */
export function adviceForDraft(
  pack: GuidelinePack,
  p: Principal,
  input: DraftInput,
  now = new Date(),
): AdviceResult & { questions: ReturnType<typeof topicQuestions>; known: Facts } {
  const facts = cleanFacts(input.facts);
  const result = advise(
    pack,
    { examCode: input.examCode, patient: input.patient, indication: input.indication, referrerKind: p.referrerKind, facts, text: input.text },
    { now },
  );
  const topic = selectTopic(pack, {
    examCode: input.examCode,
    patient: input.patient,
    indication: input.indication,
    referrerKind: p.referrerKind,
    facts: result.facts,
  });
  const ctx = contextOf(
    { examCode: input.examCode, patient: input.patient, indication: input.indication, referrerKind: p.referrerKind, facts: result.facts },
    topic ?? undefined,
  );
  const known: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx)) if (v !== undefined && v !== null && FACT_BY_ID.has(k)) known[k] = v;
  return { ...result, questions: topic ? topicQuestions(topic.facts) : [], known: known as Facts };
}

/**
 * Stores the advice shown for a draft — not on every debounced call, but when the outcome changed
 * for that draft (exam, topic, topic version, rating or the missing facts). Without a draft id
 * nothing is stored (the form always sends one).
 */
export async function recordDraftAdvice(db: Kysely<DB> | Transaction<DB>, p: Principal, draftId: string | undefined, examCode: string, r: AdviceResult) {
  if (!draftId || !r.advice) return;
  const last = await store.lastAdviceForDraft(db, draftId, p.userId);
  const missing = r.advice.missingFacts.map((m) => m.id);
  if (
    last &&
    last.exam_code === examCode &&
    last.topic_id === r.advice.topicId &&
    last.topic_version === r.advice.topicVersion &&
    last.rating === r.advice.rating &&
    JSON.stringify(last.missing_facts) === JSON.stringify(missing)
  )
    return;
  await store.insertAdviceEvents(db, [
    {
      source: 'app',
      userId: p.userId,
      client: null,
      draftId,
      hookInstance: null,
      cardUuid: null,
      referralId: null,
      examCode,
      topicId: r.advice.topicId,
      topicVersion: r.advice.topicVersion,
      rating: r.advice.rating,
      score: r.advice.score,
      facts: r.facts,
      missingFacts: missing,
    },
  ]);
}

/** The access gate's view of a logged-in user calling the app API. */
function userWho(p: Principal, client: string | null): Who {
  return { kind: 'user', principal: p, ip: client };
}

export interface AdviceRequest {
  draftId?: string;
  examCode: string;
  /** Either the patient (read, entitlement as for referral writing, access logged) or age and sex. */
  patientId?: string;
  patient?: { ageYears: number; sex: 'M' | 'F' };
  indication?: Indication;
  clinicalQuestion?: string;
  text?: string;
  facts?: Facts;
  urgency?: Urgency;
}

/** An advice text for a refusal: "nb / en" when the guideline has English, else the Norwegian alone. */
function bilingual(t: { nb: string; en?: string }): string {
  return t.en ? `${t.nb} / ${t.en}` : t.nb;
}

/** POST /api/referrals/advice: the advice, what the reader understood, and the facts still missing. */
export async function adviceForRequest(db: Kysely<DB>, pack: GuidelinePack, p: Principal, input: AdviceRequest, client: string | null, now = new Date()) {
  if (!input.patientId && !input.patient)
    throw new Invalid('Oppgi pasienten (patientId) eller alder og kjønn / Give the patient (patientId) or age and sex', [
      { field: 'patient', message: 'patientId eller patient påkrevd / patientId or patient required' },
    ]);
  const text = clinicalText(input.clinicalQuestion, input.text);
  const run = async (trx: Kysely<DB> | Transaction<DB>, patient: { ageYears: number; sex: 'M' | 'F' }) => {
    const r = adviceForDraft(pack, p, { examCode: input.examCode, patient, indication: input.indication, text, facts: input.facts }, now);
    await recordDraftAdvice(trx, p, input.draftId, input.examCode, r);
    // Silent mode (issue 11, guidelines/authoring): the advice is recorded above, not shown.
    const shown = r.advice?.silent ? null : r.advice;
    return {
      advice: shown,
      // What the note and the answers say, with what follows from it (see adviceForDraft).
      facts: r.known,
      understood: r.extracted.spans,
      analysedText: text ?? '',
      missingFacts: shown?.missingFacts ?? [],
      questions: r.questions,
    };
  };
  if (!input.patientId) return run(db, input.patient!);
  const patientId = input.patientId;
  // Reading the patient (age and sex) goes through the access gate like every other door.
  return gated(db, async (trx) => {
    const row = await directory.findPatientById(trx, patientId);
    if (!row) throw new NotFound('Fant ikke pasienten / No such patient', [{ field: 'patientId', message: 'finnes ikke / does not exist' }]);
    await requirePatient(trx, userWho(p, client), row.id, 'refer', 'referral-advice', 'Patient', now);
    return run(trx, { ageYears: ageOn(row.birth_date, now), sex: row.sex });
  });
}

export interface SubmitInput {
  draftId?: string;
  patientId: string;
  examCode: string;
  departmentId: string;
  indication?: Indication;
  clinicalQuestion: string;
  text?: string;
  facts?: Facts;
  urgency: Urgency;
  contraindications?: { pregnant?: boolean; egfr?: number; pacemaker?: boolean; metalImplant?: boolean; contrastAllergy?: boolean };
  decision?: { kind: 'override'; reasonCode: string; reasonText?: string } | { kind: 'accept_alternative' };
}

export type SubmitResult =
  | { id: string; examCode: string; decision: store.Decision; advice: AdviceResult['advice'] }
  | { id: null; withdrawn: true; decision: 'withdrawn'; alternative: NonNullable<AdviceResult['advice']>['alternative'] };

/**
 * Sends a referral. Checked in this order, and nothing is stored unless every check passes:
 * referrer role, exam code, receiving department, patient, referral rights (403), required facts
 * (422 naming them), and for "usually not appropriate" an override reason or acceptance of the
 * alternative. Accepting an alternative exam sends the referral for that exam; accepting watchful
 * waiting / clinical follow-up withdraws it (a 'withdrawn' decision is stored, no referral).
 * The referral, the decision, the advice event and the access-log row share one transaction.
 */
export async function submitReferral(
  db: Kysely<DB>,
  pack: GuidelinePack,
  p: Principal,
  input: SubmitInput,
  client: string | null,
  now = new Date(),
): Promise<SubmitResult> {
  const referrerGrant = p.grants.find((g) => g.role === 'referrer');
  if (!referrerGrant) throw new Forbidden('Du har ikke rollen henviser / You do not hold the referrer role');
  if (!(await store.examCodeExists(db, input.examCode)))
    throw new Invalid(`Ukjent undersøkelseskode ${input.examCode} / Unknown exam code ${input.examCode}`, [
      { field: 'examCode', message: 'finnes ikke i NCRP-katalogen / not in the NCRP catalogue' },
    ]);
  const dept = await store.receivingDepartment(db, input.departmentId);
  if (!dept)
    throw new Invalid('Mottaker må være en radiologisk avdeling eller et institutt / The recipient must be a radiology department or institute', [
      { field: 'departmentId', message: 'ukjent mottaker / unknown recipient' },
    ]);
  const patient = await directory.findPatientById(db, input.patientId);
  if (!patient) throw new NotFound('Fant ikke pasienten / No such patient', [{ field: 'patientId', message: 'finnes ikke / does not exist' }]);
  // Writing a referral reads the patient: the access gate decides (and logs) before anything is stored.
  await gated(db, (trx) => requirePatient(trx, userWho(p, client), patient.id, 'refer', 'referral-submit', 'Patient', now));
  const patientInput = { ageYears: ageOn(patient.birth_date, now), sex: patient.sex };
  const text = clinicalText(input.clinicalQuestion, input.text);

  let examCode = input.examCode;
  let result = adviceForDraft(pack, p, { examCode, patient: patientInput, indication: input.indication, text, facts: input.facts }, now);
  let decision: store.Decision = 'followed';
  let reasonCode: string | null = null;
  let reasonText: string | null = null;
  // A topic in silent mode neither blocks nor asks: its advice is kept with the referral (the
  // baseline), not shown (issue 11).
  const advice = result.advice?.silent ? null : result.advice;
  // Limited referral rights (chiropractors, manual therapists): refused with the reason.
  if (advice?.rating === 'not_allowed') throw new Forbidden(bilingual(advice.explanation));
  if (advice?.rating === 'needs_information') {
    throw new Unprocessable(
      `Henvisningen kan ikke sendes før disse opplysningene er med: ${advice.missingFacts.map((m) => m.question.nb).join(' ')} / The referral cannot be sent until the required facts are present: ${advice.missingFacts.map((m) => m.question.en).join(' ')}`,
      advice.missingFacts.map((m) => ({ field: `facts.${m.id}`, message: bilingual(m.question) })),
    );
  }
  if (advice?.rating === 'usually_not_appropriate') {
    const d = input.decision;
    if (!d) {
      throw new Unprocessable(
        'Rådet er «vanligvis ikke egnet». Velg det foreslåtte alternativet eller oppgi en begrunnelse for å sende likevel. / The advice is “usually not appropriate”. Choose the suggested alternative or give a reason to send anyway.',
        [{ field: 'decision', message: 'begrunnelse eller alternativ påkrevd / a reason or the alternative is required' }],
      );
    }
    if (d.kind === 'override') {
      if (!isOverrideCode(d.reasonCode))
        throw new Invalid('Ukjent begrunnelse / Unknown reason', [{ field: 'decision.reasonCode', message: 'ukjent kode / unknown code' }]);
      decision = 'overridden';
      reasonCode = d.reasonCode;
      reasonText = d.reasonText?.trim() || null;
    } else {
      const alt = advice.alternative;
      if (!alt)
        throw new Unprocessable('Rådet har ikke noe alternativ å velge; oppgi en begrunnelse / The advice has no alternative to choose; give a reason', [
          { field: 'decision', message: 'ingen alternativ / no alternative' },
        ]);
      if (!alt.examCode) {
        // Watchful waiting or clinical follow-up: the referral is withdrawn, the decision kept.
        await db.transaction().execute(async (trx) => {
          await store.insertDecision(trx, {
            referralId: null,
            userId: p.userId,
            topicId: advice.topicId,
            topicVersion: advice.topicVersion,
            rating: advice.rating,
            decision: 'withdrawn',
            reasonCode: alt.kind,
            reasonText: null,
            draftId: input.draftId ?? null,
            patientId: patient.id,
            examCode: input.examCode,
          });
          await logAccess(trx, actorFromPrincipal(p, client, ['referrer']), [
            { patientId: patient.id, resourceType: 'Patient', resourceId: patient.id, action: 'read', context: 'referral-withdrawn' },
          ]);
        });
        return { id: null, withdrawn: true, decision: 'withdrawn', alternative: alt };
      }
      decision = 'alternative_accepted';
      examCode = alt.examCode;
      result = adviceForDraft(pack, p, { examCode, patient: patientInput, indication: input.indication, text, facts: input.facts }, now);
      // The alternative itself must be sendable by this referrer.
      if (result.advice?.rating === 'not_allowed') throw new Forbidden(bilingual(result.advice.explanation));
    }
  }

  const id = `ref-${crypto.randomUUID()}`;
  await db.transaction().execute(async (trx) => {
    await receiveReferral(
      trx,
      {
        id,
        patientId: patient.id,
        referrerPersonId: p.personId,
        referrerOrgId: referrerGrant.organizationId,
        departmentOrgId: dept.id,
        examCode,
        indication: input.indication,
        clinicalQuestion: input.clinicalQuestion,
        clinicalNote: input.text ?? null,
        urgency: input.urgency,
        facts: result.facts,
        contraindications: input.contraindications ?? {},
        advice: result.advice,
        lowValue: advice ? advice.rating === 'usually_not_appropriate' && decision === 'overridden' : null,
        patientAreaId: patient.area_id,
        patientAge: patientInput.ageYears,
        patientSex: patientInput.sex,
        source: 'app',
      },
      { userId: p.userId, personId: p.personId, role: 'referrer' },
      now,
    );
    if (advice) {
      await store.insertDecision(trx, {
        referralId: id,
        userId: p.userId,
        topicId: advice.topicId,
        topicVersion: advice.topicVersion,
        rating: advice.rating,
        decision,
        reasonCode,
        reasonText,
        draftId: input.draftId ?? null,
        patientId: patient.id,
        examCode: input.examCode,
      });
      await store.insertAdviceEvents(trx, [
        {
          source: 'app',
          userId: p.userId,
          client: null,
          draftId: input.draftId ?? null,
          hookInstance: null,
          cardUuid: null,
          referralId: id,
          examCode: input.examCode,
          topicId: advice.topicId,
          topicVersion: advice.topicVersion,
          rating: advice.rating,
          score: advice.score,
          facts: result.facts,
          missingFacts: [],
        },
      ]);
    }
    await logAccess(trx, actorFromPrincipal(p, client, ['referrer']), [
      { patientId: patient.id, resourceType: 'ServiceRequest', resourceId: id, action: 'create', context: 'referral-submit' },
    ]);
  });
  return { id, examCode, decision, advice: result.advice?.silent ? null : result.advice };
}

/** GET /api/referrals: the referrer's own referrals, newest first (one page), through the access gate. */
export async function myReferrals(db: Kysely<DB>, p: Principal, client: string | null, limit = 100) {
  const who = userWho(p, client);
  return db.transaction().execute(async (trx) => {
    const rows = await store.listReferralsBy(trx, { referrerPersonId: p.personId, limit, visible: await referralCondition(trx, who, 'r') });
    await logReferralSearch(trx, who, rows, 'my-referrals', ['referrer']);
    return rows.map((r) => ({ ...r, submitted_at: r.submitted_at ? new Date(r.submitted_at).toISOString() : null }));
  });
}

/**
 * GET /api/referrals/mine: one page of the referrer's own referrals (referrer_person_id = the
 * user), newest first, with the total that match — through the access gate's referral condition
 * as GET /api/referrals. `q` is a name, fødselsnummer or referral number (assessment/inbox.ts
 * parseInboxSearch; anything else → 400 Invalid); `status` filters. One access-log row for the page
 * (logListAccess, naming its patients; none for an empty page), never one per row.
 */
export async function myReferralsPage(db: Kysely<DB>, p: Principal, q: MyReferralsQuery, client: string | null): Promise<MyReferralsPage> {
  const search = parseInboxSearch(q.q);
  const limit = q.limit ?? MY_REFERRALS_PAGE_SIZE;
  const offset = q.offset ?? 0;
  const who = userWho(p, client);
  return db.transaction().execute(async (trx) => {
    const page = await store.myReferralsPage(
      trx,
      {
        referrerPersonId: p.personId,
        visible: await referralCondition(trx, who, 'r'),
        search: search && (await searchCondition(trx, search)),
        status: q.status,
      },
      { limit, offset },
    );
    // Which filters were used (their names, never their values: a name or number is personal data).
    const asked = (['q', 'status'] as const).filter((k) => q[k] !== undefined);
    await logListAccess(trx, actorFromPrincipal(p, client, ['referrer']), {
      patientIds: page.rows.map((r) => r.patient_id),
      resourceType: 'ServiceRequest',
      resourceId: asked.length ? `filter:${asked.join(',')}` : null,
      action: 'search',
      context: 'my-referrals',
    });
    return {
      total: page.total,
      limit,
      offset,
      rows: page.rows.map(({ ended, ...r }) => ({
        ...r,
        ended: endedView(ended),
        referral_number: Number(r.referral_number),
        submitted_at: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      })),
    };
  });
}

/** GET /api/referrals/{id}: one referral, if the access gate allows it (allowed and refused reads are logged). */
export async function readReferral(db: Kysely<DB>, p: Principal, id: string, client: string | null) {
  return gated(db, async (trx) => {
    const r = await store.getReferral(trx, id);
    if (!r) throw new NotFound('Fant ikke henvisningen / No such referral');
    await requireReferral(trx, userWho(p, client), r, 'read', 'referral-view');
    const { fhir_resource: _f, department_ancestor_ids: _a, ...rest } = r;
    // facts, contraindications and advice are stored JSON, written by this domain in these shapes.
    const json = rest as unknown as Pick<ReferralDetail, 'facts' | 'contraindications' | 'advice'>;
    return {
      ...rest,
      facts: json.facts,
      contraindications: json.contraindications,
      advice: json.advice,
      submitted_at: rest.submitted_at ? new Date(rest.submitted_at).toISOString() : null,
      updated_at: new Date(rest.updated_at).toISOString(),
    };
  });
}

/** The list's words for how a referral ended without an exam (JSON from the page query: an object on pg, maybe text on PGlite). */
function endedView(raw: { kind: string; reason: string | null } | string | null): MyReferralsPage['rows'][number]['ended'] {
  if (raw === null) return null;
  const e = typeof raw === 'string' ? (JSON.parse(raw) as { kind: string; reason: string | null }) : raw;
  if (e.kind === 'withdrawn') return { by: 'referrer', reason: null };
  return { by: 'department', reason: (CLOSE_REASONS as readonly string[]).includes(e.reason ?? '') ? (e.reason as CloseReason) : 'other' };
}
