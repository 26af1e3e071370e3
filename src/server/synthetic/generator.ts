// The deterministic synthetic Norwegian region: organizations, machines, referrers, patients
// and historical referrals with exams. Same seed and options → the same rows, always.
// Rows are produced in batches so 10 million referrals never sit in memory at once.
import { makeSyntheticFnr } from '../directory/identifiers.ts';
import { readReferenceData, type AreaRef, type MunicipalityRef } from '../directory/reference-data.ts';
import type { ModalityKind, OrganizationKind, ReferrerKind, ReferralStatus, Urgency } from '../db/schema.ts';
import {
  AGE_CLASS_WEIGHTS,
  EXAM_MIX,
  EXTRA_PRIVATE_HOSPITALS,
  FAMILY_NAMES,
  GIVEN_NAMES_F,
  GIVEN_NAMES_M,
  INSTITUTES,
  NOTE_CLOSINGS,
  NOTE_OPENINGS,
  NOTES,
  PRIVATE_HOSPITAL_AREAS,
  SITES,
  type ExamMix,
  type NoteScenario,
} from './region-data.ts';
import { Rng, Weighted } from './random.ts';
import { addWorkingDays, addWorkingDaysToInstant, osloDate } from '../calendar/norwegian-calendar.ts';
import { deadlineRule, suggestsCancerPathway } from '../assessment/deadline.ts';
import { advise, readingContext, type AdviceResult } from '../guidelines/advise.ts';
import { extractFacts } from '../guidelines/free-text/extract.ts';
import type { Extraction } from '../guidelines/free-text/types.ts';
import { loadGuidelinePack } from '../guidelines/loader.ts';
import type { Advice, AdviceInput, GuidelinePack } from '../guidelines/types.ts';
import { OVERRIDE_REASONS } from '../referrals/override-reasons.ts';
import type { CloseReason } from '../../shared/api/assessment.ts';

export interface GeneratorOptions {
  /** 'nord' | 'midt' | 'vest' | 'sor-ost' | 'norge' */
  scope: string;
  referrals: number;
  seed: number;
  /** End of the history; referrals are spread over the `years` years before it. */
  now: Date;
  /** Years of history (default 1). */
  years?: number;
  /**
   * The guideline pack whose advice the waiting referrals carry (the app's catalogue: main.ts
   * passes `guidelines.current().pack`). Absent: the pack is read from content/guidelines. Worker
   * threads (load.ts) cannot be handed a pack and read it from content/guidelines.
   */
  guidelines?: GuidelinePack;
  /**
   * The highest ids already used in referral_event and referral_message (default 0): the generated
   * rows take the ids after them, written explicitly so COPY does not call the sequences per row
   * (load.ts reads these before and moves the sequences past the rows after).
   */
  idBase?: { event: number; message: number };
  /**
   * Run the history through the advice engine too (default false): every referral of an exam a
   * guideline topic covers gets the advice its text, patient and referrer get from `advise()`, stored
   * as a sent referral stores it (see where referrals are made). The demo turns it on; the bulk
   * bench leaves it off (the free-text reading costs about a millisecond per distinct note).
   */
  historyAdvice?: boolean;
}

export interface OrgRow {
  id: string;
  kind: OrganizationKind;
  name: string;
  short_name: string | null;
  parent_id: string | null;
  region_id: string | null;
  area_id: string | null;
  municipality_number: string | null;
  org_number: string | null;
}
export interface ModalityRow {
  id: string;
  site_org_id: string;
  kind: ModalityKind;
  name: string;
  ae_title: string;
  opening_hours: string;
  shifts: number;
}
export interface AgreementRow {
  id: string;
  buyer_org_id: string;
  provider_org_id: string;
  modalities: string;
  annual_volume: number;
  valid_from: string;
  valid_to: string | null;
}
export interface PersonRow {
  id: string;
  hpr_number: string | null;
  given_name: string;
  family_name: string;
  profession: 'physician' | 'radiographer' | 'chiropractor' | 'manual_therapist' | 'secretary' | 'other';
  referrer_kind: ReferrerKind | null;
  email: string | null;
}
export interface PatientRow {
  id: string;
  fnr: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  municipality_number: string;
  gp_person_id: string | null;
}
export interface ReferralRow {
  id: string;
  patient_id: string;
  referrer_person_id: string;
  referrer_org_id: string;
  department_org_id: string;
  exam_code: string;
  indication_system: 'ICPC-2' | 'ICD-10' | null;
  indication_code: string | null;
  clinical_question: string | null;
  clinical_note: string | null;
  urgency: Urgency;
  status: ReferralStatus;
  low_value: boolean | null;
  patient_area_id: string;
  patient_age: number;
  patient_sex: 'M' | 'F';
  created_at: string;
  submitted_at: string;
  assessed_at: string | null;
  scheduled_at: string | null;
  performed_at: string | null;
  reported_at: string | null;
  source: 'synthetic';
  /** Advice snapshot (JSON) for referrals still waiting for assessment, as the inbox shows it. */
  advice: string | null;
  facts: string;
  /** The assessment deadline (YYYY-MM-DD), by the default rule of assessment/deadline.ts (§ 2-2). */
  assessment_due_date: string;
  /** Set on acceptance, as assessment/actions.ts does: a default priority category (assessment/priorities.ts) and the exam's due date. */
  priority_category: string | null;
  exam_due_date: string | null;
  assessed_by_person_id: string | null;
}
/**
 * One state change of a referral (referral_event), as the live path writes it: assessment/receipt.ts
 * (submitted), assessment/actions.ts (info_requested, info_answered, accepted, returned), booking
 * and scheduling/store.ts (scheduled, performed) and reporting/store.ts (reported).
 * See assessment/event-history.ts.
 */
export interface EventRow {
  id: number;
  referral_id: string;
  at: string;
  kind: string;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  actor_person_id: string | null;
  actor_role: string | null;
  reason_code: string | null;
  reason_text: string | null;
  /** JSON text, or null (the generator leaves it out: see where it makes the events). */
  data: string | null;
}
/** A message in a referral's thread (referral_message): the department's question and the referrer's answer. */
export interface MessageRow {
  id: number;
  referral_id: string;
  at: string;
  author_person_id: string | null;
  side: 'department' | 'referrer';
  body: string;
}
/** What a referrer can do with the advice when sending (referral_decision.decision, migration 0003). */
export type DecisionKind = 'followed' | 'overridden' | 'alternative_accepted' | 'withdrawn';
/**
 * What the referrer did with the advice shown when sending (referral_decision), as
 * referrals/service.ts#submitReferral stores it: 'followed'; for "usually not appropriate" advice
 * 'overridden' with a reason code (referrals/override-reasons.ts), 'alternative_accepted' (the
 * referral went to the advice's alternative exam; `exam_code` is the exam first asked for) or
 * 'withdrawn' (watchful waiting or clinical follow-up accepted: no referral, `referral_id` null,
 * `reason_code` the alternative's kind).
 */
export interface DecisionRow {
  referral_id: string | null;
  /** When the referral was sent, or would have been (ISO 8601). */
  at: string;
  topic_id: string;
  topic_version: string;
  rating: string;
  decision: DecisionKind;
  reason_code: string | null;
  patient_id: string;
  exam_code: string;
  /** The referral form's draft (the advice events of the same draft carry it). */
  draft_id: string;
}
/** A decision as the generator hands it to a sink (`at` in Unix milliseconds, camelCase fields). */
export interface DecisionDraft {
  referralId: string | null;
  at: number;
  topicId: string;
  topicVersion: string;
  rating: string;
  decision: DecisionKind;
  reasonCode: string | null;
  patientId: string;
  examCode: string;
  draftId: string;
}
/**
 * Advice shown in the referral form (advice_event, source 'app'), as the app writes it: one row
 * for the draft when the advice is first shown (referrals/service.ts#recordDraftAdvice: no
 * referral yet) and one when the referral is sent (submitReferral: the referral's id, the exam
 * first asked for and that exam's advice). No user (generated referrers have no accounts), no
 * missing facts (a sendable advice has none).
 */
export interface AdviceEventRow {
  /** ISO 8601. */
  at: string;
  source: 'app';
  draft_id: string;
  referral_id: string | null;
  exam_code: string;
  topic_id: string;
  topic_version: string;
  rating: string;
  score: number | null;
  /** JSON text: the facts the advice was given on. */
  facts: string;
}
/** An advice event as the generator hands it to a sink (`at` in Unix milliseconds). */
export type AdviceEventDraft = Omit<AdviceEventRow, 'at' | 'source'> & { at: number };
/** One batch of referral numbers with everything written for them. */
export interface ReferralBatch {
  referrals: ReferralRow[];
  exams: ExamRow[];
  events: EventRow[];
  messages: MessageRow[];
  decisions: DecisionRow[];
  /** advice_event rows; empty unless the history is advised (GeneratorOptions.historyAdvice). */
  adviceEvents: AdviceEventRow[];
}
export interface ExamRow {
  id: string;
  referral_id: string;
  exam_code: string;
  modality_id: string | null;
  performing_org_id: string;
  patient_area_id: string;
  performed_at: string;
  reported_at: string | null;
}

/**
 * A referral as the generator makes it, before it is written: ReferralRow with times as Unix
 * milliseconds and dates as days since 1970-01-01 (UTC), which binary COPY takes as they are.
 */
export type ReferralDraft = Omit<
  ReferralRow,
  'created_at' | 'submitted_at' | 'assessed_at' | 'scheduled_at' | 'performed_at' | 'reported_at' | 'assessment_due_date' | 'exam_due_date'
> & {
  created_at: number;
  submitted_at: number;
  assessed_at: number | null;
  scheduled_at: number | null;
  performed_at: number | null;
  reported_at: number | null;
  assessment_due_date: number;
  exam_due_date: number | null;
};

/** Where the generator writes referrals and what belongs to them, in order (times in Unix milliseconds). */
export interface ReferralSink {
  referral(r: ReferralDraft): void;
  exam(
    id: string,
    referralId: string,
    examCode: string,
    modalityId: string | null,
    performingOrgId: string,
    patientAreaId: string,
    performedAt: number,
    reportedAt: number | null,
  ): void;
  /** A referral_event row; `data` is always null for generated events (see where they are made). */
  event(
    id: number,
    referralId: string,
    at: number,
    kind: string,
    from: ReferralStatus | null,
    to: ReferralStatus,
    actorPersonId: string | null,
    actorRole: string | null,
    reasonCode: string | null,
    reasonText: string | null,
  ): void;
  message(id: number, referralId: string, at: number, authorPersonId: string | null, side: 'department' | 'referrer', body: string): void;
  /** A referral_decision row (its id comes from the table's sequence). */
  decision(d: DecisionDraft): void;
  /** An advice_event row (its id comes from the table's sequence). */
  adviceEvent(e: AdviceEventDraft): void;
}

/** Collects what the generator makes as row objects with ISO 8601 text times (the public batch shape). */
export class RowSink implements ReferralSink {
  private batch: ReferralBatch = { referrals: [], exams: [], events: [], messages: [], decisions: [], adviceEvents: [] };
  private readonly iso = isoFormatter();
  private readonly day = (d: number) => this.iso(d * DAY).slice(0, 10);
  referral(r: ReferralDraft): void {
    const iso = this.iso;
    this.batch.referrals.push({
      ...r,
      created_at: iso(r.created_at),
      submitted_at: iso(r.submitted_at),
      assessed_at: r.assessed_at === null ? null : iso(r.assessed_at),
      scheduled_at: r.scheduled_at === null ? null : iso(r.scheduled_at),
      performed_at: r.performed_at === null ? null : iso(r.performed_at),
      reported_at: r.reported_at === null ? null : iso(r.reported_at),
      assessment_due_date: this.day(r.assessment_due_date),
      exam_due_date: r.exam_due_date === null ? null : this.day(r.exam_due_date),
    });
  }
  exam(
    id: string,
    referralId: string,
    examCode: string,
    modalityId: string | null,
    performingOrgId: string,
    patientAreaId: string,
    performedAt: number,
    reportedAt: number | null,
  ): void {
    this.batch.exams.push({
      id,
      referral_id: referralId,
      exam_code: examCode,
      modality_id: modalityId,
      performing_org_id: performingOrgId,
      patient_area_id: patientAreaId,
      performed_at: this.iso(performedAt),
      reported_at: reportedAt === null ? null : this.iso(reportedAt),
    });
  }
  event(
    id: number,
    referralId: string,
    at: number,
    kind: string,
    from: ReferralStatus | null,
    to: ReferralStatus,
    actorPersonId: string | null,
    actorRole: string | null,
    reasonCode: string | null,
    reasonText: string | null,
  ): void {
    this.batch.events.push({
      id,
      referral_id: referralId,
      at: this.iso(at),
      kind,
      from_status: from,
      to_status: to,
      actor_person_id: actorPersonId,
      actor_role: actorRole,
      reason_code: reasonCode,
      reason_text: reasonText,
      data: null,
    });
  }
  message(id: number, referralId: string, at: number, authorPersonId: string | null, side: 'department' | 'referrer', body: string): void {
    this.batch.messages.push({ id, referral_id: referralId, at: this.iso(at), author_person_id: authorPersonId, side, body });
  }
  decision(d: DecisionDraft): void {
    this.batch.decisions.push({
      referral_id: d.referralId,
      at: this.iso(d.at),
      topic_id: d.topicId,
      topic_version: d.topicVersion,
      rating: d.rating,
      decision: d.decision,
      reason_code: d.reasonCode,
      patient_id: d.patientId,
      exam_code: d.examCode,
      draft_id: d.draftId,
    });
  }
  adviceEvent(e: AdviceEventDraft): void {
    this.batch.adviceEvents.push({ ...e, at: this.iso(e.at), source: 'app' });
  }
  /** What was collected since the last take. */
  take(): ReferralBatch {
    const b = this.batch;
    this.batch = { referrals: [], exams: [], events: [], messages: [], decisions: [], adviceEvents: [] };
    return b;
  }
}

interface Referrer {
  personId: string;
  orgId: string;
  kind: ReferrerKind;
  weight: number;
  high: boolean;
}

interface Department {
  orgId: string;
  siteId: string;
  modalities: Map<string, string[]>; // kind → modality ids
  /** The department's radiologists (person ids), who assess and report its referrals. */
  radiologists: string[];
  /** The department's secretaries (person ids), who book its exams. */
  secretaries: string[];
}

export interface Region {
  options: GeneratorOptions;
  areas: AreaRef[];
  municipalities: MunicipalityRef[];
  organizations: OrgRow[];
  modalities: ModalityRow[];
  agreements: AgreementRow[];
  persons: PersonRow[];
  /** Patients, produced lazily in batches. */
  patientCount: number;
  patients(batchSize: number): Generator<PatientRow[]>;
  /** Referrals with their exams, events and messages, produced lazily in batches; optionally only referral numbers [from, to). */
  referrals(batchSize: number, from?: number, to?: number): Generator<ReferralBatch>;
  /**
   * The same referrals written into a sink (no row objects: load.ts writes binary COPY data with
   * it): returns a function that makes the next n of referral numbers [from, to) and says how many it made.
   */
  referralMaker(sink: ReferralSink, from?: number, to?: number): (n: number) => number;
  /** Fraction of a full year's real volume that the generated referrals represent. */
  samplingFraction: number;
  /** Useful handles for the demo accounts. */
  handles: {
    regionIds: string[];
    largestDepartmentId: string;
    largestHfId: string;
    gpPractice: { orgId: string; personIds: string[] };
    hospitalDoctor: { orgId: string; personId: string };
    chiropractor: { orgId: string; personId: string };
  };
}

const DAY = 86_400_000;
/**
 * Shares of assessed referrals that were returned to the referrer, and that got a request for more
 * information first. Illustrative values for synthetic data (no published Norwegian figure is at
 * hand); referrals the advice rates low-value are returned more often.
 */
const RETURN_SHARE = 0.02;
/**
 * What referrers do with "usually not appropriate" advice in the advised history (synthetic shares,
 * no Norwegian figure): when the advice names an alternative exam, 10 % take it — in the Medicare
 * Imaging Demonstration 28 of 270 orders rated inappropriate with an alternative test were changed
 * (10.4 %; AJR 2017;208(5):1051–1057). When the alternative is watchful waiting or clinical
 * follow-up, 5 % withdraw the referral: there the MID changed 4 of 1,024 orders without an
 * alternative test (0.4 %), but Radvis offers the wait as a one-click alternative, which the MID
 * systems did not; 5 % is an assumption between the two, high enough that the demo's adherence view
 * shows withdrawals. Everyone else sends the referral with an override reason.
 */
const ALTERNATIVE_EXAM_SHARE = 0.1;
const WITHDRAW_SHARE = 0.05;
const RETURN_SHARE_LOW_VALUE = 0.12;
const INFO_REQUEST_SHARE = 0.03;
/**
 * Shares of referrals that end without an exam (assessment/closing.ts, issue 8): closed by the
 * department ('closed_without_exam') and withdrawn by the referrer ('withdrawn'). SYNTHETIC
 * ASSUMPTION: no published Norwegian figure is at hand, so ~1.5 % and ~1 % of the referrals that were
 * not returned, ended at a time drawn evenly between sending and the exam; only those whose end lies
 * before the end of the history are ended (docs/analytics.md).
 */
const CLOSE_SHARE = 0.015;
const WITHDRAW_REFERRAL_SHARE = 0.01;
/**
 * The department's reasons for closing (CLOSE_REASONS, shared/api/assessment.ts) with weights;
 * 'repeated_no_show' only once an exam was booked. SYNTHETIC ASSUMPTION (no published distribution).
 */
const CLOSE_REASON_WEIGHTS: readonly [CloseReason, number][] = [
  ['patient_declined', 35],
  ['no_longer_indicated', 25],
  ['done_elsewhere', 20],
  ['repeated_no_show', 10],
  ['patient_deceased', 3],
  ['other', 7],
];
/** The text a department writes with 'other' (closing.ts requires one), illustrative. */
const OTHER_CLOSE_TEXTS = ['Pasienten er flyttet ut av regionen.', 'Pasienten er innlagt og får undersøkelsen under oppholdet.'];
/** The optional text a referrer gives when withdrawing (closing.ts#withdrawReferral), illustrative; 40 % give one. */
const WITHDRAW_TEXTS = ['Plagene har gått over.', 'Pasienten er henvist til undersøkelse et annet sted.', 'Sendt ved en feil; ny henvisning kommer.'];
/**
 * Event and message ids per referral number: id = base + number × slots + k (k = 1…7 by kind, 8 for
 * the end without an exam; 1…2 for messages).
 */
const EVENT_SLOTS = 8;
const MESSAGE_SLOTS = 2;
const INFO_QUESTIONS = [
  'Hvor lenge har pasienten hatt plagene, og hva er forsøkt av behandling?',
  'Er det gjort klinisk undersøkelse med funn? Beskriv gjerne nevrologisk status.',
  'Finnes det tidligere bildediagnostikk av samme område, og hvor ble den tatt?',
  'Har pasienten kontraindikasjoner mot MR eller kontrast (pacemaker, implantater, nyresvikt)?',
];
const INFO_ANSWERS = [
  'Plager i om lag tre måneder. Fysioterapi og smertestillende uten bedring.',
  'Klinisk undersøkelse er gjort, funnene står i henvisningen. Ingen nevrologiske utfall.',
  'Ingen tidligere bildediagnostikk av dette området.',
  'Ingen kjente kontraindikasjoner. Normal nyrefunksjon ved siste kontroll.',
];
const NON_LOW_VALUE_RETURNS = ['missing_information', 'missing_information', 'duplicate', 'other'];
const OTHER_RETURN_TEXTS = ['Pasienten har fått time ved et annet sykehus.', 'Undersøkelsen er allerede gjort i år; se tidligere svar.'];
/** How many times as many Choosing-Wisely MRs a high-referring GP orders as an average GP. */
const HIGH_REFERRER_FACTOR = 35;
const MODALITY_OF: Record<string, ModalityKind> = { DX: 'DX', CT: 'CT', MR: 'MR', US: 'US' };

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** ISO 8601 UTC timestamps without a Date per call (the generator writes millions); same text as Date#toISOString. */
export function isoFormatter(): (t: number) => string {
  const days = new Map<number, string>();
  return (t: number) => {
    const d = Math.floor(t / DAY);
    let date = days.get(d);
    if (date === undefined) {
      date = new Date(d * DAY).toISOString().slice(0, 10);
      days.set(d, date);
    }
    let r = t - d * DAY;
    const h = Math.floor(r / 3_600_000);
    r -= h * 3_600_000;
    const m = Math.floor(r / 60_000);
    r -= m * 60_000;
    const sec = Math.floor(r / 1000);
    return `${date}T${P2[h]}:${P2[m]}:${P2[sec]}.${P3[r - sec * 1000]}Z`;
  };
}

/**
 * A referral note from its scenario's template, with the blanks filled and a varied opening and
 * closing. `patient`: age in whole years on the day the referral is sent and sex, for {alder}
 * ("54 år gammel kvinne", "15 år gammel gutt" under 18 — the way a GP opens a referral).
 */
export function fillNote(scenario: NoteScenario, rng: Rng, patient: { age: number; sex: 'M' | 'F' }): string {
  const opening = rng.pick(NOTE_OPENINGS);
  const closing = rng.pick(NOTE_CLOSINGS);
  let t = scenario.text;
  if (t.includes('{')) {
    if (t.includes('{alder}')) {
      const who = patient.age < 18 ? (patient.sex === 'M' ? 'gutt' : 'jente') : patient.sex === 'M' ? 'mann' : 'kvinne';
      t = t.replace('{alder}', `${patient.age} år gammel ${who}`);
    }
    const n = rng.int(1, 16);
    const short = rng.int(1, 5);
    const side = rng.chance(0.5) ? 'høyre' : 'venstre';
    const cm = rng.int(2, 7);
    // Singular after 1: "1 uke", "1 måned".
    t = t
      .replace('{n} uker', n === 1 ? '1 uke' : `${n} uker`)
      .replace('{n} måneder', n === 1 ? '1 måned' : `${n} måneder`)
      .replace('{n}', String(n))
      .replace('{kort} uker', short === 1 ? '1 uke' : `${short} uker`)
      .replace('{side}', side)
      .replace('{cm}', String(cm));
  }
  return opening + t + closing;
}

/** The Gregorian date of a day number (days since 1970-01-01) as yyyymmdd (H. Hinnant's civil_from_days). */
function yyyymmdd(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10_000 + m * 100 + d;
}

/**
 * Age in whole years on the UTC day of `atMs` (Unix ms) of someone born on `birthYmd` (yyyymmdd),
 * as directory/identifiers.ts#ageOn computes it from the birth date (what submitReferral stores).
 */
function ageFromYmd(birthYmd: number, atMs: number): number {
  return Math.floor((yyyymmdd(Math.floor(atMs / DAY)) - birthYmd) / 10_000);
}

/** Whether a note scenario fits a patient (its age and sex bounds; see NoteScenario). */
function fitsPatient(s: NoteScenario, age: number, sex: 'M' | 'F'): boolean {
  return (s.minAge === undefined || age >= s.minAge) && (s.maxAge === undefined || age <= s.maxAge) && (s.sex === undefined || s.sex === sex);
}

/** A 32-bit hash of two integers (murmur3 finalizer), to seed independent chunk streams. */
function mix32(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x85ebca6b, 0xcc9e2d51) ^ Math.imul(b + 0x27d4eb2f, 0x165667b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The history starts with the backlog a department has on any day, not empty (issue 10: the first
 * year of a demo held ~40 % of a year's exams, since an exam is done days to months after its
 * referral is sent and nothing had been sent before the first day). Referrals are sent at a steady
 * rate from BACKLOG_DAYS before the history's first day; one that is over (reported, returned or
 * ended without an exam) before that day is no part of the history and is drawn again, so what is
 * left of those days is exactly the work still open on the first day. BACKLOG_DAYS is longer than
 * the longest referral the generator makes (at most ~16 calendar days to assessment, 2 days and 8
 * hours to booking, 80 days' wait and 96 hours to the report: ~103 days).
 */
const BACKLOG_DAYS = 110;
/**
 * The mean days from sending to the end of a referral (report, return or end without exam), i.e. how
 * many days of sending the backlog holds: measured over 100,000 referrals of each scope (vest, norge)
 * with seed 2026 (18.7 and 19.1 days; exams done before the first day do not count). Used only for the sampling fraction, which it makes right to within ~0.5 %.
 */
const BACKLOG_MEAN_DAYS = 18.9;

/** Referrals are drawn in fixed chunks, each from its own random stream, so any range of them can be made on its own (in a worker) and the rows do not depend on batch size or worker count. */
export const REFERRAL_CHUNK = 10_000;

export function generateRegion(options: GeneratorOptions): Region {
  const ref = readReferenceData();
  const root = new Rng(options.seed);
  const areas = ref.areas.filter((a) => options.scope === 'norge' || a.regionId === options.scope);
  if (areas.length === 0) throw new Error(`Unknown scope "${options.scope}": use nord, midt, vest, sor-ost or norge`);
  const areaIds = new Set(areas.map((a) => a.id));
  const municipalities = ref.municipalities.filter((m) => areaIds.has(m.areaId));
  const regionIds = [...new Set(areas.map((a) => a.regionId))];
  const examCodes = new Map(ref.examCodes.map((e) => [e.code, e]));

  const organizations: OrgRow[] = [];
  const modalities: ModalityRow[] = [];
  const agreements: AgreementRow[] = [];
  const persons: PersonRow[] = [];
  const org = (o: Partial<OrgRow> & Pick<OrgRow, 'id' | 'kind' | 'name'>) => {
    const row: OrgRow = { short_name: null, parent_id: null, region_id: null, area_id: null, municipality_number: null, org_number: null, ...o };
    organizations.push(row);
    return row.id;
  };

  // ---- people ----
  const prng = root.fork(1);
  let hpr = 1_000_000 + prng.int(0, 500_000);
  const person = (profession: PersonRow['profession'], referrerKind: ReferrerKind | null, rng = prng): string => {
    const female = rng.chance(0.55);
    const id = `person-${persons.length + 1}`;
    hpr += rng.int(1, 97);
    persons.push({
      id,
      hpr_number: profession === 'secretary' || profession === 'other' ? null : String(hpr),
      given_name: rng.pick(female ? GIVEN_NAMES_F : GIVEN_NAMES_M),
      family_name: rng.pick(FAMILY_NAMES),
      profession,
      referrer_kind: referrerKind,
      email: null,
    });
    return id;
  };

  // ---- organizations, machines ----
  // Machines are named as the people in a department call them ("Røntgenlab 2", "Ultralyd 1", "CT 1"),
  // never by the DICOM modality code alone ("DX 2", "US 1"); the code and the AE title stay in their own
  // columns for the DICOM door (migration 0423 renames machines an earlier demo database named by code).
  const MACHINE_WORDS: Record<ModalityKind, string> = {
    CR: 'Røntgenlab',
    DX: 'Røntgenlab',
    CT: 'CT',
    MR: 'MR',
    US: 'Ultralyd',
    NM: 'Gammakamera',
    PT: 'PET-CT',
    MG: 'Mammografi',
    RF: 'Gjennomlysning',
    XA: 'Angiolab',
  };
  const orng = root.fork(2);
  const departmentsByArea = new Map<string, Department[]>();
  const hospitalDoctorsByArea = new Map<string, Referrer[]>();
  let ae = 0;
  const machine = (siteId: string, siteName: string, kind: ModalityKind, n: number, dept: Department) => {
    for (let i = 1; i <= n; i++) {
      const id = `mod-${siteId.replace(/^site-/, '')}-${kind.toLowerCase()}${i}`;
      ae++;
      const aeTitle = `${slug(siteName).replace(/-/g, '').slice(0, 8).toUpperCase()}${kind}${ae}`.slice(0, 16);
      const twoShifts = kind === 'MR' || kind === 'CT' ? orng.chance(0.5) : false;
      const hours: Record<string, [string, string]> = {};
      for (const d of ['mon', 'tue', 'wed', 'thu', 'fri']) hours[d] = twoShifts ? ['07:30', '22:00'] : ['07:30', '15:30'];
      modalities.push({
        id,
        site_org_id: siteId,
        kind,
        name: `${MACHINE_WORDS[kind]} ${i} ${siteName}`,
        ae_title: aeTitle,
        opening_hours: JSON.stringify(hours),
        shifts: twoShifts ? 2 : 1,
      });
      const list = dept.modalities.get(kind) ?? [];
      list.push(id);
      dept.modalities.set(kind, list);
    }
  };

  for (const regionId of regionIds) {
    const regionName = areas.find((a) => a.regionId === regionId)!.regionName;
    org({ id: `rhf-${regionId}`, kind: 'rhf', name: `${regionName} RHF`, region_id: regionId });
  }
  for (const a of areas) {
    const privateHospital = PRIVATE_HOSPITAL_AREAS.has(a.id);
    const trustId = privateHospital ? `ph-${a.id}` : `hf-${a.id}`;
    org({
      id: trustId,
      kind: privateHospital ? 'private_hospital' : 'hf',
      name: a.trustName,
      parent_id: `rhf-${a.regionId}`,
      region_id: a.regionId,
      area_id: a.id,
    });
    const depts: Department[] = [];
    const doctors: Referrer[] = [];
    SITES[a.id].forEach((s, i) => {
      const siteId = privateHospital
        ? trustId
        : org({ id: `site-${a.id}-${i + 1}`, kind: 'site', name: s.name, parent_id: trustId, region_id: a.regionId, area_id: a.id });
      const deptId = org({
        id: `dept-${a.id}-${i + 1}`,
        kind: 'department',
        name: `Radiologisk avdeling, ${s.name}`,
        parent_id: siteId,
        region_id: a.regionId,
        area_id: a.id,
      });
      const dept: Department = { orgId: deptId, siteId, modalities: new Map(), radiologists: [], secretaries: [] };
      const big = i === 0;
      machine(siteId, s.name, 'DX', big ? 4 : 2, dept);
      machine(siteId, s.name, 'CT', big ? 3 : 1, dept);
      machine(siteId, s.name, 'MR', big ? 3 : 1, dept);
      machine(siteId, s.name, 'US', big ? 3 : 1, dept);
      if (s.university) {
        machine(siteId, s.name, 'NM', 2, dept);
        machine(siteId, s.name, 'PT', 1, dept);
      }
      depts.push(dept);
      for (let k = 0; k < (big ? 4 : 2); k++) dept.radiologists.push(person('physician', null));
      for (let k = 0; k < (big ? 12 : 4); k++)
        doctors.push({ personId: person('physician', 'hospital_doctor'), orgId: siteId, kind: 'hospital_doctor', weight: 1, high: false });
    });
    const extra = EXTRA_PRIVATE_HOSPITALS[a.id];
    if (extra) org({ id: `ph-${slug(extra)}`, kind: 'private_hospital', name: extra, parent_id: `rhf-${a.regionId}`, region_id: a.regionId, area_id: a.id });
    departmentsByArea.set(a.id, depts);
    hospitalDoctorsByArea.set(a.id, doctors);
  }

  // Private institutes with purchase agreements with the RHF.
  const institutesByRegion = new Map<string, Department[]>();
  for (const regionId of regionIds) {
    const list: Department[] = [];
    for (const name of INSTITUTES[regionId] ?? []) {
      const id = org({ id: `inst-${slug(name)}`, kind: 'private_institute', name, region_id: regionId });
      const dept: Department = { orgId: id, siteId: id, modalities: new Map(), radiologists: [], secretaries: [] };
      machine(id, name, 'MR', 2, dept);
      machine(id, name, 'CT', 1, dept);
      machine(id, name, 'DX', 1, dept);
      machine(id, name, 'US', 1, dept);
      agreements.push({
        id: `agr-${slug(name)}`,
        buyer_org_id: `rhf-${regionId}`,
        provider_org_id: id,
        modalities: '{MR,CT,DX,US}',
        annual_volume: 5000 + orng.int(0, 20) * 1000,
        valid_from: '2024-01-01',
        valid_to: '2027-12-31',
      });
      list.push(dept);
    }
    institutesByRegion.set(regionId, list);
  }

  // Network org for referral-advice editors.
  org({ id: 'network-radiologi', kind: 'network', name: 'Nasjonalt nettverk for radiologi' });

  // ---- referrers in the community ----
  const rrng = root.fork(3);
  const gpsByMunicipality = new Map<string, Referrer[]>();
  const othersByArea = new Map<string, Referrer[]>();
  const propensity = () => Math.exp(0.6 * rrng.normal());
  for (const m of municipalities) {
    const practices = Math.max(1, Math.round(m.population / 9000));
    const gps = Math.max(2, Math.round(m.population / 1150));
    const list: Referrer[] = [];
    for (let p = 0; p < practices; p++) {
      const orgId = org({
        id: `gp-${m.number}-${p + 1}`,
        kind: 'gp_practice',
        name: `${m.name.replace(/^Oslo bydel /, '')} legesenter ${p + 1}`,
        area_id: m.areaId,
        municipality_number: m.number,
        region_id: areas.find((a) => a.id === m.areaId)!.regionId,
      });
      const n = Math.max(1, Math.round(gps / practices));
      for (let k = 0; k < n; k++) {
        // ~2.5 % of GPs are high referrers of Choosing-Wisely-related MR (Andersen et al. 2023).
        const high = rrng.chance(0.025);
        list.push({ personId: person('physician', 'gp'), orgId, kind: 'gp', weight: propensity(), high });
      }
    }
    gpsByMunicipality.set(m.number, list);
  }
  for (const a of areas) {
    const list: Referrer[] = [];
    const mun = municipalities.find((m) => m.areaId === a.id)!;
    const add = (kind: ReferrerKind, label: string, perPop: number, each: number) => {
      for (let p = 0; p < Math.max(1, Math.round(a.population / perPop)); p++) {
        const orgId = org({
          id: `${kind}-${a.id}-${p + 1}`,
          kind: 'specialist_practice',
          name: `${label} ${a.name} ${p + 1}`,
          area_id: a.id,
          municipality_number: mun.number,
          region_id: a.regionId,
        });
        const profession = kind === 'chiropractor' ? 'chiropractor' : kind === 'manual_therapist' ? 'manual_therapist' : 'physician';
        for (let k = 0; k < each; k++) list.push({ personId: person(profession, kind), orgId, kind, weight: propensity(), high: false });
      }
    };
    add('private_specialist', 'Spesialistpraksis', 60_000, 3);
    add('chiropractor', 'Kiropraktorklinikk', 40_000, 2);
    add('manual_therapist', 'Manuellterapi', 60_000, 2);
    othersByArea.set(a.id, list);
  }

  // ---- the departments' booking staff and the institutes' radiologists ----
  // Added after everyone else, from a stream of their own, so the people above keep their ids and
  // names. Secretaries book (the 'scheduled' event names them); at a private institute its own
  // radiologists assess and sign, as at a hospital department.
  const srng = new Rng(mix32(options.seed >>> 0, 0x57aff));
  for (const a of areas) {
    departmentsByArea.get(a.id)!.forEach((dept, i) => {
      for (let k = 0; k < (i === 0 ? 2 : 1); k++) dept.secretaries.push(person('secretary', null, srng));
    });
  }
  for (const regionId of regionIds) {
    for (const dept of institutesByRegion.get(regionId)!) {
      for (let k = 0; k < 2; k++) dept.radiologists.push(person('physician', null, srng));
      dept.secretaries.push(person('secretary', null, srng));
    }
  }

  // ---- volumes: which (area, exam) cells and how many ----
  const vrng = root.fork(4);
  const cells: { area: AreaRef; mix: ExamMix }[] = [];
  const cellWeights: number[] = [];
  for (const a of areas) {
    for (const mix of EXAM_MIX) {
      if (!examCodes.has(mix.code)) continue;
      // Areas Helseatlas names keep their published level; the others vary around the national
      // rate, inside the published extremes where there are any (so Bergen stays highest and
      // Finnmark lowest for MR knee).
      const anchored = mix.anchors ? Object.values(mix.anchors) : [];
      const draw = Math.exp(0.15 * vrng.normal());
      const factor =
        mix.anchors?.[a.id] ?? (anchored.length >= 2 ? Math.min(Math.max(...anchored) * 0.99, Math.max(Math.min(...anchored) * 1.01, draw)) : draw);
      cells.push({ area: a, mix });
      cellWeights.push((a.population / 10_000) * mix.per10k * factor);
    }
  }
  const cellPick = new Weighted(cells, cellWeights);
  const fullYear = cellPick.total;
  const years = options.years ?? 1;
  if (!(years > 0 && years <= 20)) throw new Error('years must be between 1 and 20');
  // The referrals are sent over the history's years and the backlog still open at its start, which
  // the same steady flow of referrals fills: BACKLOG_MEAN_DAYS of sending more (see BACKLOG_DAYS).
  const samplingFraction = options.referrals / (fullYear * (years + BACKLOG_MEAN_DAYS / 365));

  // ---- patients: enough for the referrals, by area, age class and sex ----
  const patientCount = Math.max(50, Math.min(Math.round(options.referrals * 0.6), Math.round(areas.reduce((s, a) => s + a.population, 0) * 0.9)));
  const areaPop = new Weighted(
    areas,
    areas.map((a) => a.population),
  );
  const pop = ref.population.filter((p) => areaIds.has(p.areaId));
  const bandsByArea = new Map(
    areas.map((a) => [
      a.id,
      new Weighted(
        pop.filter((p) => p.areaId === a.id),
        pop.filter((p) => p.areaId === a.id).map((p) => p.population * (p.ageFrom >= 60 ? 1.7 : p.ageFrom >= 20 ? 1 : 0.45)),
      ),
    ]),
  );
  const munisByArea = new Map(
    areas.map((a) => [
      a.id,
      new Weighted(
        municipalities.filter((m) => m.areaId === a.id),
        municipalities.filter((m) => m.areaId === a.id).map((m) => m.population),
      ),
    ]),
  );
  // Compact patient table (typed arrays: 10 million referrals need ~6 million patients).
  const pAge = new Uint8Array(patientCount);
  const pSex = new Uint8Array(patientCount); // 0 M, 1 F
  const pMuni = new Uint16Array(patientCount);
  const pArea = new Uint8Array(patientCount);
  const pBirth = new Int32Array(patientCount); // days since epoch
  const pBirthYmd = new Int32Array(patientCount); // the same as yyyymmdd (referrals read ages from it)
  const muniIndex = new Map(municipalities.map((m, i) => [m.number, i]));
  const areaIndex = new Map(areas.map((a, i) => [a.id, i]));
  // pools[area][ageClass][sex] → patient indexes
  const pools: number[][][][] = areas.map(() => [0, 1, 2].map(() => [[], []]));
  const prngP = root.fork(5);
  const refDay = Math.floor(options.now.getTime() / DAY);
  for (let i = 0; i < patientCount; i++) {
    const a = areaPop.pick(prngP);
    const band = bandsByArea.get(a.id)!.pick(prngP);
    const age = Math.min(104, band.ageFrom + prngP.int(0, band.ageFrom === 90 ? 14 : 4));
    const m = munisByArea.get(a.id)!.pick(prngP);
    pAge[i] = age;
    pSex[i] = band.sex === 'M' ? 0 : 1;
    pMuni[i] = muniIndex.get(m.number)!;
    pArea[i] = areaIndex.get(a.id)!;
    // The birth date the patient row gets (patients() moves it a few days earlier only when the
    // individual numbers of a birth date and sex run out, some 180 patients in: not at demo sizes);
    // the referrals read their patient's age on the day they are sent from it.
    pBirth[i] = refDay - age * 365 - prngP.int(0, 364);
    pBirthYmd[i] = yyyymmdd(pBirth[i]);
    pools[pArea[i]][age < 20 ? 0 : age < 60 ? 1 : 2][pSex[i]].push(i);
  }

  // GP list patients: each patient's GP is a GP in their municipality (deterministic by index).
  const gpOf = (i: number): Referrer | undefined => {
    const list = gpsByMunicipality.get(municipalities[pMuni[i]].number);
    return list && list.length > 0 ? list[i % list.length] : undefined;
  };

  function* patients(batchSize: number): Generator<PatientRow[]> {
    const rng = root.fork(6);
    const used = new Map<number, number>(); // birth day × 2 + sex → next individual-number offset
    const dates = new Map<number, string>();
    const dateOf = (day: number) => {
      let d = dates.get(day);
      if (d === undefined) {
        d = new Date(day * DAY).toISOString().slice(0, 10);
        dates.set(day, d);
      }
      return d;
    };
    let batch: PatientRow[] = [];
    for (let i = 0; i < patientCount; i++) {
      const sex = pSex[i] === 0 ? 'M' : 'F';
      let fnr: string | null = null;
      let birthDay = pBirth[i];
      let birthDate = '';
      for (let attempt = 0; !fnr && attempt < 30; attempt++) {
        birthDate = dateOf(birthDay);
        const key = birthDay * 2 + pSex[i];
        const start = used.get(key) ?? 0;
        const candidate = start < 499 ? makeSyntheticFnr(birthDate, sex, start) : null;
        const individual = candidate ? Number(candidate.slice(6, 9)) : -1;
        const base = birthDate >= '2000' ? 500 : 0;
        // makeSyntheticFnr wraps around; accept only numbers after the last one used for this key.
        if (candidate && individual - base >= start) {
          fnr = candidate;
          used.set(key, individual - base + 1);
        } else birthDay -= 1;
      }
      if (!fnr) throw new Error(`could not make a unique synthetic fødselsnummer for patient ${i}`);
      // Not written back to pBirth: the referrals must not depend on whether this ran first in the thread.
      const female = sex === 'F';
      batch.push({
        id: `pat-${i + 1}`,
        fnr,
        given_name: rng.pick(female ? GIVEN_NAMES_F : GIVEN_NAMES_M),
        family_name: rng.pick(FAMILY_NAMES),
        birth_date: birthDate,
        sex,
        municipality_number: municipalities[pMuni[i]].number,
        gp_person_id: gpOf(i)?.personId ?? null,
      });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  // Referrer choice per municipality: normal weights, and weights for Choosing-Wisely MR (head,
  // lumbar spine, knee) where the ~2.5 % high referrers order ~35× as much as others, so that about
  // 2.3 % of referrers write about a third of those MRs (Andersen et al., Insights Imaging 2023).
  const gpPickers = new Map<string, { normal: Weighted<Referrer>; cw: Weighted<Referrer> }>();
  for (const [num, list] of gpsByMunicipality) {
    gpPickers.set(num, {
      normal: new Weighted(
        list,
        list.map((r) => r.weight),
      ),
      cw: new Weighted(
        list,
        list.map((r) => r.weight * (r.high ? HIGH_REFERRER_FACTOR : 1)),
      ),
    });
  }
  const endMs = options.now.getTime();
  // The history's first instant, and the backlog time before it whose referrals may still be open then.
  const startMs = endMs - 365 * years * DAY;
  const backlogFrom = startMs - BACKLOG_DAYS * DAY;

  // The guideline pack: the one given, else the YAML files, read once per region and only if a referral needs advice.
  let pack: GuidelinePack | undefined = options.guidelines;
  const historyAdvice = options.historyAdvice === true;
  // The reading of each distinct note for each exam (extractFacts depends on the text and the exam,
  // and on the day only through calendar dates, which generated notes never contain): a demo history
  // repeats its notes many times, and the reading is the expensive part of the advice.
  const readings = new Map<string, Extraction>();
  const adviceFor = (input: AdviceInput & { text: string }, at: number): AdviceResult => {
    pack ??= loadGuidelinePack();
    const key = `${input.examCode}\u0000${input.text}`;
    let extracted = readings.get(key);
    if (!extracted) {
      extracted = extractFacts(input.text, { now: new Date(at), context: readingContext(input.examCode) });
      readings.set(key, extracted);
    }
    return advise(pack, input, { now: new Date(at), extracted });
  };
  // Per-cell facts looked up once, not per referral.
  const MSK_PARTS = new Set(['korsrygg', 'nakke', 'kne', 'skulder', 'hofte', 'ankel', 'fot', 'hånd', 'brystrygg']);
  const cellInfo = cells.map(({ area, mix }) => {
    const exam = examCodes.get(mix.code)!;
    const scenarios = NOTES[mix.topic];
    const others = othersByArea.get(area.id)!;
    const doctors = hospitalDoctorsByArea.get(area.id)!;
    const byKind = (k: ReferrerKind) => {
      const l = others.filter((o) => o.kind === k);
      return l.length > 0 ? l : doctors;
    };
    return {
      ai: areaIndex.get(area.id)!,
      exam,
      mskAllowed: (exam.modality === 'DX' || exam.modality === 'MR') && MSK_PARTS.has(exam.bodyPart),
      lvList: scenarios.filter((s) => s.lowValue),
      okList: scenarios.filter((s) => !s.lowValue).length > 0 ? scenarios.filter((s) => !s.lowValue) : scenarios,
      doctors,
      specialists: byKind('private_specialist'),
      chiropractors: byKind('chiropractor'),
      manualTherapists: byKind('manual_therapist'),
      depts: departmentsByArea.get(area.id)!,
      institutes: institutesByRegion.get(area.regionId) ?? [],
      machineKind: MODALITY_OF[exam.modality] ?? 'DX',
      /** Days a routine exam waits after booking, fewest and most (illustrative; MR longest). */
      wait: exam.modality === 'MR' ? ([7, 80] as const) : exam.modality === 'CT' ? ([3, 40] as const) : ([1, 21] as const),
      /** A guideline topic covers the exam: its history is advised when `historyAdvice` is on. */
      advised: historyAdvice && (pack ??= loadGuidelinePack()).byExam.has(mix.code),
      /** Some of the cell's scenarios fit only some patients (age or sex bounds): pick through scenariosFor. */
      bounded: scenarios.some((s) => s.minAge !== undefined || s.maxAge !== undefined || s.sex !== undefined),
    };
  });
  const cellIndex = new Map(cells.map((c, i) => [c, i]));
  // The scenarios of a cell that fit a patient, per (cell, low-value or not, age, sex), made when
  // first needed: the wanted kind if any fits, else the other kind, else the generic notes.
  const fitting = new Map<number, NoteScenario[]>();
  const scenariosFor = (cellNo: number, lowValue: boolean, age: number, sex: 'M' | 'F'): NoteScenario[] => {
    const key = ((cellNo * 2 + (lowValue ? 1 : 0)) * 128 + Math.min(age, 127)) * 2 + (sex === 'M' ? 0 : 1);
    let list = fitting.get(key);
    if (!list) {
      const info = cellInfo[cellNo];
      const fit = (l: NoteScenario[]) => l.filter((s) => fitsPatient(s, age, sex));
      const wanted = fit(lowValue ? info.lvList : info.okList);
      const other = wanted.length > 0 ? wanted : fit(lowValue ? info.okList : info.lvList);
      list = other.length > 0 ? other : fit(NOTES.generic);
      fitting.set(key, list);
    }
    return list;
  };
  const seedBase = root.fork(7).int(0, 0x7fffffff);
  // The assessment history draws from its own stream per referral (not from `root`, whose later
  // forks the patients use), so the referral rows it does not change stay as they were.
  const eventSeed = mix32(seedBase, 0x5eed);
  // Who booked each referral, and how long an urgent exam booked for the same day waited: hashes of
  // the referral number (no draws from the streams above, so every other value stays as it was).
  const bookerSeed = mix32(seedBase, 0xb00c);
  const sameDaySeed = mix32(seedBase, 0x5da7);
  const reporterSeed = mix32(seedBase, 0x5165);
  // The override reason a referrer gave for sending against "usually not appropriate" advice.
  const overrideSeed = mix32(seedBase, 0x0fe1);
  // Whether a referrer takes the alternative or withdraws after "usually not appropriate" advice.
  const choiceSeed = mix32(seedBase, 0xa17e);
  // Whether, when, why and by whom a referral ended without an exam: its own stream per referral
  // (no draws from the streams above, so the referrals that do not end stay exactly as they were).
  const endSeed = mix32(seedBase, 0xc105);
  const eventBase = options.idBase?.event ?? 0;
  const messageBase = options.idBase?.message ?? 0;
  // pasient- og brukerrettighetsloven § 2-2: the due date is the Oslo calendar day of receipt plus the
  // rule's working days (assessment/deadline.ts#assessmentDueDate); memoized per UTC hour (the Oslo
  // day changes only on the hour) and number of working days, as a day number.
  const dueDays = new Map<number, number>();
  const dueDayOf = (submitted: number, workingDays: number): number => {
    const key = Math.floor(submitted / 3_600_000) * 16 + workingDays;
    let d = dueDays.get(key);
    if (d === undefined) {
      d = Math.round(addWorkingDays(osloDate(new Date(submitted)), workingDays).getTime() / DAY);
      dueDays.set(key, d);
    }
    return d;
  };

  // deadlineRule reads the text only through suggestsCancerPathway: one rule per urgency,
  // indication and whether the text suggests a cancer pathway (the text test runs per referral).
  const rules = new Map<string, ReturnType<typeof deadlineRule>>();
  const deadlineOf = (urgency: Urgency, system: 'ICPC-2' | 'ICD-10', code: string, text: string) => {
    const cancerText = suggestsCancerPathway({ urgency, text });
    const key = `${urgency}|${system}|${code}|${cancerText}`;
    let rule = rules.get(key);
    if (!rule) {
      rule = deadlineRule({ urgency, indication: { system, code }, text });
      rules.set(key, rule);
    }
    return rule;
  };

  /**
   * Makes referral numbers [from, to) in order into `sink`, `n` at a time: returns a function that
   * makes the next n (or fewer at the end) and says how many it made. Each chunk of REFERRAL_CHUNK
   * referrals has its own random stream, so a range gives exactly the rows the full run gives for it.
   */
  function referralMaker(sink: ReferralSink, from = 0, to = options.referrals): (n: number) => number {
    let rng = new Rng(mix32(seedBase, Math.floor(from / REFERRAL_CHUNK)));
    // Starting inside a chunk: replay its stream up to `from` (only for ranges not on a chunk boundary).
    const skipTo = from;
    let i = from - (from % REFERRAL_CHUNK);
    return (n: number) => {
      let made = 0;
      for (; i < to && made < n; i++) {
        if (i % REFERRAL_CHUNK === 0) rng = new Rng(mix32(seedBase, i / REFERRAL_CHUNK));
        // Drawn again while it falls wholly before the history (see the backlog test below).
        for (;;) {
          const cell = cellPick.pick(rng);
          const { mix } = cell;
          const cellNo = cellIndex.get(cell)!;
          const info = cellInfo[cellNo];
          const ai = info.ai;
          // Patient by the exam's age profile and sex.
          const cw = AGE_CLASS_WEIGHTS[mix.age];
          const x = rng.next() * (cw[0] + cw[1] + cw[2]);
          let cls = x < cw[0] ? 0 : x < cw[0] + cw[1] ? 1 : 2;
          const sexIdx = mix.sex === 'M' ? 0 : mix.sex === 'F' ? 1 : rng.chance(0.5) ? 0 : 1;
          let pool = pools[ai][cls][sexIdx];
          for (let k = 0; pool.length === 0 && k < 3; k++) {
            cls = (cls + 1) % 3;
            pool = pools[ai][cls][sexIdx];
          }
          if (pool.length === 0) pool = pools[ai][1][1 - sexIdx];
          const p = pool[Math.floor(rng.next() * pool.length)];
          const muni = municipalities[pMuni[p]].number;

          // Referrer: GP (75 %), hospital doctor, private specialist, chiropractor, manual therapist
          // (the last two only for the musculoskeletal exams their limited referral rights cover).
          const exam = info.exam;
          const r = rng.next();
          let referrer: Referrer;
          if (r < 0.75 || (r >= 0.95 && !info.mskAllowed)) {
            const pick = gpPickers.get(muni)!;
            referrer = (mix.choosingWisely ? pick.cw : pick.normal).pick(rng);
          } else if (r < 0.9) {
            referrer = rng.pick(info.doctors);
          } else {
            referrer = rng.pick(r < 0.95 ? info.specialists : r < 0.98 ? info.chiropractors : info.manualTherapists);
          }

          // When it is sent, and the patient's age and sex that day (from the birth date, as the live
          // path computes it: directory/identifiers.ts#ageOn).
          // A baby born within the history is referred only after birth (from the day after).
          const earliest = Math.min(endMs, Math.max(backlogFrom, (pBirth[p] + 1) * DAY));
          const submitted = endMs - Math.floor(rng.next() * (endMs - earliest));
          // Sent so long before the history that even its longest path (≤ 20 calendar days to the
          // assessment, 3 to the booking, the longest wait, a day more) ends before the first day: drawn
          // again at once (the check after the timeline below would draw it again too, at more cost).
          if (submitted + (24 + info.wait[1]) * DAY < startMs) continue;
          const age = ageFromYmd(pBirthYmd[p], submitted);
          const sex: 'M' | 'F' = pSex[p] === 0 ? 'M' : 'F';

          // Scenario and note, one the patient's age and sex fit; high referrers pick low-value scenarios more often.
          const lvShare = Math.min(0.85, (mix.lowValueShare ?? 0) * (referrer.high ? 1.8 : 1));
          const wantLowValue = info.lvList.length > 0 && rng.chance(lvShare);
          const scenario = rng.pick(info.bounded ? scenariosFor(cellNo, wantLowValue, age, sex) : wantLowValue ? info.lvList : info.okList);
          const note = fillNote(scenario, rng, { age, sex });

          // Where it is done: the area's own department, or a private institute (more for MR).
          const depts = info.depts;
          const institutes = info.institutes;
          const toInstitute =
            institutes.length > 0 &&
            (exam.modality === 'MR' ? rng.chance(0.55) : exam.modality === 'CT' || exam.modality === 'US' ? rng.chance(0.15) : rng.chance(0.05));
          const dept = toInstitute ? rng.pick(institutes) : rng.chance(0.7) ? depts[0] : rng.pick(depts);

          // Timeline along the path; urgency shortens it.
          const urgency: Urgency = scenario.urgent ? 'urgent' : rng.chance(0.08) ? 'urgent' : 'routine';
          // pasient- og brukerrettighetsloven § 2-2: assessed within 10 working days.
          // Most departments assess within a couple of days; some referrals wait towards the deadline.
          const assessed = addWorkingDaysToInstant(submitted, urgency === 'urgent' ? rng.int(0, 1) : rng.chance(0.7) ? rng.int(0, 2) : rng.int(3, 10));
          const scheduled = assessed + rng.int(0, 2) * DAY + rng.int(1, 8) * 3_600_000;
          const wait = urgency === 'urgent' ? rng.int(0, 3) : rng.int(info.wait[0], info.wait[1]);
          // An urgent exam booked for the same day still waits a little for the machine: 20 minutes
          // to 3 hours after the booking (illustrative, no published figure), never the same minute.
          const performed = scheduled + wait * DAY + (wait === 0 ? (20 + (mix32(sameDaySeed, i) % 161)) * 60_000 : 0);
          const reported = performed + rng.int(1, urgency === 'urgent' ? 6 : 96) * 3_600_000;
          const createdOffset = rng.int(1, 30) * 60_000;
          // What assessment made of it, from the referral's own stream (see eventSeed).
          const erng = new Rng(mix32(eventSeed, i));
          const assessedByNow = assessed <= endMs;
          const returned = assessedByNow && erng.chance(scenario.lowValue ? RETURN_SHARE_LOW_VALUE : RETURN_SHARE);
          // Ended without an exam (assessment/closing.ts): closed by the department or withdrawn by the
          // referrer, at a time between sending and the exam (never the same instant as another step).
          const xrng = new Rng(mix32(endSeed, i));
          const endDraw = xrng.next();
          const endKind = returned
            ? null
            : endDraw < CLOSE_SHARE
              ? 'closed_without_exam'
              : endDraw < CLOSE_SHARE + WITHDRAW_REFERRAL_SHARE
                ? 'withdrawn'
                : null;
          let ended = endKind === null ? Infinity : submitted + 60_000 + Math.floor(xrng.next() * (performed - submitted - 120_000));
          if (ended === assessed || ended === scheduled) ended += 1;
          if (ended > endMs) ended = Infinity;
          // Sent in the backlog time before the history and examined (or returned, or ended) before it
          // began: not part of the history, so this referral number is drawn again (BACKLOG_DAYS).
          if (submitted < startMs && (returned ? assessed : ended !== Infinity ? ended : performed) < startMs) continue;
          if (i < skipTo) break;
          made++;
          const thread = assessedByNow && assessed - submitted >= DAY && erng.chance(INFO_REQUEST_SHARE);
          const assessor = dept.radiologists.length > 0 ? dept.radiologists[erng.int(0, dept.radiologists.length - 1)] : null;
          const asked = submitted + Math.floor((assessed - submitted) * 0.3);
          const answered = submitted + Math.floor((assessed - submitted) * 0.7);
          let status: ReferralStatus = 'reported';
          if (ended !== Infinity) status = 'cancelled';
          else if (!assessedByNow) status = 'submitted';
          else if (returned) status = 'returned';
          // Accepted but not booked yet: no booking time in the future.
          else if (scheduled > endMs) status = 'accepted';
          else if (performed > endMs) status = 'scheduled';
          else if (reported > endMs) status = 'performed';
          const id = `ref-${i + 1}`;
          const done = status === 'reported' || status === 'performed';
          const booked = done || status === 'scheduled' || (status === 'cancelled' && ended > scheduled);
          const accepted = booked || status === 'accepted' || (status === 'cancelled' && ended > assessed);
          const hospital = referrer.kind === 'hospital_doctor' || referrer.kind === 'private_specialist';
          const indicationSystem = hospital ? 'ICD-10' : scenario.indication[0];
          const indicationCode = hospital ? scenario.icd10 : scenario.indication[1];
          // pasient- og brukerrettighetsloven § 2-2, with the default shorter deadlines (assessment/deadline.ts).
          const rule = deadlineOf(urgency, indicationSystem, indicationCode, `${scenario.question} ${note}`);
          // The default priority category (assessment/priorities.ts) that covers the wait the exam got.
          const waitDays = Math.ceil((performed - assessed) / DAY);
          const category = !accepted ? null : waitDays <= 14 ? 'within_days' : waitDays <= 42 ? 'within_weeks' : 'within_months';
          const examDueDay =
            category === null ? null : Math.floor((assessed + (category === 'within_days' ? 14 : category === 'within_weeks' ? 42 : 91) * DAY) / DAY);
          const assessedAt = status === 'submitted' || (status === 'cancelled' && !accepted) ? null : assessed;
          let advice: string | null = null;
          let facts = '{}';
          let lowValue: boolean | null = scenario.lowValue;
          // The advice shown when the referral was sent, and what the referrer did with it.
          let sent: Advice | null = null;
          let shownFacts = '{}';
          let decision: DecisionKind | null = null;
          let examCode = mix.code;
          let machineKind = info.machineKind;
          if (status === 'submitted' || (historyAdvice && info.advised)) {
            const input: AdviceInput & { text: string } = {
              examCode: mix.code,
              patient: { ageYears: age, sex },
              indication: { system: indicationSystem, code: indicationCode },
              referrerKind: referrer.kind,
              facts: {},
              text: `${scenario.question} ${note}`,
            };
            const a = adviceFor(input, submitted);
            const rating = a.advice?.rating;
            if (status === 'submitted') {
              // Referrals still in the inbox carry the advice a referrer would have seen.
              advice = a.advice ? JSON.stringify(a.advice) : null;
              facts = JSON.stringify(a.facts);
            } else if (rating !== undefined && rating !== 'needs_information' && rating !== 'not_allowed') {
              // A sent referral keeps the advice and the facts (referrals/service.ts#submitReferral). The
              // live path refuses to send while information is missing or the referrer may not refer;
              // such a note keeps no advice here, since the generator has no answers to the questions
              // the referrer would have answered.
              advice = JSON.stringify(a.advice);
              facts = JSON.stringify(a.facts);
            }
            if (historyAdvice && advice !== null && a.advice && !a.advice.silent && rating !== 'needs_information' && rating !== 'not_allowed') {
              sent = a.advice;
              shownFacts = facts;
              // As submitReferral sets it: sent against "usually not appropriate" advice.
              lowValue = rating === 'usually_not_appropriate';
              decision = 'followed';
              if (rating === 'usually_not_appropriate') {
                // Sending against "usually not appropriate" advice needs a reason or the alternative
                // (submitReferral); the shares are ALTERNATIVE_EXAM_SHARE and WITHDRAW_SHARE.
                decision = 'overridden';
                const u = mix32(choiceSeed, i) / 0x1_0000_0000;
                const alt = a.advice.alternative;
                const altExam = alt?.examCode === undefined ? undefined : examCodes.get(alt.examCode);
                if (altExam && u < ALTERNATIVE_EXAM_SHARE) {
                  // The referral goes to the alternative exam with that exam's advice, as submitReferral
                  // sends it (unless the referrer may not refer to it: then they override instead).
                  const b = adviceFor({ ...input, examCode: altExam.code }, submitted);
                  if (b.advice?.rating !== 'not_allowed') {
                    decision = 'alternative_accepted';
                    examCode = altExam.code;
                    machineKind = MODALITY_OF[altExam.modality] ?? 'DX';
                    advice = b.advice ? JSON.stringify(b.advice) : null;
                    facts = JSON.stringify(b.facts);
                    lowValue = false;
                  }
                } else if (alt && alt.examCode === undefined && u < WITHDRAW_SHARE) decision = 'withdrawn';
              }
            }
          }
          const draftId = `draft-${i + 1}`;
          if (sent && decision) {
            // The advice events the referral form writes: the draft's when the advice is shown while
            // writing, then the one written with the referral (none for a withdrawn draft).
            sink.adviceEvent({
              at: submitted - Math.floor(createdOffset / 2),
              draft_id: draftId,
              referral_id: null,
              exam_code: mix.code,
              topic_id: sent.topicId,
              topic_version: sent.topicVersion,
              rating: sent.rating,
              score: sent.score,
              facts: shownFacts,
            });
            if (decision !== 'withdrawn')
              sink.adviceEvent({
                at: submitted,
                draft_id: draftId,
                referral_id: id,
                exam_code: mix.code,
                topic_id: sent.topicId,
                topic_version: sent.topicVersion,
                rating: sent.rating,
                score: sent.score,
                facts,
              });
            // The override reason is illustrative (no published distribution): one of the codes, evenly.
            // A withdrawal keeps the alternative's kind as its reason (submitReferral).
            const reason =
              decision === 'overridden'
                ? OVERRIDE_REASONS[mix32(overrideSeed, i) % OVERRIDE_REASONS.length].code
                : decision === 'withdrawn'
                  ? sent.alternative!.kind
                  : null;
            sink.decision({
              referralId: decision === 'withdrawn' ? null : id,
              at: submitted,
              topicId: sent.topicId,
              topicVersion: sent.topicVersion,
              rating: sent.rating,
              decision,
              reasonCode: reason,
              patientId: `pat-${p + 1}`,
              examCode: mix.code,
              draftId,
            });
            // Withdrawn: nothing was sent, so no referral, events or exam.
            if (decision === 'withdrawn') break;
          }
          sink.referral({
            id,
            patient_id: `pat-${p + 1}`,
            referrer_person_id: referrer.personId,
            referrer_org_id: referrer.orgId,
            department_org_id: dept.orgId,
            exam_code: examCode,
            // Specialist care codes the indication in ICD-10, GPs and therapists in ICPC-2.
            indication_system: indicationSystem,
            indication_code: indicationCode,
            clinical_question: scenario.question,
            clinical_note: note,
            urgency,
            status,
            low_value: lowValue,
            patient_area_id: cell.area.id,
            patient_age: age,
            patient_sex: sex,
            created_at: submitted - createdOffset,
            submitted_at: submitted,
            assessed_at: assessedAt,
            scheduled_at: booked ? scheduled : null,
            performed_at: done ? performed : null,
            reported_at: status === 'reported' ? reported : null,
            source: 'synthetic',
            advice,
            facts,
            assessment_due_date: dueDayOf(submitted, rule.workingDays),
            priority_category: category,
            exam_due_date: examDueDay,
            assessed_by_person_id: assessedAt === null ? null : assessor,
          });

          // The events the live path writes for this history, oldest first (assessment/event-history.ts).
          // Without the JSON `data` the live path adds to 'submitted' and 'accepted': it repeats columns
          // of the referral (assessment_due_date, exam_due_date, the department), nothing reads it, and
          // for millions of events it would be a fifth of all the text the database parses.
          // Each kind has its own slot among the referral's ids, in the order the history runs.
          const eventId = eventBase + i * EVENT_SLOTS;
          sink.event(eventId + 1, id, submitted, 'submitted', null, 'submitted', referrer.personId, 'referrer', rule.reason, null);
          // The question drawn for every thread, also one the end cut short, so the draws stay in place.
          const q = thread ? erng.int(0, INFO_QUESTIONS.length - 1) : 0;
          if (thread && ended > asked) {
            const messageId = messageBase + i * MESSAGE_SLOTS;
            sink.message(messageId + 1, id, asked, assessor, 'department', INFO_QUESTIONS[q]);
            sink.event(eventId + 2, id, asked, 'info_requested', 'submitted', 'info_requested', assessor, 'radiologist', null, null);
            if (ended > answered) {
              sink.message(messageId + 2, id, answered, referrer.personId, 'referrer', INFO_ANSWERS[q]);
              sink.event(eventId + 3, id, answered, 'info_answered', 'info_requested', 'submitted', referrer.personId, 'referrer', null, null);
            }
          }
          if (returned) {
            const reason = scenario.lowValue ? (erng.chance(0.9) ? 'not_indicated' : 'missing_information') : erng.pick(NON_LOW_VALUE_RETURNS);
            const text = reason === 'other' ? erng.pick(OTHER_RETURN_TEXTS) : null;
            sink.event(eventId + 4, id, assessed, 'returned', 'submitted', 'returned', assessor, 'radiologist', reason, text);
          } else if (accepted) {
            sink.event(eventId + 4, id, assessed, 'accepted', 'submitted', 'accepted', assessor, 'radiologist', category, null);
            // Booked by one of the department's secretaries (booking/service.ts names the booker and
            // their booking role), performed as the modality reports it (MPPS: role 'modality', no
            // person, assessment/referral-steps.ts#referralPerformed), reported by the radiologist who signed
            // (reporting/store.ts#markReported).
            if (booked) {
              const booker = dept.secretaries[mix32(bookerSeed, i) % dept.secretaries.length];
              sink.event(eventId + 5, id, scheduled, 'scheduled', 'accepted', 'scheduled', booker, 'secretary', null, null);
            }
            if (done) sink.event(eventId + 6, id, performed, 'performed', 'scheduled', 'performed', null, 'modality', null, null);
            if (status === 'reported') {
              const signer = dept.radiologists[mix32(reporterSeed, i) % dept.radiologists.length];
              sink.event(eventId + 7, id, reported, 'reported', 'performed', 'reported', signer, 'radiologist', null, null);
            }
          }
          if (status === 'cancelled') {
            // The end, from the status the referral had then, as closing.ts#endWithoutExam writes it:
            // the referrer withdraws (role 'referrer', no reason code, an optional text); the department
            // closes with a reason (a text for 'other'): before assessment the radiologist assessing it,
            // once accepted one of its secretaries (both CLOSE_ROLES).
            const from: ReferralStatus = booked
              ? 'scheduled'
              : accepted
                ? 'accepted'
                : thread && ended > asked && ended <= answered
                  ? 'info_requested'
                  : 'submitted';
            if (endKind === 'withdrawn') {
              const text = xrng.chance(0.4) ? xrng.pick(WITHDRAW_TEXTS) : null;
              sink.event(eventId + 8, id, ended, 'withdrawn', from, 'cancelled', referrer.personId, 'referrer', null, text);
            } else {
              const reasons = booked ? CLOSE_REASON_WEIGHTS : CLOSE_REASON_WEIGHTS.filter(([r]) => r !== 'repeated_no_show');
              const reason = new Weighted(
                reasons.map(([r]) => r),
                reasons.map(([, w]) => w),
              ).pick(xrng);
              const text = reason === 'other' ? xrng.pick(OTHER_CLOSE_TEXTS) : null;
              const bySecretary = accepted || assessor === null;
              const actor = bySecretary ? dept.secretaries[mix32(bookerSeed, i) % dept.secretaries.length] : assessor;
              sink.event(eventId + 8, id, ended, 'closed_without_exam', from, 'cancelled', actor, bySecretary ? 'secretary' : 'radiologist', reason, text);
            }
          }
          if (done) {
            const machines = dept.modalities.get(machineKind);
            sink.exam(
              `exam-${i + 1}`,
              id,
              examCode,
              machines ? machines[i % machines.length] : null,
              dept.orgId,
              cell.area.id,
              performed,
              status === 'reported' ? reported : null,
            );
          }
          break;
        }
      }
      return made;
    };
  }

  /** Referrals with their exams, events and messages as row objects, in batches, for referral numbers [from, to) (default: all). */
  function* referrals(batchSize: number, from = 0, to = options.referrals): Generator<ReferralBatch> {
    const sink = new RowSink();
    const make = referralMaker(sink, from, to);
    while (make(batchSize) > 0) yield sink.take();
  }

  // Handles for demo accounts: the largest department of the scope's largest trust.
  const largestArea = [...areas].filter((a) => !PRIVATE_HOSPITAL_AREAS.has(a.id)).sort((x, y) => y.population - x.population)[0];
  const largestMuni = municipalities.filter((m) => m.areaId === largestArea.id).sort((x, y) => y.population - x.population)[0];
  const gpList = gpsByMunicipality.get(largestMuni.number)!;
  const gpPracticeId = gpList[0].orgId;
  const chiro = othersByArea.get(largestArea.id)!.find((o) => o.kind === 'chiropractor')!;
  const doctor = hospitalDoctorsByArea.get(largestArea.id)![0];

  return {
    options,
    areas,
    municipalities,
    organizations,
    modalities,
    agreements,
    persons,
    patientCount,
    patients,
    referrals,
    referralMaker,
    samplingFraction,
    handles: {
      regionIds,
      largestDepartmentId: departmentsByArea.get(largestArea.id)![0].orgId,
      largestHfId: `hf-${largestArea.id}`,
      gpPractice: { orgId: gpPracticeId, personIds: gpList.filter((g) => g.orgId === gpPracticeId).map((g) => g.personId) },
      hospitalDoctor: { orgId: doctor.orgId, personId: doctor.personId },
      chiropractor: { orgId: chiro.orgId, personId: chiro.personId },
    },
  };
}
