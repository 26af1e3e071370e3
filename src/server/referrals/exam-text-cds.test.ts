// English exam names through the CDS Hooks order-select door, signed as a record system signs
// them. The first case is the shared interop case "CDS English lumbar spine text": the CDS Hooks
// sandbox's PAMA tab sends a CPT coding Radvis does not read and "CT lumbar spine" in code.text.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../directory/reference-data.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';
import { createOrganization } from '../testing/factories.ts';
import { createTestContext, type TestContext } from '../testing/harness.ts';

let t: TestContext;
let client: TestCdsClient;

beforeAll(async () => {
  t = await createTestContext();
  await loadReferenceData(t.db.kysely);
  const practice = await createOrganization(t.db.kysely, { kind: 'gp_practice', name: 'Engelsk legekontor' });
  client = await createTestCdsClient(t.db.kysely, { organizationId: practice });
});
afterAll(() => t.close());

const URL = '/cds-services/radvis-imaging-order-select';

function orderSelect(code: object, reasonText?: string) {
  return {
    hook: 'order-select',
    hookInstance: crypto.randomUUID(),
    fhirServer: 'http://hooks.smarthealthit.org',
    context: {
      userId: 'Practitioner/123',
      patientId: 'MRI-59879846',
      encounterId: '89284',
      selections: ['ServiceRequest/example-MRI-59879846'],
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'ServiceRequest',
              id: 'example-MRI-59879846',
              status: 'draft',
              intent: 'plan',
              code,
              subject: { reference: 'Patient/MRI-59879846' },
              reasonCode: [
                { coding: [{ system: 'http://snomed.info/sct', code: '279039007', display: 'Low back pain' }], ...(reasonText ? { text: reasonText } : {}) },
              ],
            },
          },
        ],
      },
    },
    prefetch: { patient: { resourceType: 'Patient', id: 'MRI-59879846', gender: 'male', birthDate: '1970-05-01' } },
  };
}

async function cards(code: object, reasonText?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: URL,
    headers: { authorization: `Bearer ${await client.sign(URL)}` },
    payload: orderSelect(code, reasonText),
  });
  expect(res.statusCode).toBe(200);
  return res.json().cards as { extension: { radvis: { topic: string } }; links: { url: string }[] }[];
}

describe('English exam names through CDS Hooks order-select', () => {
  it('gives the low-back card for the PAMA "CT lumbar spine" order (CPT coding + text), as "MR lumbal columna" gets', async () => {
    const english = await cards({ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72131' }], text: 'CT lumbar spine' });
    expect(english).toHaveLength(1);
    expect(english[0].extension.radvis.topic).toBe('korsrygg');
    expect(english[0].links[0].url).toMatch(/\/henvisningsrad\/korsrygg$/);
    const norwegian = await cards({ text: 'MR lumbal columna' });
    expect(norwegian.map((c) => c.extension.radvis.topic)).toEqual(['korsrygg']);
  });

  it.each([
    ['Lumbar spine CT', 'korsrygg'],
    ['MRI lumbar spine', 'korsrygg'],
    ['Magnetic resonance (eg, proton) imaging, spinal canal and contents, lumbar; without contrast material', 'korsrygg'],
    ['MRI knee', 'kne'],
    ['MRI shoulder', 'skulder'],
    ['MRI cervical spine', 'nakke'],
    ['CT sinuses', 'bihuler'],
  ])('%s → a %s card (text only)', async (text, topic) => {
    const c = await cards({ text });
    expect(c.map((x) => x.extension.radvis.topic)).toEqual([topic]);
  });

  it('reads a coding display when there is no code.text', async () => {
    const c = await cards({
      coding: [
        {
          system: 'http://www.ama-assn.org/go/cpt',
          code: '73721',
          display: 'Magnetic resonance (eg, proton) imaging, any joint of lower extremity; without contrast material',
        },
        { system: 'http://example.org/local', code: 'K1', display: 'MRI knee' },
      ],
    });
    // The first display is too vague (any joint), so no guess; only a code.text or the first display is read.
    expect(c).toEqual([]);
    const knee = await cards({ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '73721', display: 'MRI knee' }] });
    expect(knee.map((x) => x.extension.radvis.topic)).toEqual(['kne']);
  });

  it('gives no card when the English text is unsure', async () => {
    expect(await cards({ text: 'CT or MRI knee' })).toEqual([]);
    expect(await cards({ text: 'MRI spine' })).toEqual([]);
  });
});
