// Low-value indicator definitions (content/analytics/low-value-indicators.yaml): loaded,
// validated, and compiled to SQL conditions on a referral (alias r) that the aggregate refresh
// (store.ts) counts. The definitions are data so the network and departments can change them
// without code; the format is documented in the file itself and in docs/analytics.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import YAML from 'yaml';

export const INDICATORS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content/analytics/low-value-indicators.yaml');

export type Condition =
  { not_indication: string[] } | { no_prior_exam: { codes: string[]; days: number } } | { flagged_low_value: true } | { advice_rating: string[] };

export interface IndicatorDefinition {
  id: string;
  name_nb: string;
  name_en: string;
  source: string;
  denominator: { exam_codes: string[]; min_age?: number; max_age?: number; indication_codes?: string[]; went_ahead?: boolean };
  numerator: { all?: Condition[]; any?: Condition[] };
}

const CODE = /^[A-Z0-9.]{1,10}$/;

function fail(where: string, message: string): never {
  throw new Error(`${INDICATORS_FILE}: ${where}: ${message}`);
}

function codes(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((c) => typeof c === 'string' && CODE.test(c))) fail(where, 'must be a non-empty list of codes');
  return v as string[];
}

function condition(c: unknown, where: string): Condition {
  if (!c || typeof c !== 'object' || Object.keys(c).length !== 1) fail(where, 'a condition has exactly one kind');
  const o = c as Record<string, unknown>;
  if ('not_indication' in o) return { not_indication: codes(o.not_indication, `${where}.not_indication`) };
  if ('flagged_low_value' in o) {
    if (o.flagged_low_value !== true) fail(where, 'flagged_low_value must be true');
    return { flagged_low_value: true };
  }
  if ('advice_rating' in o) {
    const r = o.advice_rating;
    if (!Array.isArray(r) || !r.every((x) => ['appropriate', 'may_be_appropriate', 'usually_not_appropriate'].includes(x as string)))
      fail(where, 'unknown advice rating');
    return { advice_rating: r as string[] };
  }
  if ('no_prior_exam' in o) {
    const p = o.no_prior_exam as { codes?: unknown; days?: unknown } | null;
    if (!p || !Number.isInteger(p.days) || (p.days as number) < 1 || (p.days as number) > 3650) fail(where, 'no_prior_exam needs codes and days (1–3650)');
    return { no_prior_exam: { codes: codes(p.codes, `${where}.no_prior_exam.codes`), days: p.days as number } };
  }
  fail(where, `unknown condition ${Object.keys(o)[0]}`);
}

/** Parses and validates indicator definitions (YAML text). Throws an Error naming the place of a mistake. */
export function parseIndicators(text: string): IndicatorDefinition[] {
  const doc: unknown = YAML.parse(text);
  if (!Array.isArray(doc)) fail('top', 'must be a list of indicators');
  const seen = new Set<string>();
  return doc.map((d: Record<string, unknown>, i) => {
    const where = `indicator ${i + 1}`;
    if (typeof d.id !== 'string' || !/^[a-z0-9-]{1,60}$/.test(d.id)) fail(where, 'id must be lower-case letters, digits and dashes');
    const id = d.id;
    if (seen.has(d.id)) fail(where, `duplicate id ${d.id}`);
    seen.add(d.id);
    for (const k of ['name_nb', 'name_en', 'source']) if (typeof d[k] !== 'string' || !d[k]) fail(`${d.id}`, `${k} is required`);
    const den = d.denominator as Record<string, unknown> | undefined;
    if (!den) fail(d.id, 'denominator is required');
    const age = (k: string) => {
      if (den[k] === undefined) return undefined;
      if (!Number.isInteger(den[k]) || (den[k] as number) < 0 || (den[k] as number) > 120) fail(`${d.id}.denominator.${k}`, 'must be an age in years');
      return den[k] as number;
    };
    const num = d.numerator as Record<string, unknown> | undefined;
    if (!num || (!num.all && !num.any)) fail(d.id, 'numerator needs all or any');
    const list = (k: 'all' | 'any') =>
      num[k] === undefined
        ? undefined
        : Array.isArray(num[k])
          ? (num[k] as unknown[]).map((c, j) => condition(c, `${d.id}.numerator.${k}[${j}]`))
          : fail(id, `${k} must be a list`);
    return {
      id: d.id,
      name_nb: d.name_nb as string,
      name_en: d.name_en as string,
      source: d.source as string,
      denominator: {
        exam_codes: codes(den.exam_codes, `${d.id}.denominator.exam_codes`),
        min_age: age('min_age'),
        max_age: age('max_age'),
        indication_codes: den.indication_codes === undefined ? undefined : codes(den.indication_codes, `${d.id}.denominator.indication_codes`),
        went_ahead: den.went_ahead === undefined ? true : den.went_ahead === true,
      },
      numerator: { all: list('all'), any: list('any') },
    };
  });
}

let cached: IndicatorDefinition[] | undefined;
/** The packaged indicator definitions (read once). */
export function loadIndicators(): IndicatorDefinition[] {
  cached ??= parseIndicators(fs.readFileSync(INDICATORS_FILE, 'utf8'));
  return cached;
}

const prefixes = (list: string[]) => list.map((c) => `${c}%`);

/**
 * A numerator compiled for the refresh (store.ts): a condition on referral r, where r ranges over
 * a materialized CTE named `den` holding the denominator's referrals (columns id, patient_id,
 * submitted_at, indication_code, low_value, advice). Each look-back condition (no_prior_exam)
 * becomes its own CTE of the `den` referrals that had such a prior exam, computed once as a set
 * (one join) and left-joined to r, instead of a correlated subquery per referral.
 */
export interface NumeratorPlan {
  /** CTE definitions (`name AS (…)`) to follow `den` in the WITH list. */
  ctes: RawBuilder<unknown>[];
  /** `LEFT JOIN …` clauses to add after `FROM den r`. */
  joins: RawBuilder<unknown>[];
  /** The numerator as a condition on r and the joined CTEs (never NULL). */
  condition: RawBuilder<boolean>;
}

function conditionSql(c: Condition, plan: Pick<NumeratorPlan, 'ctes' | 'joins'>): RawBuilder<boolean> {
  if ('not_indication' in c) return sql<boolean>`NOT (coalesce(r.indication_code, '') LIKE ANY (${prefixes(c.not_indication)}::text[]))`;
  if ('flagged_low_value' in c) return sql<boolean>`r.low_value IS TRUE`;
  if ('advice_rating' in c)
    // The rating of the referral's own exam: its advice snapshot, or the decision on it — not a
    // decision to take the advice's alternative, whose rating was of the exam first asked for.
    return sql<boolean>`((r.advice ->> 'rating') = ANY (${c.advice_rating}::text[]) OR EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id
      AND d.decision <> 'alternative_accepted' AND d.rating = ANY (${c.advice_rating}::text[])))`;
  // "No exam with one of these codes for the same patient in the `days` before submission".
  const name = sql.raw(`prior_${plan.ctes.length}`);
  plan.ctes.push(sql`${name} AS (SELECT DISTINCT d.id FROM den d
    JOIN referral r2 ON r2.patient_id = d.patient_id
    JOIN exam e2 ON e2.referral_id = r2.id
    WHERE e2.exam_code = ANY (${c.no_prior_exam.codes}::text[])
      AND e2.performed_at < d.submitted_at AND e2.performed_at >= d.submitted_at - make_interval(days => ${c.no_prior_exam.days}::int))`);
  plan.joins.push(sql`LEFT JOIN ${name} ON ${name}.id = r.id`);
  return sql<boolean>`${name}.id IS NULL`;
}

/** Compiles the indicator's numerator (within the denominator) for a refresh over the CTE `den`; see NumeratorPlan. */
export function numeratorPlan(d: IndicatorDefinition): NumeratorPlan {
  const plan: NumeratorPlan = { ctes: [], joins: [], condition: sql<boolean>`true` };
  const parts: RawBuilder<boolean>[] = [];
  if (d.numerator.all?.length)
    parts.push(
      sql<boolean>`(${sql.join(
        d.numerator.all.map((c) => conditionSql(c, plan)),
        sql` AND `,
      )})`,
    );
  if (d.numerator.any?.length)
    parts.push(
      sql<boolean>`(${sql.join(
        d.numerator.any.map((c) => conditionSql(c, plan)),
        sql` OR `,
      )})`,
    );
  plan.condition = sql<boolean>`(${sql.join(parts, sql` AND `)}) IS TRUE`;
  return plan;
}

/** The indicator's denominator as a SQL condition on referral r. */
export function denominatorSql(d: IndicatorDefinition): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [sql<boolean>`r.exam_code = ANY (${d.denominator.exam_codes}::text[])`];
  if (d.denominator.min_age !== undefined) parts.push(sql<boolean>`r.patient_age >= ${d.denominator.min_age}::int`);
  if (d.denominator.max_age !== undefined) parts.push(sql<boolean>`r.patient_age <= ${d.denominator.max_age}::int`);
  if (d.denominator.indication_codes) parts.push(sql<boolean>`coalesce(r.indication_code, '') LIKE ANY (${prefixes(d.denominator.indication_codes)}::text[])`);
  if (d.denominator.went_ahead !== false) parts.push(sql<boolean>`r.performed_at IS NOT NULL`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}
