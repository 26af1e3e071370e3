// The roles, professions and referrer kinds of Radvis' directory, shared by the server (database
// types in src/server/db/schema.ts, route schemas) and the web app (the admin user form), so the
// two cannot drift apart. Roles are described in docs/domain.md.

/** Roles a user may be granted in an organization (role_assignment.role). */
export const ROLES = [
  'referrer',
  'radiologist',
  'lis',
  'radiographer',
  'reporting_radiographer',
  'secretary',
  'department_leader',
  'network_editor',
  'analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** A person's profession (person.profession). */
export const PROFESSIONS = ['physician', 'radiographer', 'chiropractor', 'manual_therapist', 'secretary', 'other'] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** The kind of referrer a person is (person.referrer_kind); limited referral rights depend on it. */
export const REFERRER_KINDS = ['gp', 'hospital_doctor', 'private_specialist', 'chiropractor', 'manual_therapist'] as const;
export type ReferrerKind = (typeof REFERRER_KINDS)[number];
