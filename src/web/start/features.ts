// What each role can do, for the start page: what is available now (with a link) and what is
// coming (named honestly, never linked to an empty page). Pure, so it is tested without a
// browser; the test also checks that every link opens for the role it is shown to.
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { Role } from '../app/navigation.ts';

export interface Feature {
  label: MessageKey;
  /** Link when the feature is available; absent → shown as coming. */
  path?: string;
}

export const ROLE_FEATURES: Record<Role, Feature[]> = {
  referrer: [
    { label: 'start.feature.referral', path: '/referrals/new' },
    { label: 'start.feature.myReferrals', path: '/referrals' },
    { label: 'start.feature.directBooking', path: '/direct-booking' },
    { label: 'start.feature.guidelines', path: '/henvisningsrad' },
    { label: 'start.feature.feedback', path: '/styringsdata/min-praksis' },
  ],
  radiologist: [
    { label: 'start.feature.assessment', path: '/inbox' },
    { label: 'start.feature.reading', path: '/reading' },
    { label: 'start.feature.countersign', path: '/reporting/countersign' },
    { label: 'start.feature.trainingSupervisor', path: '/utdanning' },
    { label: 'start.feature.taskSharing', path: '/oppgavedeling' },
  ],
  lis: [
    { label: 'start.feature.assessment', path: '/inbox' },
    { label: 'start.feature.readingSupervised', path: '/reading' },
    { label: 'start.feature.reportFeedback', path: '/reporting/feedback' },
    { label: 'start.feature.training', path: '/utdanning' },
  ],
  radiographer: [
    { label: 'start.feature.prioritizing', path: '/inbox' },
    { label: 'start.feature.scheduling', path: '/booking' },
  ],
  reporting_radiographer: [
    { label: 'start.feature.inbox', path: '/inbox' },
    { label: 'start.feature.readingLimited', path: '/reading' },
    { label: 'start.feature.reportFeedback', path: '/reporting/feedback' },
  ],
  secretary: [
    { label: 'start.feature.inbox', path: '/inbox' },
    { label: 'start.feature.booking', path: '/booking' },
  ],
  department_leader: [
    { label: 'start.feature.inbox', path: '/inbox' },
    { label: 'start.feature.analytics', path: '/styringsdata' },
    { label: 'start.feature.capacity', path: '/kapasitet' },
    { label: 'start.feature.taskSharing', path: '/oppgavedeling' },
    { label: 'start.feature.trainingSupervisor', path: '/utdanning' },
    { label: 'start.feature.departmentSettings', path: '/avdeling' },
    { label: 'start.feature.accessLog', path: '/access-log' },
  ],
  network_editor: [
    { label: 'start.feature.guidelines', path: '/henvisningsrad' },
    { label: 'start.feature.editor', path: '/fagredaksjon' },
  ],
  analyst: [
    { label: 'start.feature.analytics', path: '/styringsdata' },
    { label: 'start.feature.capacity', path: '/kapasitet' },
    { label: 'start.feature.directory', path: '/directory' },
  ],
  admin: [
    { label: 'start.feature.admin', path: '/admin' },
    { label: 'start.feature.directory', path: '/directory' },
  ],
};

export function featuresFor(role: string): Feature[] {
  return ROLE_FEATURES[role as Role] ?? [];
}

/** The roles a user holds, each once, in the order the registry lists them (stable cards). */
export function rolesInOrder(roles: readonly string[]): Role[] {
  return (Object.keys(ROLE_FEATURES) as Role[]).filter((r) => roles.includes(r));
}
