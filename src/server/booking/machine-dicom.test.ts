// A machine's DICOM character set (migration 0185) set through the booking API by the department
// leader, validated to the sets the worklist supports, and read by the DICOM door
// (registeredModality) that decides the character set of the worklist answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, login, type TestContext } from '../testing/harness.ts';
import { registeredModality } from '../scheduling/worklist.ts';
import { bookingFixture } from './booking.fixture.ts';

let t: TestContext;
let f: Awaited<ReturnType<typeof bookingFixture>>;
let secretary: ReturnType<typeof as>;
let leader: ReturnType<typeof as>;
let referrer: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestContext();
  f = await bookingFixture(t.db.kysely);
  secretary = as(t.app, await login(t.app, f.secretary.username, f.secretary.password));
  leader = as(t.app, await login(t.app, f.leader.username, f.leader.password));
  referrer = as(t.app, await login(t.app, f.referrer.username, f.referrer.password));
});

afterAll(async () => {
  await t?.close();
});

const url = (id: string) => `/api/booking/machines/${encodeURIComponent(id)}/dicom-character-set`;
const stored = async (id: string) =>
  await t.db.kysely.selectFrom('modality').select(['dicom_character_set', 'ae_title']).where('id', '=', id).executeTakeFirstOrThrow();

describe("a machine's DICOM character set", () => {
  it('is listed with the machines (UTF-8 by default)', async () => {
    const list = await secretary({ url: '/api/booking/machines' });
    expect(list.statusCode).toBe(200);
    const ct = list.json().find((m: { id: string }) => m.id === f.ct);
    expect(ct).toMatchObject({ dicomCharacterSet: 'ISO_IR 192', editable: false });
    expect(typeof ct.aeTitle).toBe('string');
  });

  it('the leader sets Latin-1 and back; the DICOM door reads what was saved', async () => {
    const res = await leader({ method: 'PUT', url: url(f.ct), payload: { dicomCharacterSet: 'ISO_IR 100' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: f.ct, dicomCharacterSet: 'ISO_IR 100', editable: true });
    const row = await stored(f.ct);
    expect(row.dicom_character_set).toBe('ISO_IR 100');
    expect(await registeredModality(t.db.kysely, row.ae_title)).toEqual({ characterSet: 'ISO_IR 100' });
    const listed = (await leader({ url: '/api/booking/machines' })).json().find((m: { id: string }) => m.id === f.ct);
    expect(listed.dicomCharacterSet).toBe('ISO_IR 100');
    const back = await leader({ method: 'PUT', url: url(f.ct), payload: { dicomCharacterSet: 'ISO_IR 192' } });
    expect(back.statusCode).toBe(200);
    expect((await stored(f.ct)).dicom_character_set).toBe('ISO_IR 192');
  });

  it.each([
    ['a set the worklist does not answer in', { dicomCharacterSet: 'ISO_IR 6' }],
    ['a code-extension set', { dicomCharacterSet: 'ISO 2022 IR 100' }],
    ['a name instead of the DICOM term', { dicomCharacterSet: 'UTF-8' }],
    ['lower case', { dicomCharacterSet: 'iso_ir 100' }],
    ['an empty value', { dicomCharacterSet: '' }],
    ['no value', {}],
    ['an extra field', { dicomCharacterSet: 'ISO_IR 100', aeTitle: 'X' }],
  ])('refuses %s with 400 and changes nothing', async (_l, payload) => {
    const res = await leader({ method: 'PUT', url: url(f.ct), payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await stored(f.ct)).dicom_character_set).toBe('ISO_IR 192');
  });

  it('only the department leader may change it; an unknown machine is 404', async () => {
    expect((await secretary({ method: 'PUT', url: url(f.ct), payload: { dicomCharacterSet: 'ISO_IR 100' } })).statusCode).toBe(403);
    expect((await referrer({ method: 'PUT', url: url(f.ct), payload: { dicomCharacterSet: 'ISO_IR 100' } })).statusCode).toBe(403);
    expect((await leader({ method: 'PUT', url: url('no-such-machine'), payload: { dicomCharacterSet: 'ISO_IR 100' } })).statusCode).toBe(404);
    expect((await stored(f.ct)).dicom_character_set).toBe('ISO_IR 192');
  });
});
