// Which version of each topic is in effect when (issue 11, "versions in use"). Pure.
//
// A topic's version in effect at time t is its published (or later retired) version with the
// latest effective date ≤ t; if that version was retired at or before t, the topic gives no advice
// at t (it stays readable in the history). A version retired before its effective date was a
// cancelled scheduled publication and is never in effect. The catalogue timeline has one pack per moment
// something changes (an effective date or a retirement).
import type { TimelineEntry } from '../catalogue.ts';
import { packOf } from '../loader.ts';
import type { ReferralRights, Topic } from '../types.ts';

export interface EffectiveVersion {
  versionId: string;
  topicId: string;
  effectiveFrom: Date;
  retiredAt: Date | null;
  /** Order among versions with the same effective date (later wins): when it was published. */
  publishedAt: Date;
  topic: Topic;
  silent: boolean;
}

/** The version of `topicId` in effect at `at`, or null (none yet, or retired). */
export function versionInEffect<T extends Pick<EffectiveVersion, 'topicId' | 'effectiveFrom' | 'retiredAt' | 'publishedAt'>>(
  versions: readonly T[],
  topicId: string,
  at: Date,
): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.topicId !== topicId || v.effectiveFrom.getTime() > at.getTime()) continue;
    // Retired before it took effect: a cancelled scheduled publication, never in effect.
    if (v.retiredAt && v.retiredAt.getTime() <= v.effectiveFrom.getTime()) continue;
    if (
      !best ||
      v.effectiveFrom.getTime() > best.effectiveFrom.getTime() ||
      (v.effectiveFrom.getTime() === best.effectiveFrom.getTime() && v.publishedAt.getTime() > best.publishedAt.getTime())
    )
      best = v;
  }
  if (best?.retiredAt && best.retiredAt.getTime() <= at.getTime()) return null;
  return best;
}

/** Topic order in a pack: the content files' order (file name `<id>.yaml`, sorted), which decides ties between topics of one exam. */
const fileOrder = (a: string, b: string) => (`${a}.yaml` < `${b}.yaml` ? -1 : `${a}.yaml` > `${b}.yaml` ? 1 : 0);

/**
 * The catalogue timeline from the stored versions: one pack for each moment a version takes
 * effect or is retired, holding every topic's version in effect then (status published, silent
 * as set). Empty when nothing is published.
 */
export function buildTimeline(versions: readonly EffectiveVersion[], rights: ReferralRights): TimelineEntry[] {
  const moments = new Set<number>();
  for (const v of versions) {
    moments.add(v.effectiveFrom.getTime());
    if (v.retiredAt) moments.add(v.retiredAt.getTime());
  }
  const topicIds = [...new Set(versions.map((v) => v.topicId))].sort(fileOrder);
  return [...moments]
    .sort((a, b) => a - b)
    .map((m) => {
      const at = new Date(m);
      const topics: Topic[] = [];
      for (const id of topicIds) {
        const v = versionInEffect(versions, id, at);
        if (v) topics.push({ ...v.topic, status: 'published', silent: v.silent });
      }
      return { effectiveFrom: at, pack: packOf(topics, rights) };
    });
}
