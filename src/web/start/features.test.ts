import { describe, expect, it } from 'vitest';
import { canOpen, type Role } from '../app/navigation.ts';
import { featuresFor, rolesInOrder, ROLE_FEATURES } from './features.ts';

describe('start page features', () => {
  const roles = Object.keys(ROLE_FEATURES) as Role[];

  it('says something for every role, and something is available to each', () => {
    for (const role of roles) {
      expect(featuresFor(role).length, role).toBeGreaterThan(0);
      expect(
        featuresFor(role).some((f) => f.path),
        role,
      ).toBe(true);
    }
  });

  it('links only to pages the role may open (no dead ends)', () => {
    for (const role of roles) {
      for (const f of featuresFor(role).filter((x) => x.path)) expect(canOpen(f.path!, [role]), `${role} → ${f.path}`).toBe(true);
    }
  });

  it('lists a user with several roles under each of them, once, in a stable order', () => {
    expect(rolesInOrder(['admin', 'radiologist', 'admin', 'unknown'])).toEqual(['radiologist', 'admin']);
    expect(featuresFor('unknown')).toEqual([]);
  });
});
