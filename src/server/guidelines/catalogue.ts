// The guideline catalogue: the referral-advice pack in effect, as a versioned object the app is
// given (buildApp({ guidelines })) instead of a process-wide singleton. Publishing a new pack swaps
// it atomically without a restart; a reader that already took a pack (one request, one CDS call,
// one generator run) keeps using that pack to the end, so one answer never mixes two packs.
// Every stored advice still records its topic's own version (Advice.topicVersion).
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

export class GuidelineCatalogue {
  #current: PublishedPack;

  /** A catalogue with `pack` in effect (version derived from the pack unless given). */
  constructor(pack: GuidelinePack, version?: string, now = new Date()) {
    this.#current = Object.freeze({ pack, version: version ?? derivePackVersion(pack), publishedAt: now });
  }

  /**
   * A catalogue with the pack read and validated from the content files (content/guidelines/*.yaml
   * and the referral-rights catalogue; loader.ts). Throws ContentError naming file, rule and field
   * when the content is invalid.
   */
  static fromContent(dir = GUIDELINES_DIR, rightsFile = RIGHTS_FILE): GuidelineCatalogue {
    return new GuidelineCatalogue(loadGuidelinePack(dir, rightsFile));
  }

  /** The published pack in effect, with its version. Take it once per unit of work and keep it. */
  current(): PublishedPack {
    return this.#current;
  }

  /** The version of the pack in effect. */
  get version(): string {
    return this.#current.version;
  }

  /**
   * Puts `pack` in effect from now on, atomically (one reference swap; JavaScript runs one request's
   * synchronous code at a time). Readers that already hold the previous PublishedPack keep theirs.
   * Returns the new PublishedPack. The pack must come validated (loadGuidelinePack validates).
   */
  publish(pack: GuidelinePack, version?: string, now = new Date()): PublishedPack {
    const next = Object.freeze({ pack, version: version ?? derivePackVersion(pack), publishedAt: now });
    this.#current = next;
    return next;
  }
}
