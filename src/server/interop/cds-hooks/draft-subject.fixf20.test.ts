// The subject of a CDS Hooks draft order against the context patient (order-select / order-sign
// 1.0: the draft orders are the context patient's), and order-select's REQUIRED selections — the
// kinds behind the breakit19 findings (issue 7), through the real app with signed JWTs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FNR_OID, DNR_OID } from '../../directory/identifiers.ts';
import {
  createCdsEhrFixture,
  type CdsEhrFixture,
  CDS_SIGN as SIGN,
  CDS_SELECT as SELECT,
  CDS_PATIENT,
  KNEE_ORDER,
  cdsHookBody as body,
} from '../../testing/cds-ehr.ts';
import { draftSubjectProblem } from './cards.ts';

const FNR = '31836000067';
const DNR = '52838510051';

let f: CdsEhrFixture;
beforeAll(async () => {
  f = await createCdsEhrFixture();
}, 10 * 60_000);
afterAll(async () => f?.close());

const call = async (payload: object, url: string) =>
  f.t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${await f.client.sign(url)}` } });
type Answer = { cards?: unknown[]; resourceType?: string; issue?: { expression?: string[] }[] };

/** An order-sign call whose knee draft has `draft` spread over it, the patient prefetched with `patient` over it. */
const sign = (draft: Record<string, unknown>, patient: Record<string, unknown> = {}) => {
  const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, prefetch: { patient: { ...CDS_PATIENT, ...patient } } });
  return call({ ...b, context: { ...b.context, draftOrders: { resourceType: 'Bundle', entry: [{ resource: { ...KNEE_ORDER.resource, ...draft } }] } } }, SIGN);
};

describe('draftSubjectProblem', () => {
  const sr = (subject: Record<string, unknown>, contained?: unknown[]) => ({ resourceType: 'ServiceRequest' as const, id: 'd', subject, contained });
  it('names drafts for another patient or another type, not the context patient', () => {
    expect(draftSubjectProblem(sr({ reference: 'Patient/p1' }), 'p1')).toBeNull();
    expect(draftSubjectProblem(sr({ reference: 'Patient/p1' }), 'Patient/p1')).toBeNull();
    expect(draftSubjectProblem(sr({ reference: 'https://ehr.example.no/fhir/Patient/p1/_history/3' }), 'p1')).toBeNull();
    expect(draftSubjectProblem(sr({ reference: 'https://ehr.example.no/fhir/Patient/p2' }), 'p1')).toMatch(/another patient/);
    expect(draftSubjectProblem(sr({ reference: 'Group/g' }), 'p1')).toMatch(/Group/);
    expect(draftSubjectProblem(sr({ type: 'Practitioner' }), 'p1')).toMatch(/Practitioner/);
    expect(draftSubjectProblem(sr({ reference: '#x' }, [{ resourceType: 'Group', id: 'x' }]), 'p1')).toMatch(/Group/);
    expect(draftSubjectProblem(sr({ reference: '#x' }, [{ resourceType: 'Patient', id: 'x' }]), 'p1')).toBeNull();
  });
});

describe('a draft order that is not the context patient’s: 412, no card', () => {
  it.each([
    ['subject.type Group', { subject: { type: 'Group', reference: 'Group/g1' } }],
    ['an absolute reference to another patient', { subject: { reference: 'https://ehr.example.no/fhir/Patient/someone-else' } }],
    ['a subject.identifier of another patient', { subject: { identifier: { system: DNR_OID, value: DNR } } }],
    [
      'a contained Patient of another patient',
      { contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: DNR_OID, value: DNR }] }], subject: { reference: '#p' } },
    ],
  ])('%s', async (_label, draft) => {
    const res = await sign(draft, { identifier: [{ system: FNR_OID, value: FNR }] });
    expect(res.statusCode, res.body).toBe(412);
    const out = res.json<Answer>();
    expect(out.resourceType).toBe('OperationOutcome');
    expect(out.issue?.[0]?.expression).toEqual(['context.draftOrders.entry.0.resource.subject']);
  });

  it('the same patient by identifier (an old D-number beside it ignored) gets its card', async () => {
    const res = await sign(
      {
        contained: [
          {
            resourceType: 'Patient',
            id: 'p',
            identifier: [
              { use: 'old', system: DNR_OID, value: DNR },
              { system: FNR_OID, value: FNR },
            ],
          },
        ],
        subject: { reference: '#p' },
      },
      { identifier: [{ system: FNR_OID, value: FNR }] },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Answer>().cards?.length).toBeGreaterThan(0);
  });
});

describe('order-select selections', () => {
  it('an empty selections is as missing: 400 naming context.selections', async () => {
    const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, hook: 'order-select' });
    const res = await call({ ...b, context: { ...b.context, selections: [] } }, SELECT);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<Answer>().issue?.[0]?.expression).toEqual(['context.selections']);
  });

  it('a draft for another patient that is not selected does not stop the selected one', async () => {
    const b = body(`Practitioner/${f.gpPersonId}`, { order: KNEE_ORDER, hook: 'order-select' });
    const other = { ...KNEE_ORDER.resource, id: 'draft-other', subject: { reference: 'Patient/someone-else' } };
    const res = await call({ ...b, context: { ...b.context, draftOrders: { resourceType: 'Bundle', entry: [KNEE_ORDER, { resource: other }] } } }, SELECT);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Answer>().cards?.length).toBeGreaterThan(0);
  });
});
