// FHIR R4 ServiceRequest for referrals: an external system sends a referral (conditional create
// on identifier, so a retry never makes a second referral), reads it, and searches.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SystemClient } from '../http/access.ts';
import type { Principal } from '../auth/principal.ts';
import { actorFromPrincipal, logAccess, systemActor, type Actor } from '../audit/access-log.ts';
import type { DB, Urgency } from '../db/schema.ts';
import { ageOn, parseFnr } from '../directory/identifiers.ts';
import { MAX_NOTE_CHARS, noteHasControlCharacters, noteTooLong } from '../../shared/note.ts';
import * as directory from '../directory/store.ts';
import { advise } from '../guidelines/advise.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { Unprocessable } from './errors.ts';
import { ICD10_SYSTEM, ICPC2_SYSTEM, isNcrpSystem, NCRP_OID, type ServiceRequest } from './cds-hooks.ts';
import { guidelinePack } from './pack.ts';
import * as store from './store.ts';

export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
export const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';

const PRIORITY_TO_URGENCY: Record<string, Urgency> = { routine: 'routine', urgent: 'urgent', asap: 'urgent', stat: 'emergency' };
const URGENCY_TO_PRIORITY: Record<Urgency, string> = { routine: 'routine', planned: 'routine', urgent: 'urgent', emergency: 'stat' };
const STATUS: Record<string, string> = { draft: 'draft', submitted: 'active', accepted: 'active', info_requested: 'on-hold', scheduled: 'active', performed: 'active', reported: 'completed', returned: 'revoked', redirected: 'revoked', cancelled: 'revoked' };

export function toServiceRequest(r: store.ReferralDetail) {
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: { profile: ['http://hl7.org/fhir/StructureDefinition/ServiceRequest'] },
    ...(r.identifier_value ? { identifier: [{ system: r.identifier_system, value: r.identifier_value }] } : {}),
    status: STATUS[r.status] ?? 'unknown',
    intent: 'order',
    priority: URGENCY_TO_PRIORITY[r.urgency],
    code: { coding: [{ system: NCRP_OID, code: r.exam_code, display: r.exam_name }], text: r.exam_name },
    subject: { reference: `Patient/${r.patient_id}`, identifier: { system: FNR_SYSTEM, value: r.fnr }, display: `${r.given_name} ${r.family_name}` },
    authoredOn: r.submitted_at ? new Date(r.submitted_at).toISOString() : undefined,
    requester: { reference: `Practitioner/${r.referrer_person_id}`, ...(r.referrer_hpr ? { identifier: { system: HPR_SYSTEM, value: r.referrer_hpr } } : {}), display: `${r.referrer_given_name} ${r.referrer_family_name}` },
    performer: [{ reference: `Organization/${r.department_org_id}`, display: r.department_name }],
    ...(r.indication_code ? { reasonCode: [{ coding: [{ system: r.indication_system === 'ICD-10' ? ICD10_SYSTEM : ICPC2_SYSTEM, code: r.indication_code }], text: r.clinical_question ?? undefined }] } : r.clinical_question ? { reasonCode: [{ text: r.clinical_question }] } : {}),
    ...(r.clinical_note ? { note: [{ text: r.clinical_note }] } : {}),
  };
}

interface ParsedRequest {
  identifier: { system: string; value: string };
  fnr: string;
  examCode: string;
  departmentId: string;
  requesterHpr: string | null;
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string };
  question: string | null;
  note: string | null;
  urgency: Urgency;
}

/** Validates an incoming ServiceRequest; every problem is named with its FHIRPath-like location. */
export function parseServiceRequest(body: unknown): ParsedRequest {
  const errors: { field: string; message: string }[] = [];
  const sr = (typeof body === 'object' && body !== null ? body : {}) as ServiceRequest & Record<string, unknown>;
  if (sr.resourceType !== 'ServiceRequest') errors.push({ field: 'ServiceRequest.resourceType', message: 'must be ServiceRequest' });
  // A referral sent to the department is an active order; drafts stay in the sender's system.
  if (sr.status !== 'active') errors.push({ field: 'ServiceRequest.status', message: 'must be active' });
  if (sr.intent !== 'order') errors.push({ field: 'ServiceRequest.intent', message: 'must be order' });
  const ids = (sr.identifier as { system?: string; value?: string }[] | undefined) ?? [];
  const identifier = ids.find((i) => i.system && i.value);
  if (!identifier) errors.push({ field: 'ServiceRequest.identifier', message: 'an identifier with system and value is required' });
  const subj = sr.subject as { identifier?: { system?: string; value?: string } } | undefined;
  const fnr = subj?.identifier?.system === FNR_SYSTEM ? subj.identifier.value : undefined;
  if (!fnr) errors.push({ field: 'ServiceRequest.subject.identifier', message: `patient identifier with system ${FNR_SYSTEM} is required` });
  else {
    const p = parseFnr(fnr);
    if (!p.ok) errors.push({ field: 'ServiceRequest.subject.identifier.value', message: p.reason });
  }
  const coding = sr.code?.coding?.find((c) => isNcrpSystem(c.system) && c.code);
  if (!coding?.code) errors.push({ field: 'ServiceRequest.code', message: 'an NCRP coding is required' });
  const performer = (sr.performer as { reference?: string }[] | undefined)?.[0]?.reference;
  if (!performer || !/^Organization\/[\w.-]+$/.test(performer)) errors.push({ field: 'ServiceRequest.performer', message: 'a reference Organization/{id} to the receiving department is required' });
  const req = sr.requester as { identifier?: { system?: string; value?: string } } | undefined;
  const requesterHpr = req?.identifier?.system === HPR_SYSTEM && req.identifier.value ? req.identifier.value : null;
  if (!requesterHpr) errors.push({ field: 'ServiceRequest.requester.identifier', message: `the referrer's HPR number (${HPR_SYSTEM}) is required` });
  const priority = typeof sr.priority === 'string' ? sr.priority : 'routine';
  if (!PRIORITY_TO_URGENCY[priority]) errors.push({ field: 'ServiceRequest.priority', message: 'must be routine, urgent, asap or stat' });
  // The note: the same documented limit as at every door (src/shared/note.ts); texts in the wrong shape are no text.
  const texts = (list: unknown) => (Array.isArray(list) ? list.map((x: { text?: unknown } | null) => (typeof x?.text === 'string' ? x.text : '')).filter(Boolean) : []);
  const question = texts(sr.reasonCode).join('. ') || null;
  const note = texts(sr.note).join('\n') || null;
  if (noteTooLong([question, note].filter(Boolean).join('. '))) errors.push({ field: 'ServiceRequest.note', message: `longer than ${MAX_NOTE_CHARS} characters` });
  if (noteHasControlCharacters(`${question ?? ''}${note ?? ''}`)) errors.push({ field: 'ServiceRequest.note', message: 'control characters other than tab and line breaks' });
  if (errors.length) throw new Invalid(`Invalid ServiceRequest: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  let indication: ParsedRequest['indication'];
  for (const rc of Array.isArray(sr.reasonCode) ? sr.reasonCode : []) for (const c of Array.isArray(rc?.coding) ? rc.coding : []) if (!indication && c.code && (c.system === ICPC2_SYSTEM || c.system === ICD10_SYSTEM)) indication = { system: c.system === ICPC2_SYSTEM ? 'ICPC-2' : 'ICD-10', code: c.code };
  return {
    identifier: { system: identifier!.system!, value: identifier!.value! },
    fnr: fnr!,
    examCode: coding!.code!,
    departmentId: performer!.slice('Organization/'.length),
    requesterHpr,
    indication,
    question,
    note,
    urgency: PRIORITY_TO_URGENCY[priority],
  };
}

/** Parses `If-None-Exist: identifier=system|value`. */
export function parseIfNoneExist(header: string | undefined): { system: string; value: string } | null {
  if (!header) return null;
  const m = /^identifier=([^|]+)\|(.+)$/.exec(decodeURIComponent(header.trim()));
  if (!m) throw new Invalid('If-None-Exist must be identifier=system|value', [{ field: 'If-None-Exist', message: 'unsupported search' }]);
  return { system: m[1], value: m[2] };
}

export async function createServiceRequest(db: Kysely<DB>, who: { principal: Principal | null; client: SystemClient | null; ip: string | null }, body: unknown, ifNoneExist: string | undefined, now = new Date()) {
  const parsed = parseServiceRequest(body);
  // If-None-Exist is a search for an existing referral; without it the resource's own identifier
  // is. Either way the referral is stored under the resource's identifier (unique), so a retry
  // with the same identifier never creates a second referral.
  const conditional = parseIfNoneExist(ifNoneExist);
  const actor: Actor = who.client ? systemActor(`system:${who.client.name}`, who.ip) : actorFromPrincipal(who.principal!, who.ip, ['referrer']);
  if (who.client) actor.organizationId = who.client.organizationId;
  const orgs = new Set(await visibleOrgs(db, who));

  const findExisting = async (trx: Kysely<DB>) =>
    (conditional ? await store.referralIdByIdentifier(trx, conditional.system, conditional.value) : undefined) ?? (await store.referralIdByIdentifier(trx, parsed.identifier.system, parsed.identifier.value));
  const existingResult = async (trx: Kysely<DB>, id: string) => {
    const r = (await store.getReferral(trx, id))!;
    const mine = who.principal && r.referrer_person_id === who.principal.personId;
    // Someone else's referral under that identifier is not shown to the caller.
    if (!mine && !orgs.has(r.referrer_org_id) && !orgs.has(r.department_org_id)) throw new Conflict('The identifier is already used by a referral from another organization', [{ field: 'ServiceRequest.identifier', message: 'already used' }]);
    await logAccess(trx, actor, [{ patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action: 'read', context: 'fhir-conditional-create' }]);
    return { created: false, resource: toServiceRequest(r) };
  };

  const create = async (trx: Kysely<DB>) => {
    // Well-formed but unresolvable references are business-rule failures: 422 (FHIR RESTful API, create).
    if (!(await store.examCodeExists(trx, parsed.examCode))) throw new Unprocessable(`Unknown NCRP code ${parsed.examCode}`, [{ field: 'ServiceRequest.code.coding.code', message: 'not in the exam catalogue' }]);
    const dept = await store.receivingDepartment(trx, parsed.departmentId);
    if (!dept) throw new Unprocessable(`Unknown receiving department ${parsed.departmentId}`, [{ field: 'ServiceRequest.performer', message: 'unknown department' }]);
    const patient = await directory.findPatientByFnr(trx, parsed.fnr);
    if (!patient) throw new Unprocessable('No patient with that fødselsnummer', [{ field: 'ServiceRequest.subject.identifier.value', message: 'unknown patient' }]);
    const requester = await trx.selectFrom('person').select(['id', 'referrer_kind']).where('hpr_number', '=', parsed.requesterHpr!).executeTakeFirst();
    if (!requester) throw new Unprocessable('Unknown referrer HPR number', [{ field: 'ServiceRequest.requester.identifier.value', message: 'unknown HPR number' }]);
    // A logged-in referrer sends in their own name; a system client for the doctors of its organization.
    if (who.principal && !who.client && requester.id !== who.principal.personId) throw new Forbidden('You may only send referrals in your own name', [{ field: 'ServiceRequest.requester', message: 'not the logged-in referrer' }]);
    const referrerOrg = who.client?.organizationId ?? who.principal!.grants.find((g) => g.role === 'referrer')?.organizationId;
    if (!referrerOrg) throw new Invalid('No referring organization', [{ field: 'ServiceRequest.requester', message: 'no organization' }]);
    const patientInput = { ageYears: ageOn(patient.birth_date, now), sex: patient.sex };
    const r = advise(guidelinePack(), { examCode: parsed.examCode, patient: patientInput, indication: parsed.indication, referrerKind: requester.referrer_kind, facts: {}, text: [parsed.question, parsed.note].filter(Boolean).join('. ') }, { now });
    // Limited referral rights hold for referrals from other systems too. Other ratings are kept with
    // the referral for the department's assessment (an external system cannot answer our questions).
    if (r.advice?.rating === 'not_allowed') throw new Unprocessable(r.advice.explanation.en ?? r.advice.explanation.nb, [{ field: 'ServiceRequest.code', message: r.advice.explanation.nb }]);
    const id = `ref-${crypto.randomUUID()}`;
    await store.insertReferral(trx, {
      id,
      patientId: patient.id,
      referrerPersonId: requester.id,
      referrerOrgId: referrerOrg,
      departmentOrgId: dept.id,
      examCode: parsed.examCode,
      indication: parsed.indication,
      clinicalQuestion: parsed.question,
      clinicalNote: parsed.note,
      urgency: parsed.urgency,
      facts: r.facts,
      contraindications: {},
      advice: r.advice,
      lowValue: r.advice ? r.advice.rating === 'usually_not_appropriate' : null,
      patientAreaId: patient.area_id,
      patientAge: patientInput.ageYears,
      patientSex: patientInput.sex,
      source: 'fhir',
      identifier: parsed.identifier,
    });
    await logAccess(trx, actor, [{ patientId: patient.id, resourceType: 'ServiceRequest', resourceId: id, action: 'create', context: 'fhir-create' }]);
    const created = (await store.getReferral(trx, id))!;
    return { created: true, resource: toServiceRequest(created) };
  };

  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await findExisting(trx);
      return existing ? existingResult(trx, existing) : create(trx);
    });
  } catch (e) {
    // Two concurrent creates with one identifier: the unique index stops the second; answer it with the first.
    if ((e as { code?: string }).code !== '23505') throw e;
    return db.transaction().execute(async (trx) => {
      const existing = await findExisting(trx);
      if (!existing) throw e;
      return existingResult(trx, existing);
    });
  }
}

async function visibleOrgs(db: Kysely<DB>, who: { principal: Principal | null; client: SystemClient | null }) {
  if (who.client) return directory.subtreeIds(db, [who.client.organizationId]);
  return directory.subtreeIds(db, who.principal!.grants.map((g) => g.organizationId));
}

export async function readServiceRequest(db: Kysely<DB>, who: { principal: Principal | null; client: SystemClient | null; ip: string | null }, id: string) {
  const orgs = new Set(await visibleOrgs(db, who));
  return db.transaction().execute(async (trx) => {
    const r = await store.getReferral(trx, id);
    const mine = who.principal && r?.referrer_person_id === who.principal.personId;
    if (!r || (!mine && !orgs.has(r.referrer_org_id) && !orgs.has(r.department_org_id))) throw new NotFound(`ServiceRequest/${id} not found`);
    const actor = who.client ? { ...systemActor(`system:${who.client.name}`, who.ip), organizationId: who.client.organizationId } : actorFromPrincipal(who.principal!, who.ip);
    await logAccess(trx, actor, [{ patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: id, action: 'read', context: 'fhir-read' }]);
    return toServiceRequest(r);
  });
}

export async function searchServiceRequests(db: Kysely<DB>, who: { principal: Principal | null; client: SystemClient | null; ip: string | null }, q: { patient?: string; status?: string }, baseUrl: string) {
  const orgs = await visibleOrgs(db, who);
  let patientId: string | undefined;
  if (q.patient) {
    const ident = /^(.+)\|(.+)$/.exec(q.patient);
    if (ident) {
      if (ident[1] !== FNR_SYSTEM) throw new Invalid('patient identifier system must be the fødselsnummer OID', [{ field: 'patient', message: 'unsupported system' }]);
      patientId = (await directory.findPatientByFnr(db, ident[2]))?.id ?? '-';
    } else patientId = q.patient.replace(/^Patient\//, '');
  }
  const statusMap: Record<string, string> = { active: 'submitted', completed: 'reported', revoked: 'returned', 'on-hold': 'info_requested', draft: 'draft' };
  if (q.status && !statusMap[q.status]) throw new Invalid('status must be active, completed, revoked, on-hold or draft', [{ field: 'status', message: 'unsupported' }]);
  return db.transaction().execute(async (trx) => {
    const ids = await store.searchReferralIds(trx, { patientId, status: q.status ? statusMap[q.status] : undefined, orgIds: orgs, limit: 100 });
    const rows = (await Promise.all(ids.map((id) => store.getReferral(trx, id)))).filter((r): r is store.ReferralDetail => !!r);
    const actor = who.client ? { ...systemActor(`system:${who.client.name}`, who.ip), organizationId: who.client.organizationId } : actorFromPrincipal(who.principal!, who.ip);
    await logAccess(trx, actor, rows.map((r) => ({ patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action: 'search' as const, context: 'fhir-search' })));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: rows.length,
      entry: rows.map((r) => ({ fullUrl: `${baseUrl}/fhir/ServiceRequest/${r.id}`, resource: toServiceRequest(r), search: { mode: 'match' } })),
    };
  });
}
