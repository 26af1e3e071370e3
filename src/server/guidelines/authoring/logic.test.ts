// The pure parts of authoring: version numbers, the four-eyes rule, which version is in effect
// when, and the readable diff.
import { describe, expect, it } from 'vitest';
import { loadGuidelinePack, loadRights } from '../loader.ts';
import { diffDocuments } from './diff.ts';
import { compareVersions, nextVersion, validateDocument } from './document.ts';
import { buildTimeline, versionInEffect } from './timeline.ts';
import { dateRefusal, MAX_DAYS_AHEAD, publishRefusal, refusalOf } from './workflow.ts';

describe('version numbers', () => {
  it('gives the next minor version after the highest, never reusing one', () => {
    expect(nextVersion(['1.1.0', '1.0.0'])).toBe('1.2.0');
    expect(nextVersion(['1.9.0', '1.10.0'])).toBe('1.11.0');
    expect(nextVersion(['2.0.3', 'junk'])).toBe('2.1.0');
    expect(nextVersion([])).toBe('0.1.0');
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
  });
});

describe('four eyes', () => {
  const v = { state: 'in_review' as const, createdBy: 'anna', editors: ['anna', 'carl'] };
  it('refuses approval by anyone who wrote or changed the version', () => {
    expect(refusalOf(v, 'approve', 'anna')?.code).toBe('own-change');
    expect(refusalOf(v, 'approve', 'carl')?.code).toBe('own-change');
    expect(refusalOf({ ...v, editors: [] }, 'approve', 'anna')?.code).toBe('own-change');
    expect(refusalOf(v, 'approve', 'bjorn')).toBeNull();
  });
  it('allows each step only from its state', () => {
    expect(refusalOf({ ...v, state: 'draft' }, 'publish', 'bjorn')?.code).toBe('wrong-state');
    expect(refusalOf({ ...v, state: 'approved' }, 'publish', 'anna')).toBeNull();
    expect(refusalOf({ ...v, state: 'published' }, 'withdraw', 'anna')?.code).toBe('wrong-state');
  });
  it('refuses a publication backwards in time or with failing checks', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(publishRefusal(new Date('2026-11-30T10:00:00Z'), now, true)?.code).toBe('bad-date');
    expect(publishRefusal(new Date('2026-12-08T10:00:00Z'), now, false)?.code).toBe('checks-failed');
    expect(publishRefusal(now, now, true)).toBeNull();
    // More than two years ahead (MAX_DAYS_AHEAD) is refused; just within it is not.
    expect(publishRefusal(new Date('9999-12-31T00:00:00Z'), now, true)?.code).toBe('bad-date');
    expect(publishRefusal(new Date(now.getTime() + (MAX_DAYS_AHEAD + 1) * 86_400_000), now, true)?.code).toBe('bad-date');
    expect(publishRefusal(new Date(now.getTime() + (MAX_DAYS_AHEAD - 1) * 86_400_000), now, true)).toBeNull();
    expect(dateRefusal(new Date('nonsense'), now)?.code).toBe('bad-date');
  });
});

describe('version in effect', () => {
  const d = (s: string) => new Date(`2026-${s}T00:00:00Z`);
  const v = (id: string, from: string, retired: string | null = null) => ({
    id,
    topicId: 'kne',
    effectiveFrom: d(from),
    retiredAt: retired ? d(retired) : null,
    publishedAt: d(from),
  });
  it('is the published version with the latest effective date at or before the time', () => {
    const vs = [v('a', '01-01'), v('b', '06-01')];
    expect(versionInEffect(vs, 'kne', d('03-01'))?.id).toBe('a');
    expect(versionInEffect(vs, 'kne', d('06-01'))?.id).toBe('b');
    expect(versionInEffect(vs, 'kne', d('01-01'))?.id).toBe('a');
    expect(versionInEffect(vs, 'kne', new Date('2025-12-31T00:00:00Z'))).toBeNull();
  });
  it('is none once the topic is retired, and a cancelled scheduled version never takes effect', () => {
    expect(versionInEffect([v('a', '01-01', '03-01')], 'kne', d('04-01'))).toBeNull();
    expect(versionInEffect([v('a', '01-01'), v('b', '06-01', '02-01')], 'kne', d('07-01'))?.id).toBe('a');
  });
  it('builds one pack per moment of change, each with the versions in effect then', () => {
    const pack = loadGuidelinePack();
    const knee = pack.topics.find((t) => t.id === 'kne')!;
    const hip = pack.topics.find((t) => t.id === 'hofte')!;
    const ev = (id: string, topic: typeof knee, version: string, from: string, retired: string | null = null) => ({
      versionId: id,
      topicId: topic.id,
      effectiveFrom: d(from),
      retiredAt: retired ? d(retired) : null,
      publishedAt: d(from),
      topic: { ...topic, version },
      silent: false,
    });
    const tl = buildTimeline([ev('k1', knee, '1.0.0', '01-01'), ev('h1', hip, '1.0.0', '01-01', '05-01'), ev('k2', knee, '2.0.0', '03-01')], loadRights());
    expect(tl.map((e) => e.effectiveFrom.toISOString().slice(5, 10))).toEqual(['01-01', '03-01', '05-01']);
    expect(tl[0].pack.topics.map((t) => `${t.id}@${t.version}`)).toEqual(['hofte@1.0.0', 'kne@1.0.0']);
    expect(tl[1].pack.topics.map((t) => `${t.id}@${t.version}`)).toEqual(['hofte@1.0.0', 'kne@2.0.0']);
    expect(tl[2].pack.topics.map((t) => `${t.id}@${t.version}`)).toEqual(['kne@2.0.0']);
    expect(tl[2].pack.byExam.has('SNF0AG')).toBe(false);
  });
});

describe('readable diff', () => {
  it('names rules by their summary, gives conditions in words, and sees a new order', () => {
    const rule = (id: string, when: string, summary: string) => ({ id, when, outcome: { rating: 'appropriate', summary: { nb: summary } } });
    const a = { id: 'x', version: '1.0.0', title: { nb: 'A' }, rules: [rule('r1', 'trauma', 'Etter traume'), rule('r2', 'age >= 45', 'Eldre')] };
    const b = {
      id: 'x',
      version: '1.1.0',
      title: { nb: 'B' },
      rules: [rule('r2', 'age >= 50', 'Eldre'), rule('r1', 'trauma', 'Etter traume'), rule('r3', 'fever', 'Feber')],
    };
    const changes = diffDocuments(a, b);
    expect(changes).toContainEqual({ path: ['title', 'nb'], kind: 'changed', before: 'A', after: 'B' });
    const when = changes.find((c) => c.path.join('.') === 'rules.r2.when')!;
    expect(when.item).toBe('Eldre');
    expect(when.beforeWords).toMatch(/45/);
    expect(when.afterWords).toMatch(/50/);
    expect(when.afterWords).not.toContain('>=');
    expect(changes.some((c) => c.kind === 'added' && c.path[1] === 'r3')).toBe(true);
    expect(changes.some((c) => c.kind === 'reordered')).toBe(true);
    expect(changes.some((c) => c.path[0] === 'version')).toBe(false);
    expect(diffDocuments(a, a)).toEqual([]);
  });
});

describe('document validation', () => {
  it('refuses a non-object and a topic without rules, with the place', () => {
    expect(validateDocument([]).errors[0].path).toEqual([]);
    const r = validateDocument({ id: 'x', version: '1.0.0', status: 'draft', title: { nb: 'X' } });
    expect(r.ok).toBe(false);
    expect(r.errors[0].path[0]).toBe('sources');
  });
});
