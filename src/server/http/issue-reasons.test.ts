// OperationOutcome issues carry a stable reason (issue.details.coding under Radvis' issue-reason
// CodeSystem) and that reason's text from the i18n files — bokmål by default, English when
// Accept-Language asks — chosen in the central error mapping (http/errors.ts), not per route
// (issue 7). Through a small Fastify app with the real error handler, and the pure helper.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n/index.ts';
import { Invalid, ISSUE_REASON_SYSTEM, issueReason, NotFound, PROBLEM_BASE, registerErrorHandling, type IssueReason } from './errors.ts';
import { PreconditionFailed, Unprocessable } from '../referrals/errors.ts';

type Issue = { code: string; details: { coding: { system: string; code: string }[]; text: string }; diagnostics: string; expression?: string[] };
const reasonOf = (i: Issue) => i.details.coding.find((c) => c.system === ISSUE_REASON_SYSTEM)?.code;

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerErrorHandling(app);
  app.get('/fhir/unknown-param', async () => {
    throw new Invalid('Unsupported search: bogus', [{ field: 'bogus', message: 'search parameter not supported', reason: 'search-parameter-unsupported' }], {
      reason: 'search-value-invalid',
    });
  });
  app.get('/fhir/mixed', async () => {
    throw new Invalid('Unsupported search', [
      { field: 'bogus', message: 'search parameter not supported', reason: 'search-parameter-unsupported' },
      { field: 'authored', message: 'not a date' },
    ]);
  });
  app.get('/fhir/rule', async () => {
    throw new Unprocessable('Chiropractors may not refer to MR head', [
      {
        field: 'ServiceRequest.code',
        message: 'Chiropractors may not refer to MR head',
        reason: 'referral-refused-by-rule',
        vars: { explanation: { nb: 'Kiropraktorer kan ikke henvise til MR caput.', en: 'Chiropractors may not refer to MR head.' } },
      },
    ]);
  });
  app.get('/fhir/many', async () => {
    throw new PreconditionFailed('If-None-Exist matches more than one referral', [
      { field: 'If-None-Exist', message: 'several matches', reason: 'conditional-multiple-matches' },
    ]);
  });
  app.get('/fhir/gone', async () => {
    throw new NotFound('ServiceRequest/x not found', undefined, { reason: 'resource-not-found' });
  });
  app.get('/fhir/plain', async () => {
    throw new NotFound('nothing here');
  });
  app.get('/fhir/field-422', async () => {
    throw new Unprocessable('status must be active', [{ field: 'ServiceRequest.status', message: 'must be active' }]);
  });
  app.get('/api/unknown-param', async () => {
    throw new Invalid('Unsupported', [{ field: 'bogus', message: 'not supported', reason: 'search-parameter-unsupported', vars: { x: 1 } }]);
  });
  await app.ready();
});
afterAll(() => app.close());

const ask = async (url: string, lang?: string) => {
  const res = await app.inject({ url, headers: lang ? { 'accept-language': lang } : {} });
  return { status: res.statusCode, issues: (res.json() as { issue: Issue[] }).issue, body: res.json() as Record<string, unknown> };
};

describe('OperationOutcome issue reasons', () => {
  it('a field’s own reason: code under the Radvis CodeSystem beside the error code, text naming the field, bokmål by default', async () => {
    const { status, issues } = await ask('/fhir/unknown-param');
    expect(status).toBe(400);
    expect(issues).toHaveLength(1);
    expect(issues[0].details.coding).toEqual([
      { system: PROBLEM_BASE, code: 'invalid' },
      { system: ISSUE_REASON_SYSTEM, code: 'search-parameter-unsupported' },
    ]);
    expect(issues[0].details.text).toBe('Søkeparameteren «bogus» støttes ikke (se /fhir/metadata).');
    expect(issues[0].code).toBe('not-supported');
    expect(issues[0].diagnostics).toBe('bogus: search parameter not supported');
  });

  it('English when Accept-Language asks for it (q-values honoured); bokmål for a language Radvis lacks', async () => {
    expect((await ask('/fhir/unknown-param', 'en-GB, nb;q=0.5')).issues[0].details.text).toBe(
      'The search parameter “bogus” is not supported (see /fhir/metadata).',
    );
    expect((await ask('/fhir/unknown-param', 'de')).issues[0].details.text).toBe('Søkeparameteren «bogus» støttes ikke (se /fhir/metadata).');
  });

  it('each issue its own reason; a field without one gets the general reason of its status, naming the field', async () => {
    const { issues } = await ask('/fhir/mixed', 'en');
    expect(issues.map(reasonOf)).toEqual(['search-parameter-unsupported', 'value-invalid']);
    expect(issues[1].details.text).toBe('The value of “authored” is not valid.');
    const rule = (await ask('/fhir/field-422')).issues[0];
    expect(reasonOf(rule)).toBe('rule-broken');
    expect(rule.details.text).toBe('«ServiceRequest.status» bryter en regel, og forespørselen ble ikke utført.');
  });

  it('a text that comes with the rule (a guideline’s explanation) in the answer’s language; diagnostics stay the technical English', async () => {
    const nb = (await ask('/fhir/rule')).issues[0];
    const en = (await ask('/fhir/rule', 'en')).issues[0];
    expect(reasonOf(nb)).toBe('referral-refused-by-rule');
    expect(nb.code).toBe('business-rule');
    expect(nb.details.text).toBe('Kiropraktorer kan ikke henvise til MR caput.');
    expect(en.details.text).toBe('Chiropractors may not refer to MR head.');
    expect(nb.diagnostics).toBe(en.diagnostics);
  });

  it('conditional create with several matches: 412, issue type multiple-matches (R4 http.html#ccreate)', async () => {
    const { status, issues } = await ask('/fhir/many');
    expect(status).toBe(412);
    expect(issues[0].code).toBe('multiple-matches');
    expect(reasonOf(issues[0])).toBe('conditional-multiple-matches');
  });

  it('an error-level reason for an error without fields; none given → the error code as reason with its problem text', async () => {
    const gone = (await ask('/fhir/gone', 'en')).issues[0];
    expect(reasonOf(gone)).toBe('resource-not-found');
    expect(gone.details.text).toBe('The resource you asked for was not found.');
    const plain = (await ask('/fhir/plain')).issues[0];
    expect(reasonOf(plain)).toBe('not-found');
    expect(plain.details.text).toBe(MESSAGES.nb['problem.not-found']);
  });

  it('the app API keeps its problem+json shape: errors are field and message only', async () => {
    const res = await app.inject({ url: '/api/unknown-param' });
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors).toEqual([{ field: 'bogus', message: 'not supported' }]);
  });
});

describe('issueReason', () => {
  it('every specific reason has a text in both languages, and no text leaves a placeholder unfilled when its field is given', () => {
    const keys = Object.keys(MESSAGES.nb).filter((k) => k.startsWith('issue.'));
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      const reason = key.slice('issue.'.length) as IssueReason;
      for (const locale of ['nb', 'en'] as const) {
        const { text } = issueReason(400, 'invalid', locale, { field: 'x', message: 'm', reason, vars: { explanation: 'e' } });
        expect(text, `${locale} ${key}`).not.toMatch(/\{(field|explanation)\}/);
        expect(text.length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('a very long field is cut in the text (what the client sent is shown, at most 64 characters)', () => {
    const { text } = issueReason(400, 'invalid', 'en', { field: 'p'.repeat(500), message: 'm', reason: 'search-parameter-unsupported' });
    expect(text.length).toBeLessThan(140);
  });
});
