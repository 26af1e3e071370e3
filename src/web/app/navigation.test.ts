import { describe, expect, it } from 'vitest';
import { activeItem, canOpen, navigationFor } from './navigation.ts';

describe('navigation by role', () => {
  it('shows everyone the start and directory pages', () => {
    expect(navigationFor(['analyst']).map((i) => i.path)).toEqual(['/', '/henvisningsrad', '/directory', '/styringsdata', '/kapasitet']);
    expect(navigationFor(['referrer']).map((i) => i.path)).toEqual([
      '/',
      '/referrals/new',
      '/referrals',
      '/direct-booking',
      '/henvisningsrad',
      '/directory',
      '/styringsdata/min-praksis',
    ]);
  });
  it('adds the access log for leaders and user admin for admins', () => {
    expect(navigationFor(['department_leader']).map((i) => i.path)).toContain('/access-log');
    expect(navigationFor(['department_leader']).map((i) => i.path)).not.toContain('/admin');
    expect(navigationFor(['admin', 'radiologist']).map((i) => i.path)).toContain('/admin');
  });
  it('refuses pages the roles do not give', () => {
    expect(canOpen('/admin', ['radiologist'])).toBe(false);
    expect(canOpen('/admin', ['admin'])).toBe(true);
    expect(canOpen('/directory/org-1', ['lis'])).toBe(true);
  });
  it('marks the deepest matching menu item as the current page', () => {
    const items = navigationFor(['referrer']);
    expect(activeItem('/referrals/new', items)?.path).toBe('/referrals/new');
    expect(activeItem('/referrals', items)?.path).toBe('/referrals');
    expect(activeItem('/henvisningsrad/kne', items)?.path).toBe('/henvisningsrad');
    expect(activeItem('/', items)?.path).toBe('/');
    expect(activeItem('/nowhere', items)).toBeUndefined();
  });
  it('gives a user with several roles the union of their menus, each item once', () => {
    const paths = navigationFor(['department_leader', 'admin', 'radiologist']).map((i) => i.path);
    expect(paths).toEqual([
      '/',
      '/inbox',
      '/reading',
      '/reading/consults',
      '/reading/leder',
      '/reporting/countersign',
      '/booking',
      '/henvisningsrad',
      '/directory',
      '/utdanning',
      '/utdanning/laeringsmal',
      '/oppgavedeling',
      '/avdeling',
      '/access-log',
      '/styringsdata',
      '/kapasitet',
      '/admin',
    ]);
  });
});
