// The user form's rules, checked in the browser before sending so every problem is shown at
// once (the server stops at the first schema error). The server stays the authority: its
// problem+json field errors are shown the same way. Pure, so it is tested without a browser.
import type { MessageKey } from '../../shared/i18n/index.ts';

// The lists are the server's own (src/shared/roles.ts).
export { PROFESSIONS, REFERRER_KINDS, ROLES } from '../../shared/roles.ts';
/** Same as the server (src/server/auth/passwords.ts). */
export const PASSWORD_MIN_LENGTH = 10;

export interface GrantDraft {
  role: string;
  organizationId: string;
}

export interface NewUserDraft {
  username: string;
  password: string;
  givenName: string;
  familyName: string;
  hprNumber: string;
  profession: string;
  referrerKind: string;
  email: string;
}

export interface FormProblem {
  field: string;
  index?: number;
  key: MessageKey;
}

export function validatePassword(password: string): FormProblem[] {
  if (!password) return [{ field: 'password', key: 'form.error.required' }];
  if (password.length < PASSWORD_MIN_LENGTH) return [{ field: 'password', key: 'form.error.passwordShort' }];
  return [];
}

export function validateGrants(grants: readonly GrantDraft[]): FormProblem[] {
  if (grants.length === 0) return [{ field: 'grants', key: 'admin.error.noGrants' }];
  const problems: FormProblem[] = [];
  grants.forEach((g, index) => {
    if (!g.organizationId) problems.push({ field: 'grants', index, key: 'admin.error.noOrganization' });
  });
  const seen = new Set<string>();
  grants.forEach((g, index) => {
    const k = `${g.role}|${g.organizationId}`;
    if (seen.has(k)) problems.push({ field: 'grants', index, key: 'admin.error.duplicateGrant' });
    seen.add(k);
  });
  return problems;
}

export function validateNewUser(u: NewUserDraft, grants: readonly GrantDraft[]): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!u.givenName.trim()) problems.push({ field: 'givenName', key: 'form.error.required' });
  if (!u.familyName.trim()) problems.push({ field: 'familyName', key: 'form.error.required' });
  if (!u.username.trim()) problems.push({ field: 'username', key: 'form.error.required' });
  else if (!/^[A-Za-z0-9._-]{3,64}$/.test(u.username.trim())) problems.push({ field: 'username', key: 'form.error.username' });
  problems.push(...validatePassword(u.password));
  if (u.hprNumber.trim() && !/^\d{7,9}$/.test(u.hprNumber.replace(/\s/g, ''))) problems.push({ field: 'hprNumber', key: 'admin.error.hpr' });
  if (u.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(u.email.trim())) problems.push({ field: 'email', key: 'form.error.email' });
  if (grants.some((g) => g.role === 'referrer') && !u.referrerKind) problems.push({ field: 'referrerKind', key: 'admin.error.referrerKind' });
  problems.push(...validateGrants(grants));
  return problems;
}

/** The request body for POST /api/admin/users: trimmed, empty optional fields left out. */
export function newUserBody(u: NewUserDraft, grants: readonly GrantDraft[]) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    username: u.username.trim(),
    password: u.password,
    givenName: u.givenName.trim(),
    familyName: u.familyName.trim(),
    hprNumber: opt(u.hprNumber),
    profession: u.profession,
    referrerKind: opt(u.referrerKind),
    email: opt(u.email),
    grants: grants.map((g) => ({ role: g.role, organizationId: g.organizationId })),
  };
}

export interface OrgOption {
  id: string;
  name: string;
  kind: string;
}

/** Organizations for the picker: grouped by kind in a fixed order (RHF first), names sorted. */
export function groupOrganizations(orgs: readonly OrgOption[]): { kind: string; orgs: OrgOption[] }[] {
  const order = ['rhf', 'hf', 'site', 'department', 'private_hospital', 'private_institute', 'specialist_practice', 'gp_practice', 'network'];
  const kinds = [...new Set(orgs.map((o) => o.kind))].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return kinds.map((kind) => ({ kind, orgs: orgs.filter((o) => o.kind === kind).sort((a, b) => a.name.localeCompare(b.name, 'nb')) }));
}
