// Before and after silent mode (issue 11 item 6): a topic runs silent — evaluated and recorded,
// not shown — to collect a baseline of what referrers send without the advice; once it goes live,
// the same measure on what they send with it. Pure: the store gives the counts.
//
// The measure is the share of sent referrals the advice rates "usually not appropriate" (the
// low-value share the analytics also count): without the advice it shows the referrers' habit;
// with it, referrals withdrawn for watchful waiting or changed to the suggested alternative leave
// that share, and overrides stay in it with a reason. The difference (after − before) has
// Newcombe's hybrid score interval (analytics/statistics/proportions.ts). Observational: other
// changes over the same time (season, new referrers, other topics) are not adjusted for.
import { newcombeDifference, wilsonInterval } from '../../analytics/statistics/proportions.ts';

/** A silent-mode switch of the topic: on (`silent: true`) or off, at `at`. */
export interface SilentSwitch {
  at: Date;
  silent: boolean;
}

export interface Window {
  from: Date;
  /** null: still running. */
  to: Date | null;
}

/**
 * The windows to compare, from the topic's switches (oldest first; repeated switches to the same
 * state count once): the latest silent period that was followed by going live, and the live
 * period after it (up to the next silent period or now). A topic that is silent now and was
 * never live after silence has its baseline and no after; a topic never silent has neither.
 * `state`: 'never' (never silent), 'silent' (silent now), 'live' (live after a silent period).
 */
export function comparisonWindows(switches: readonly SilentSwitch[]): { state: 'never' | 'silent' | 'live'; baseline: Window | null; after: Window | null } {
  const changes: SilentSwitch[] = [];
  for (const s of switches) if ((changes.at(-1)?.silent ?? false) !== s.silent) changes.push(s);
  if (changes.length === 0) return { state: 'never', baseline: null, after: null };
  const silentNow = changes.at(-1)!.silent;
  // The last "off" that ends a silent period.
  let off = -1;
  for (let i = changes.length - 1; i >= 1; i--)
    if (!changes[i]!.silent) {
      off = i;
      break;
    }
  if (off < 0) return { state: 'silent', baseline: { from: changes.at(-1)!.at, to: null }, after: null };
  return {
    state: silentNow ? 'silent' : 'live',
    baseline: { from: changes[off - 1]!.at, to: changes[off]!.at },
    after: { from: changes[off]!.at, to: changes[off + 1]?.at ?? null },
  };
}

export interface RatingCount {
  rating: string;
  silent: boolean;
  n: number;
}

export interface PeriodSummary {
  from: string;
  to: string | null;
  /** Referrals sent with this topic's advice in the window (silent advice before, shown after). */
  sent: number;
  byRating: Record<string, number>;
  /** Sent referrals rated "usually not appropriate": k of n, share, Wilson 95 % interval. */
  lowValue: { k: number; n: number; share: number; lower: number; upper: number } | null;
  /** Sent per week over the window (to now when it is still running). */
  perWeek: number;
  /** The referrers' decisions on the shown advice (none in a silent window). */
  decisions: Record<string, number>;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** One window's counts as shown: only rows whose silent flag matches the window's kind count. */
export function summarizePeriod(
  w: Window,
  silent: boolean,
  counts: readonly RatingCount[],
  decisions: readonly { decision: string; n: number }[],
  now: Date,
): PeriodSummary {
  const byRating: Record<string, number> = {};
  for (const c of counts) if (c.silent === silent) byRating[c.rating] = (byRating[c.rating] ?? 0) + c.n;
  const sent = Object.values(byRating).reduce((a, b) => a + b, 0);
  const k = byRating.usually_not_appropriate ?? 0;
  const ci = wilsonInterval(k, sent);
  const end = (w.to ?? now).getTime();
  const weeks = Math.max((end - w.from.getTime()) / WEEK_MS, 1 / 7);
  return {
    from: w.from.toISOString(),
    to: w.to ? w.to.toISOString() : null,
    sent,
    byRating,
    lowValue: ci ? { k, n: sent, share: k / sent, ...ci } : null,
    perWeek: Math.round((sent / weeks) * 10) / 10,
    decisions: silent ? {} : Object.fromEntries(decisions.map((d) => [d.decision, d.n])),
  };
}

/** after − before in the low-value share, with Newcombe's 95 % interval; null when either has no referrals. */
export function lowValueDifference(before: PeriodSummary, after: PeriodSummary): { difference: number; lower: number; upper: number } | null {
  if (!before.lowValue || !after.lowValue) return null;
  return newcombeDifference(after.lowValue.k, after.lowValue.n, before.lowValue.k, before.lowValue.n);
}
