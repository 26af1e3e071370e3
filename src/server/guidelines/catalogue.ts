// The guideline catalogue: the referral-advice pack in effect, as a versioned object the app is
// given (buildApp({ guidelines })) instead of a process-wide singleton. Publishing a new pack swaps
// it atomically without a restart; a reader that already took a pack (one request, one CDS call,
// one generator run) keeps using that pack to the end, so one answer never mixes two packs.
// Every stored advice still records its topic's own version (Advice.topicVersion).
//
// Packs have an effective date (issue 11): the catalogue keeps a timeline of packs, and
// `current(at)` gives the pack in effect at `at` (default now), so a version published today with
// an effective date next Monday takes over on Monday without anyone acting, and a referral is
// evaluated by the pack in effect when it is written. The authoring domain
// (guidelines/authoring) builds the timeline from the stored topic versions and hands it over
// with `replaceTimeline`.
import crypto from 'node:crypto';
import { GUIDELINES_DIR, loadGuidelinePack, RIGHTS_FILE } from './loader.ts';
import type { GuidelinePack } from './types.ts';

/** A pack as published: the pack itself, its version, and when it took effect. */
export interface PublishedPack {
  /**
   * The pack's version: given by the publisher, or derived from the pack's content (topic ids,
   * topic versions and statuses, exam codes and the referral-rights catalogue), so the same content
   * gives the same version across restarts and any topic version change gives a new one.
   */
  readonly version: string;
  readonly pack: GuidelinePack;
  readonly publishedAt: Date;
  /** From when the pack is in effect (until the next entry of the timeline). */
  readonly effectiveFrom: Date;
}

/** One entry of a timeline handed to replaceTimeline. */
export interface TimelineEntry {
  pack: GuidelinePack;
  effectiveFrom: Date;
  version?: string;
}

/** A stable version string for a pack: `p-` + the first 16 hex digits of a SHA-256 of its published shape. */
export function derivePackVersion(pack: GuidelinePack): string {
  const shape = {
    topics: pack.topics.map((t) => [t.id, t.version, t.status, t.appliesTo.examCodes]),
    rights: Object.entries(pack.rights.limited)
      .map(([kind, r]) => [kind, [...(r?.examCodes ?? [])].sort(), r?.source ?? ''])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  };
  return `p-${crypto.createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16)}`;
}

const EPOCH = new Date(0);

export class GuidelineCatalogue {
  /** Sorted by effectiveFrom, ascending; never empty. */
  #timeline: PublishedPack[];

  /** A catalogue with `pack` in effect (version derived from the pack unless given). */
  constructor(pack: GuidelinePack, version?: string, now = new Date()) {
    this.#timeline = [Object.freeze({ pack, version: version ?? derivePackVersion(pack), publishedAt: now, effectiveFrom: EPOCH })];
  }

  /**
   * A catalogue with the pack read and validated from the content files (content/guidelines/*.yaml
   * and the referral-rights catalogue; loader.ts). Throws ContentError naming file, rule and field
   * when the content is invalid.
   */
  static fromContent(dir = GUIDELINES_DIR, rightsFile = RIGHTS_FILE): GuidelineCatalogue {
    return new GuidelineCatalogue(loadGuidelinePack(dir, rightsFile));
  }

  /**
   * The published pack in effect at `at` (default now), with its version: the last timeline entry
   * whose effectiveFrom ≤ at (the first entry when `at` is before all). Take it once per unit of
   * work and keep it.
   */
  current(at: Date = new Date()): PublishedPack {
    const tl = this.#timeline;
    const t = at.getTime();
    for (let i = tl.length - 1; i > 0; i--) if (tl[i].effectiveFrom.getTime() <= t) return tl[i];
    return tl[0];
  }

  /** The version of the pack in effect now. */
  get version(): string {
    return this.current().version;
  }

  /** The whole timeline (oldest first), e.g. for the next scheduled change. */
  timeline(): readonly PublishedPack[] {
    return this.#timeline;
  }

  /**
   * Puts `pack` in effect from now on, atomically (one reference swap; JavaScript runs one request's
   * synchronous code at a time). Readers that already hold the previous PublishedPack keep theirs.
   * Entries scheduled after `now` are dropped (they were built without this pack). Returns the new
   * PublishedPack. The pack must come validated (loadGuidelinePack validates).
   */
  publish(pack: GuidelinePack, version?: string, now = new Date()): PublishedPack {
    const kept = this.#timeline.filter((e, i) => i > 0 && e.effectiveFrom.getTime() < now.getTime());
    const first = this.#timeline[0].effectiveFrom.getTime() < now.getTime() ? [this.#timeline[0]] : [];
    const next = Object.freeze({ pack, version: version ?? derivePackVersion(pack), publishedAt: now, effectiveFrom: first.length ? now : EPOCH });
    this.#timeline = [...first, ...kept, next];
    return next;
  }

  /**
   * Replaces the whole timeline at once (the authoring domain, after a publish, a retirement or at
   * start-up). `entries` need not be sorted; the earliest is taken to hold since always. Throws on
   * an empty list.
   */
  replaceTimeline(entries: TimelineEntry[], now = new Date()): void {
    if (entries.length === 0) throw new Error('a catalogue timeline needs at least one pack');
    const sorted = [...entries].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
    this.#timeline = sorted.map((e, i) =>
      Object.freeze({ pack: e.pack, version: e.version ?? derivePackVersion(e.pack), publishedAt: now, effectiveFrom: i === 0 ? EPOCH : e.effectiveFrom }),
    );
  }
}
