// breakit18 (outside tester): ServiceRequest create reads only performer[0]. A second performer is
// dropped without a word — also one naming an Organization that does not exist or a Practitioner —
// and the answer depends on the order: [unknown, dept] → 422, [dept, unknown] → 201.
// R4 ServiceRequest.performer: "If multiple performers are present, it is interpreted as a list of
// alternative performers without any preference regardless of order"; README kind 04 (elements
// silently dropped) and the house rule "nothing half-written". Observed on the demo:
// performer [Organization/dept-bergen-1, Organization/nope-does-not-exist] → 201 and the stored
// ServiceRequest has performer [dept-bergen-1] only. Expectation: the same answer whatever the order
// (refuse an unknown performer, 422, or refuse more than one performer Radvis cannot honour).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPT, fhirPost, openFhirVariantWorld, referralCount, variantReferral, type FhirVariantWorld } from '../../testing/fhir-variants.ts';

let w: FhirVariantWorld;
beforeAll(async () => {
  w = await openFhirVariantWorld();
});
afterAll(async () => w?.t.close());

describe('breakit18: ServiceRequest.performer with more than one entry', () => {
  it('an unknown second performer is refused as an unknown first one is, and nothing is written', async () => {
    const first = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-1', { performer: [{ reference: 'Organization/nope-does-not-exist' }, { reference: `Organization/${DEPT}` }] }),
    );
    expect(first.statusCode).toBe(422);
    const before = await referralCount(w.t.db.kysely);
    const second = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-2', { performer: [{ reference: `Organization/${DEPT}` }, { reference: 'Organization/nope-does-not-exist' }] }),
    );
    expect(second.statusCode).toBe(422);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('a performer the client sent is not dropped from the stored resource without an OperationOutcome saying so', async () => {
    const res = await fhirPost(
      w.t.app,
      variantReferral('bk18-perf-3', { performer: [{ reference: `Organization/${DEPT}` }, { reference: 'Practitioner/someone' }] }),
    );
    if (res.statusCode === 201) {
      const body = res.json() as { performer: { reference: string }[] };
      expect(body.performer.map((p) => p.reference)).toContain('Practitioner/someone');
    } else {
      expect([400, 422]).toContain(res.statusCode);
    }
  });
});

// The kind (R4 servicerequest.html#ServiceRequest.performer: alternatives "without any preference
// regardless of order"): every performer is checked, all must be the one receiving department,
// and the answer (status and OperationOutcome) is the same in every order; nothing is written.
describe('R4 ServiceRequest.performer: every performer, any order', () => {
  const OTHER_DEPT = 'dept-var-2';
  beforeAll(async () => {
    const hf = await w.t.db.kysely.selectFrom('organization').select('parent_id').where('id', '=', DEPT).executeTakeFirstOrThrow();
    await w.t.db.kysely
      .insertInto('organization')
      .values({ id: OTHER_DEPT, kind: 'department', name: 'Radiologi Voss', parent_id: hf.parent_id } as never)
      .execute();
  });

  const issues = (body: unknown) => (body as { issue: { expression?: string[]; diagnostics?: string }[] }).issue;

  it.each([
    ['an unknown organization', { reference: 'Organization/nope-does-not-exist' }],
    ['a Practitioner', { reference: 'Practitioner/someone' }],
    ['another known department', { reference: 'Organization/dept-var-2' }],
    ['an identifier-only reference', { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', value: '974557746' } }],
    ['a contained reference', { reference: '#dept' }],
  ])('%s beside the department → 422 in both orders, nothing written', async (_label, other) => {
    const before = await referralCount(w.t.db.kysely);
    const a = await fhirPost(w.t.app, variantReferral(`bk18-p-${_label}-a`, { performer: [{ reference: `Organization/${DEPT}` }, other] }));
    const b = await fhirPost(w.t.app, variantReferral(`bk18-p-${_label}-b`, { performer: [other, { reference: `Organization/${DEPT}` }] }));
    expect([a.statusCode, b.statusCode]).toEqual([422, 422]);
    expect(issues(a.json()).length).toBeGreaterThan(0);
    expect(issues(a.json()).every((i) => i.expression?.some((e) => e.startsWith('ServiceRequest.performer')))).toBe(true);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it('two different departments: the OperationOutcome says Radvis routes to one department', async () => {
    const res = await fhirPost(
      w.t.app,
      variantReferral('bk18-p-two', { performer: [{ reference: `Organization/${DEPT}` }, { reference: `Organization/${OTHER_DEPT}` }] }),
    );
    expect(res.statusCode).toBe(422);
    expect(
      issues(res.json())
        .map((i) => i.diagnostics)
        .join(' '),
    ).toMatch(/one receiving department/);
  });

  it('the same department twice is one department → 201', async () => {
    const res = await fhirPost(
      w.t.app,
      variantReferral('bk18-p-same', { performer: [{ reference: `Organization/${DEPT}` }, { reference: `Organization/${DEPT}` }] }),
    );
    expect(res.statusCode).toBe(201);
  });

  it('the other department alone → 201, routed there', async () => {
    const res = await fhirPost(w.t.app, variantReferral('bk18-p-other', { performer: [{ reference: `Organization/${OTHER_DEPT}` }] }));
    expect(res.statusCode).toBe(201);
    expect((res.json() as { performer: { reference: string }[] }).performer.map((p) => p.reference)).toEqual([`Organization/${OTHER_DEPT}`]);
    const row = await w.t.db.kysely
      .selectFrom('referral')
      .select('department_org_id')
      .where('id', '=', (res.json() as { id: string }).id)
      .executeTakeFirstOrThrow();
    expect(row.department_org_id).toBe(OTHER_DEPT);
  });
});

// R4 datatypes.html#CodeableConcept: the codings of one ServiceRequest.code are the same concept in
// several code systems; two different NCRP codes are two exams (breakit18 item 4).
describe('R4 CodeableConcept: ServiceRequest.code with more than one coding', () => {
  const NCRP = 'urn:oid:2.16.578.1.12.4.1.1.7270';
  it.each([
    [
      'two different NCRP codes',
      [
        { system: NCRP, code: 'SNG0AG' },
        { system: NCRP, code: 'SAA0AD' },
      ],
    ],
    [
      'two different NCRP codes, the other order',
      [
        { system: NCRP, code: 'SAA0AD' },
        { system: NCRP, code: 'SNG0AG' },
      ],
    ],
  ])('%s → 422 naming ServiceRequest.code.coding, nothing written', async (_label, coding) => {
    const before = await referralCount(w.t.db.kysely);
    const res = await fhirPost(w.t.app, variantReferral(`bk18-code-${_label}`, { code: { coding } }));
    expect(res.statusCode).toBe(422);
    const issue = (res.json() as { issue: { expression?: string[] }[] }).issue;
    expect(issue.some((i) => i.expression?.includes('ServiceRequest.code.coding'))).toBe(true);
    expect(await referralCount(w.t.db.kysely)).toBe(before);
  });

  it.each([
    [
      'the same NCRP code twice',
      [
        { system: NCRP, code: 'SNG0AG' },
        { system: NCRP, code: 'SNG0AG', display: 'MR kne' },
      ],
    ],
    [
      'NCRP and another system',
      [
        { system: 'http://snomed.info/sct', code: '241607005' },
        { system: NCRP, code: 'SNG0AG' },
      ],
    ],
    ['NCRP and a display-only coding', [{ display: 'MR av kneet' }, { system: NCRP, code: 'SNG0AG' }]],
  ])('%s → 201', async (label, coding) => {
    const res = await fhirPost(w.t.app, variantReferral(`bk18-code-ok-${label}`, { code: { coding } }));
    expect(res.statusCode).toBe(201);
  });
});
