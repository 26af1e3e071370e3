// The advice log's group commit (advice-log.ts): many requests share one INSERT, and no answer
// names a card before its row is committed — so a crash at any moment after an answer loses no
// advice record the record system can refer to (feedback names cards by uuid).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../directory/reference-data.ts';
import { createTestCdsClient, type TestCdsClient } from '../testing/cds-client.ts';
import { createOrganization } from '../testing/factories.ts';
import { createTestContext, type TestContext } from '../testing/harness.ts';
import { AdviceLog } from './advice-log.ts';
import type { AdviceEventRow } from './store.ts';

const row = (card: string): AdviceEventRow => ({
  source: 'cds-hooks',
  userId: null,
  client: null,
  draftId: null,
  hookInstance: 'h',
  cardUuid: card,
  referralId: null,
  examCode: 'SNG0AG',
  topicId: 'kne',
  topicVersion: '1',
  rating: 'appropriate',
  score: 8,
  facts: {},
  missingFacts: [],
});

describe('AdviceLog (group commit)', () => {
  it('resolves each add only after the batch holding its rows is written, one write for many adds', async () => {
    const writes: string[][] = [];
    let release: () => void = () => undefined;
    const log = new AdviceLog(
      {} as never,
      () => undefined,
      async (_db, rows) => {
        writes.push(rows.map((r) => r.cardUuid!));
        await new Promise<void>((r) => (release = r));
      },
    );
    const done: string[] = [];
    const adds = Array.from({ length: 30 }, (_, i) => log.add([row(`c${i}`)]).then(() => done.push(`c${i}`)));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(30);
    expect(done).toEqual([]); // nothing answered while the INSERT has not committed
    // Rows arriving during the write wait for the next batch.
    const late = log.add([row('late')]);
    release();
    await Promise.all(adds);
    expect(done).toHaveLength(30);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(writes[1]).toEqual(['late']);
    release();
    await late;
  });

  it('fails the waiting requests when the write fails (no card without its record)', async () => {
    const errors: unknown[] = [];
    const log = new AdviceLog(
      {} as never,
      (e) => errors.push(e),
      async () => {
        throw new Error('disk full');
      },
    );
    await expect(log.add([row('x')])).rejects.toMatchObject({ status: 503 });
    expect(errors).toHaveLength(1);
  });
});

describe('no advice record lost after an answer (the real app)', () => {
  let t: TestContext;
  let cds: TestCdsClient;
  beforeAll(async () => {
    t = await createTestContext();
    await loadReferenceData(t.db.kysely);
    cds = await createTestCdsClient(t.db.kysely, { organizationId: await createOrganization(t.db.kysely, { kind: 'gp_practice' }) });
  }, 10 * 60_000);
  afterAll(() => t.close());

  it(
    'has every answered card committed at the moment the answer is sent',
    async () => {
      const url = '/cds-services/radvis-imaging-order-sign';
      const body = () => ({
        hook: 'order-sign',
        hookInstance: crypto.randomUUID(),
        context: {
          userId: 'Practitioner/x',
          patientId: 'p',
          draftOrders: {
            resourceType: 'Bundle',
            entry: [
              {
                resource: {
                  resourceType: 'ServiceRequest',
                  id: 'd',
                  code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] },
                  note: [{ text: 'Kneet har vondt i 12 uker.' }],
                },
              },
            ],
          },
        },
        prefetch: { patient: { resourceType: 'Patient', birthDate: '1968-04-02', gender: 'female' } },
      });
      // 40 concurrent calls; the moment each answer arrives, look for its cards in the table — as a
      // process killed right then would leave it. No flush, no close, no waiting.
      const missing: string[] = [];
      let answered = 0;
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          const res = await t.app.inject({ method: 'POST', url, payload: body(), headers: { authorization: `Bearer ${await cds.sign(url)}` } });
          expect(res.statusCode).toBe(200);
          const uuids = (res.json().cards as { uuid: string }[]).map((c) => c.uuid);
          answered += uuids.length;
          const rows = await t.db.kysely.selectFrom('advice_event').select('card_uuid').where('card_uuid', 'in', uuids).execute();
          for (const u of uuids) if (!rows.some((r) => r.card_uuid === u)) missing.push(u);
        }),
      );
      expect(answered).toBe(40);
      expect(missing).toEqual([]);
    },
    10 * 60_000,
  );
});
