import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/harness.ts';
import { advise } from './advise.ts';
import { derivePackVersion, GuidelineCatalogue } from './catalogue.ts';
import type { GuidelinePack, Topic } from './types.ts';

/** The same pack with topic `id` at another version (byExam rebuilt to point at the new topic). */
function withTopicVersion(pack: GuidelinePack, id: string, version: string): GuidelinePack {
  const topics: Topic[] = pack.topics.map((t) => (t.id === id ? { ...t, version } : t));
  const byExam = new Map<string, Topic[]>();
  for (const t of topics) if (t.status === 'published') for (const code of t.appliesTo.examCodes) byExam.set(code, [...(byExam.get(code) ?? []), t]);
  return { ...pack, topics, byExam };
}

const knee = (pack: GuidelinePack) =>
  advise(
    pack,
    { examCode: 'SNG0AG', patient: { ageYears: 45, sex: 'F' }, referrerKind: 'gp', facts: {}, text: 'Kne smerter i 12 uker, ikke traume.' },
    { now: new Date() },
  );

describe('GuidelineCatalogue', () => {
  const base = GuidelineCatalogue.fromContent();
  const original = base.current();

  it('derives the same version from the same content, and another when a topic version changes', () => {
    expect(original.version).toMatch(/^p-[0-9a-f]{16}$/);
    expect(GuidelineCatalogue.fromContent().version).toBe(original.version);
    expect(derivePackVersion(withTopicVersion(original.pack, 'kne', 'other'))).not.toBe(original.version);
  });

  it('publishes a new pack without a restart; a reader holding the old pack keeps it', () => {
    const catalogue = new GuidelineCatalogue(original.pack);
    const held = catalogue.current();
    const next = catalogue.publish(withTopicVersion(original.pack, 'kne', '2099.1'));
    expect(catalogue.current()).toBe(next);
    expect(catalogue.version).toBe(next.version);
    expect(next.version).not.toBe(held.version);
    // The held pack is unchanged: one answer never mixes two packs.
    expect(knee(held.pack).advice?.topicVersion).toBe(original.pack.topics.find((t) => t.id === 'kne')!.version);
    expect(knee(catalogue.current().pack).advice?.topicVersion).toBe('2099.1');
    expect(Object.isFrozen(held)).toBe(true);
  });

  it('takes an explicit version from the publisher', () => {
    const catalogue = new GuidelineCatalogue(original.pack, 'v1');
    expect(catalogue.version).toBe('v1');
    expect(catalogue.publish(original.pack, 'v2').version).toBe('v2');
  });
});

describe('the app uses its own catalogue', () => {
  let t: TestContext;
  const guidelines = GuidelineCatalogue.fromContent();
  beforeAll(async () => {
    t = await createTestContext({}, { guidelines });
  });
  afterAll(async () => t?.close());

  it('shows a pack published at run time on the guideline pages at once', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/guidelines/kne' })).json();
    expect(before.version).toBe(guidelines.current().pack.topics.find((x) => x.id === 'kne')!.version);
    guidelines.publish(withTopicVersion(guidelines.current().pack, 'kne', '2099.2'));
    const after = (await t.app.inject({ method: 'GET', url: '/api/guidelines/kne' })).json();
    expect(after.version).toBe('2099.2');
    const list = (await t.app.inject({ method: 'GET', url: '/api/guidelines' })).json() as { id: string; version: string }[];
    expect(list.find((x) => x.id === 'kne')?.version).toBe('2099.2');
  });
});
