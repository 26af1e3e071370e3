// Which pages each role sees. One registry: a domain adds its page with one entry here and
// one route in routes.tsx. Pure, so it is tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';

export type Role =
  'referrer' | 'radiologist' | 'lis' | 'radiographer' | 'reporting_radiographer' | 'secretary' | 'department_leader' | 'network_editor' | 'analyst' | 'admin';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** Roles that see the item; 'all' = any logged-in user. */
  roles: readonly Role[] | 'all';
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'nav.start', roles: 'all' },
  { path: '/referrals/new', label: 'nav.newReferral', roles: ['referrer'] },
  { path: '/referrals', label: 'nav.referrals', roles: ['referrer'] },
  { path: '/direct-booking', label: 'nav.directBooking', roles: ['referrer'] },
  { path: '/inbox', label: 'nav.inbox', roles: ['radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader'] },
  { path: '/reading', label: 'nav.reading', roles: ['radiologist', 'lis', 'reporting_radiographer', 'department_leader'] },
  { path: '/reading/consults', label: 'nav.consults', roles: ['radiologist', 'lis', 'reporting_radiographer'] },
  { path: '/reading/leder', label: 'nav.readingAdmin', roles: ['department_leader'] },
  { path: '/reporting/countersign', label: 'nav.countersign', roles: ['radiologist'] },
  { path: '/reporting/feedback', label: 'nav.reportFeedback', roles: ['lis', 'reporting_radiographer'] },
  { path: '/booking', label: 'nav.booking', roles: ['secretary', 'radiographer', 'radiologist', 'lis', 'department_leader'] },
  { path: '/henvisningsrad', label: 'nav.guidelines', roles: 'all' },
  { path: '/fagredaksjon', label: 'nav.authoring', roles: ['network_editor'] },
  { path: '/directory', label: 'nav.directory', roles: 'all' },
  { path: '/utdanning', label: 'nav.training', roles: ['lis', 'radiologist', 'department_leader'] },
  // The national learning-goal list (titles): network editors and administrators only (issues 11/13).
  { path: '/utdanning/laeringsmal', label: 'nav.learningGoals', roles: ['network_editor', 'admin'] },
  { path: '/oppgavedeling', label: 'nav.taskSharing', roles: ['radiologist', 'department_leader'] },
  { path: '/avdeling', label: 'nav.departmentSettings', roles: ['department_leader'] },
  { path: '/access-log', label: 'nav.accessLog', roles: ['department_leader'] },
  { path: '/styringsdata', label: 'nav.analytics', roles: ['analyst', 'department_leader'] },
  { path: '/styringsdata/min-praksis', label: 'nav.feedback', roles: ['referrer'] },
  { path: '/kapasitet', label: 'nav.capacity', roles: ['analyst', 'department_leader'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
];

export function navigationFor(roles: readonly string[], items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((i) => i.roles === 'all' || i.roles.some((r) => roles.includes(r)));
}

/** The menu item for a path: the longest item path that is the path or a parent of it. */
export function activeItem(path: string, items: readonly NavItem[]): NavItem | undefined {
  return [...items]
    .sort((a, b) => b.path.length - a.path.length)
    .find((i) => (i.path === '/' ? path === '/' : path === i.path || path.startsWith(`${i.path}/`)));
}

export function canOpen(path: string, roles: readonly string[], items: readonly NavItem[] = NAV_ITEMS): boolean {
  const item = activeItem(path, items);
  if (!item) return true; // unknown paths get the not-found page, not a refusal
  return navigationFor(roles, [item]).length > 0;
}
