// The guideline pack the running server uses: loaded and validated once.
import { loadGuidelinePack } from '../guidelines/loader.ts';
import type { GuidelinePack } from '../guidelines/types.ts';

let pack: GuidelinePack | undefined;
export function guidelinePack(): GuidelinePack {
  pack ??= loadGuidelinePack();
  return pack;
}
