// Who is calling: resolved once per request from the session (or, later, an OIDC token).
import type { ReferrerKind, Role } from '../db/schema.ts';

export interface RoleGrant {
  role: Role;
  organizationId: string;
  organizationName: string;
}

export interface Principal {
  userId: string;
  personId: string;
  username: string;
  name: string;
  hprNumber: string | null;
  referrerKind: ReferrerKind | null;
  locale: 'nb' | 'en';
  grants: RoleGrant[];
  /** CSRF token bound to the session; state-changing browser requests must echo it. */
  csrfToken: string;
}

export function hasRole(p: Principal, roles: readonly Role[]): boolean {
  return p.grants.some((g) => roles.includes(g.role));
}

/** Organization ids where the principal holds one of the roles (subtrees are expanded by the directory). */
export function grantOrganizations(p: Principal, roles: readonly Role[]): string[] {
  return [...new Set(p.grants.filter((g) => roles.includes(g.role)).map((g) => g.organizationId))];
}

/** The grant used to label access-log rows: the first grant matching the roles asked for. */
export function primaryGrant(p: Principal, roles?: readonly Role[]): RoleGrant | undefined {
  return roles ? p.grants.find((g) => roles.includes(g.role)) : p.grants[0];
}
