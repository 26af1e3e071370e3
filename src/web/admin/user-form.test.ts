import { describe, expect, it } from 'vitest';
import { groupOrganizations, newUserBody, validateGrants, validateNewUser, type NewUserDraft } from './user-form.ts';

const ok: NewUserDraft = {
  username: 'kari.nordmann',
  password: 'et-godt-passord',
  givenName: 'Kari',
  familyName: 'Nordmann',
  hprNumber: '',
  profession: 'physician',
  referrerKind: '',
  email: '',
};
const grant = { role: 'radiologist', organizationId: 'org-1' };

describe('user form', () => {
  it('accepts a complete user', () => {
    expect(validateNewUser(ok, [grant])).toEqual([]);
  });

  it('reports every problem at once, each on its field', () => {
    const problems = validateNewUser({ ...ok, username: 'k', password: 'kort', givenName: ' ', hprNumber: '12', email: 'ikke-epost' }, [
      { role: 'referrer', organizationId: 'org-1' },
    ]);
    expect(problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'givenName:form.error.required',
      'username:form.error.username',
      'password:form.error.passwordShort',
      'hprNumber:admin.error.hpr',
      'email:form.error.email',
      'referrerKind:admin.error.referrerKind',
    ]);
  });

  it('needs at least one grant, an organization for each, and no duplicates', () => {
    expect(validateGrants([])).toEqual([{ field: 'grants', key: 'admin.error.noGrants' }]);
    expect(validateGrants([{ role: 'lis', organizationId: '' }])).toEqual([{ field: 'grants', index: 0, key: 'admin.error.noOrganization' }]);
    expect(validateGrants([grant, grant])).toEqual([{ field: 'grants', index: 1, key: 'admin.error.duplicateGrant' }]);
  });

  it('sends trimmed values and leaves empty optional fields out', () => {
    const body = newUserBody({ ...ok, username: ' kari.nordmann ', hprNumber: ' ', email: '' }, [grant]);
    expect(body).toEqual({
      username: 'kari.nordmann',
      password: 'et-godt-passord',
      givenName: 'Kari',
      familyName: 'Nordmann',
      hprNumber: undefined,
      profession: 'physician',
      referrerKind: undefined,
      email: undefined,
      grants: [grant],
    });
    expect(JSON.parse(JSON.stringify(body))).not.toHaveProperty('hprNumber');
  });

  it('groups organizations by kind, regional health authority first, names sorted', () => {
    const groups = groupOrganizations([
      { id: 'd2', name: 'Røntgen, Voss', kind: 'department' },
      { id: 'r', name: 'Helse Vest RHF', kind: 'rhf' },
      { id: 'd1', name: 'Radiologisk avdeling, Haukeland', kind: 'department' },
    ]);
    expect(groups.map((g) => [g.kind, g.orgs.map((o) => o.id)])).toEqual([
      ['rhf', ['r']],
      ['department', ['d1', 'd2']],
    ]);
  });
});
