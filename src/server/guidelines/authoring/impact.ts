// Impact preview (issue 11): before publishing, the new version is run over the stored referrals
// of the last N months for the topic's exams, beside the pack in effect, and the outcomes are
// counted by rating — how many would change, from which rating to which. A job in this process
// with progress; the referrals are read in pages (keyset on created_at, id), so memory stays flat
// and other requests are served between pages.
//
// Privacy: the job reads age, sex, indication, structured facts and the note of each referral —
// never who the patient is — and returns counts only. No personal data leaves it; it writes no
// access-log row per referral (an aggregate use like the analytics domain's), see docs/authoring.md.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Facts } from '../../../shared/facts.ts';
import type { DB } from '../../db/schema.ts';
import { advise } from '../advise.ts';
import { extractFacts } from '../free-text/extract.ts';
import type { GuidelinePack, Rating, Topic } from '../types.ts';
import { packWithTopic } from './checks.ts';
import * as store from './store.ts';

export type ImpactRating = Rating | 'none';

export interface ImpactResult {
  id: string;
  state: 'running' | 'done' | 'failed';
  months: number;
  total: number;
  processed: number;
  changed: number;
  /** Counts by rating under the pack in effect (before) and the new version (after). */
  before: Record<string, number>;
  after: Record<string, number>;
  /** "before→after" → count, changed outcomes only. */
  transitions: Record<string, number>;
  startedAt: string;
  finishedAt: string | null;
  error?: string;
}

const PAGE = 2000;
const jobs = new Map<string, ImpactResult>();
const running = new Map<string, Promise<void>>();

/** One referral through both packs: the ratings before and after (pure). */
export function compareOne(
  current: GuidelinePack,
  candidate: GuidelinePack,
  r: {
    exam_code: string;
    patient_age: number | null;
    patient_sex: string | null;
    indication_system: string | null;
    indication_code: string | null;
    facts: unknown;
    clinical_note: string | null;
    clinical_question: string | null;
  },
  now: Date,
): [ImpactRating, ImpactRating] {
  const input = {
    examCode: r.exam_code,
    patient: { ageYears: r.patient_age ?? 50, sex: (r.patient_sex === 'M' ? 'M' : 'F') as 'M' | 'F' },
    indication: r.indication_system && r.indication_code ? { system: r.indication_system as 'ICPC-2' | 'ICD-10', code: r.indication_code } : undefined,
    facts: (r.facts && typeof r.facts === 'object' ? r.facts : {}) as Facts,
    text: [r.clinical_question, r.clinical_note].filter(Boolean).join('\n') || undefined,
  };
  // The note is read once: the reading does not depend on the pack.
  const extracted = input.text ? extractFacts(input.text, { now }) : undefined;
  const a = advise(current, input, { now, extracted }).advice;
  const b = advise(candidate, input, { now, extracted }).advice;
  return [a?.rating ?? 'none', b?.rating ?? 'none'];
}

/**
 * Starts an impact preview of `topic` (a stored version, parsed) against `current` over the last
 * `months` months before `now`. Returns the job at once; `impactJob(id)` gives its progress.
 * Referrals without recorded age are read as 50 years (the generator always records it).
 */
export function startImpact(db: Kysely<DB>, current: GuidelinePack, topic: Topic, months: number, now = new Date()): ImpactResult {
  const candidate = packWithTopic(current, topic);
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - months);
  const job: ImpactResult = {
    id: crypto.randomUUID(),
    state: 'running',
    months,
    total: 0,
    processed: 0,
    changed: 0,
    before: {},
    after: {},
    transitions: {},
    startedAt: now.toISOString(),
    finishedAt: null,
  };
  jobs.set(job.id, job);
  // At most 50 jobs are kept: the oldest finished ones go first.
  for (const [id, j] of jobs) if (jobs.size > 50 && j.state !== 'running') jobs.delete(id);
  const codes = topic.appliesTo.examCodes;
  const run = async () => {
    job.total = await store.countImpactReferrals(db, codes, since);
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const page = await store.impactReferralPage(db, codes, since, after, PAGE);
      if (page.length === 0) break;
      for (const r of page) {
        const [x, y] = compareOne(current, candidate, r, r.created_at);
        job.before[x] = (job.before[x] ?? 0) + 1;
        job.after[y] = (job.after[y] ?? 0) + 1;
        if (x !== y) {
          job.changed++;
          job.transitions[`${x}→${y}`] = (job.transitions[`${x}→${y}`] ?? 0) + 1;
        }
      }
      job.processed += page.length;
      const last = page[page.length - 1];
      after = { at: last.cursor_at, id: last.id };
      // Let other requests in between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    job.total = Math.max(job.total, job.processed);
    job.state = 'done';
    job.finishedAt = new Date().toISOString();
  };
  const done = run()
    .catch((e: unknown) => {
      job.state = 'failed';
      job.error = (e as Error).message;
      job.finishedAt = new Date().toISOString();
    })
    .finally(() => running.delete(job.id));
  running.set(job.id, done);
  return job;
}

/** Resolves when the job has finished (done or failed); at once for a finished or unknown job. */
export async function impactSettled(id: string): Promise<void> {
  await running.get(id);
}

/** A job's progress or result, or undefined when unknown (or forgotten). */
export function impactJob(id: string): ImpactResult | undefined {
  return jobs.get(id);
}
