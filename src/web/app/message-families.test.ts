// Keys built at run time (`role.${role}`, `orgKind.${kind}` …) escape the type check: make sure
// every value the app can meet has its message, in both languages.
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n/index.ts';
import { PROFESSIONS, REFERRER_KINDS, ROLES } from '../admin/user-form.ts';
import { DAYS } from '../directory/opening-hours.ts';
import { ROLE_FEATURES } from '../start/features.ts';
import { NAV_ITEMS } from './navigation.ts';

const ORG_KINDS = ['rhf', 'hf', 'site', 'department', 'private_hospital', 'private_institute', 'gp_practice', 'specialist_practice', 'network'];
const ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'export'];

describe('messages for values the app meets', () => {
  const needed = [
    ...ROLES.flatMap((r) => [`role.${r}`, `start.${r}`]),
    ...PROFESSIONS.map((p) => `profession.${p}`),
    ...REFERRER_KINDS.map((k) => `referrerKind.${k}`),
    ...ORG_KINDS.map((k) => `orgKind.${k}`),
    ...DAYS.map((d) => `day.${d}`),
    ...ACTIONS.map((a) => `audit.action.${a}`),
  ];
  it.each(['nb', 'en'] as const)('exist in %s', (locale) => {
    const keys = new Set(Object.keys(MESSAGES[locale]));
    expect(needed.filter((k) => !keys.has(k))).toEqual([]);
  });
  it('cover every role the start page and menu know', () => {
    expect(Object.keys(ROLE_FEATURES).sort()).toEqual([...ROLES].sort());
    for (const item of NAV_ITEMS) if (item.roles !== 'all') for (const r of item.roles) expect(ROLES).toContain(r);
  });
});
