import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { plansEmptyKey, recordsEmptyKey } from './empty-states.ts';

describe('what an empty training page says to a newcomer', () => {
  it('tells a LIS without a plan who makes it and what the page will show', () => {
    const text = translate('nb', recordsEmptyKey(['lis']));
    expect(text).toMatch(/ingen individuell utdanningsplan/);
    expect(text).toMatch(/avdelingslederen/);
    expect(translate('en', recordsEmptyKey(['lis']))).toMatch(/no individual training plan/);
  });
  it('tells a leader what to do first, a specialist who makes the plans, others what the page is for', () => {
    expect(translate('nb', recordsEmptyKey(['department_leader', 'radiologist']))).toMatch(/Gå til avdelingens utdanningsplaner/);
    expect(translate('nb', recordsEmptyKey(['radiologist']))).toMatch(/Avdelingslederen lager planene/);
    expect(recordsEmptyKey(['secretary'])).toBe('trn.records.empty');
    expect(translate('nb', plansEmptyKey(['department_leader']))).toMatch(/Start fra malen/);
    expect(translate('nb', plansEmptyKey(['lis']))).toMatch(/lages av avdelingslederen/);
  });
});
