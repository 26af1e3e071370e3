// The one Accept-Language reading (http/accept-language.ts), and that the doors which read the
// header (error texts on the app API and FHIR) follow its q-values (issue 7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, requestLocale } from './accept-language.ts';
import { createTestContext, type TestContext } from '../testing/harness.ts';

describe('localeFromAcceptLanguage (RFC 9110 §12.5.4)', () => {
  it.each([
    ['nb;q=0.2, en;q=0.9', 'en'],
    ['en;q=0.9, nb;q=0.2', 'en'],
    ['nb, en;q=0.9', 'nb'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['en-GB, nb;q=0.5', 'en'],
    ['nb-NO, en;q=0.8', 'nb'],
    ['da, en-US;q=0.3', 'en'],
    ['da, fr', 'nb'],
    ['no', 'nb'],
    ['nn, en;q=0.5', 'nb'],
    ['nb;q=0.5, en;q=0.5', 'nb'],
    ['en;q=0.5, nb;q=0.5', 'en'],
    ['*', 'nb'],
    ['*;q=0.1, en;q=0', 'nb'],
    ['fr, *;q=0.5', 'nb'],
    ['en;q=0, nb;q=0', 'nb'],
  ] as const)('%j → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it.each([undefined, '', ' ', ',,,', ';q=1', 'en;q=abc', 'garbage;;;q=xx,,', '\u0000en', `en, ${'x'.repeat(2000)}`, 'q=0.9;en', '=;=,'])(
    'malformed or absent %j → bokmål without throwing',
    (header) => {
      expect(localeFromAcceptLanguage(header)).toBe('nb');
    },
  );

  it('repeated headers are one list', () => {
    expect(localeFromAcceptLanguage(['nb;q=0.1', 'en'])).toBe('en');
  });

  it("requestLocale: a user's chosen language wins over the header; without a user, the header", () => {
    expect(requestLocale({ principal: { locale: 'nb' }, headers: { 'accept-language': 'en' } })).toBe('nb');
    expect(requestLocale({ principal: { locale: 'en' }, headers: {} })).toBe('en');
    expect(requestLocale({ principal: null, headers: { 'accept-language': 'nb;q=0.2, en;q=0.9' } })).toBe('en');
    expect(requestLocale({ principal: null, headers: {} })).toBe('nb');
  });
});

describe('error texts follow Accept-Language q-values', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t?.close());

  const ask = async (url: string, header?: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: header === undefined ? {} : { 'accept-language': header } });
    expect(res.statusCode).toBe(404);
    return res.json() as { title?: string; issue?: { details: { text: string } }[] };
  };

  it('problem+json: English for "nb;q=0.2, en;q=0.9", bokmål for "*", a malformed header or none', async () => {
    expect((await ask('/api/nothing', 'nb;q=0.2, en;q=0.9')).title).toBe('What you asked for was not found.');
    for (const h of ['*', ';;;q=zz,,', 'nb, en;q=0.9', undefined]) expect((await ask('/api/nothing', h)).title).toBe('Fant ikke det du ba om.');
  });

  it('OperationOutcome on /fhir: the same reading', async () => {
    expect((await ask('/fhir/Nothing', 'da, en-US;q=0.3')).issue?.[0]?.details.text).toBe('What you asked for was not found.');
    expect((await ask('/fhir/Nothing', 'en;q=0, nb')).issue?.[0]?.details.text).toBe('Fant ikke det du ba om.');
  });
});
