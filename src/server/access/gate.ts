// The one access gate: may this principal see or change this patient's data or referral?
// Every door — the app API, FHIR, CDS Hooks (and later DICOM and reading lists) — asks here, and
// the gate writes the access-log row for allowed AND refused attempts in the caller's transaction
// (Normen §§ on logging; pasientjournalloven § 16 and § 19 «tjenstlig behov»).
//
// The rule (work need), the same through every door:
//  - A user may read a referral when they wrote it (the referrer); when they hold a department
//    role (radiologist, LIS, radiographer, reporting radiographer, secretary, department leader)
//    in the receiving department or an organization above it; or when they are a referrer in the
//    practice the referral was written in and the practice has configured them to cover for its
//    referrer (referral_cover: everyone in the practice, or named colleagues, for a period).
//  - Regional joint assessment (felles vurdering): a user with an assessment role (radiologist,
//    LIS, radiographer, secretary, department leader) in an organization that is a member of a
//    vetting share agreement (vetting_share_agreement, valid today) may read the open referrals
//    (submitted, information requested) sent to any member's departments — only while they wait
//    for assessment.
//  - A user may read a patient when they are the patient's GP (fastlege), or may read one of the
//    patient's referrals. To write a referral a referrer may also read (age and sex of) a patient
//    they identified by full fødselsnummer / D-number in the last IDENTIFIED_WINDOW_HOURS.
//  - Finding a patient by exact identifier (to refer, or to register a referral): a user holding a
//    referrer or department role finds the one patient a full, valid fødselsnummer / D-number /
//    FH-number names — never a list by partial identifier (`decidePatientLookup`). The app's
//    /api/patients?fnr= and FHIR Patient?identifier=system|number (one value) both ask it and log
//    the same row (search, context 'patient-lookup'), which is what the 'identified' rule reads.
//  - A system client (FHIR API) acts for its organization: referrals written by referrers of that
//    organization (or below it), or sent to its departments.
//  - A CDS Hooks client gets no Radvis patient data: its cards are computed from what it sends.
//  - A DICOM modality (registered, active AE title) reads the worklist of its own site's departments
//    and reports performed steps for them (scheduling/worklist.ts, performed.ts); an unknown calling
//    AE title, a query naming another site's station or another site's patient / accession, and an
//    MPPS for another site's step are refused and logged here (`logRefusal`) like every refusal.
//  - Acting in someone's name: a user sends referrals only in their own name; a FHIR client only
//    for referrers of its own organization, or for people an administrator granted it.
//  - Reading (issue 9): a reader sees an exam (its reading case, referral, history and patient) only
//    through a reading list they are entitled to (reading/entitlement.ts): a list owned at, above or
//    below an organization where they hold a reading role, and the exam is in that list (matches its
//    rules and is the owner's own exam, under a standing hand-over, or handed over one by one).
//  - Second opinion / consult (migration 0170): the consultant a request names — the named reader,
//    or a radiologist of the target trust with the asked subspecialty — sees that exam through that
//    request only (reason 'consult'), while it is open or answered; never after it is withdrawn.
//  - Assessing a referral (vurdering: accept, return, ask, redirect, merge) needs more than reading
//    it: a radiologist or LIS in the receiving department (or an organization above it), or through a
//    vetting share agreement while the referral waits; a radiographer only for a modality the
//    department leader approved them for (task sharing, oppgavedeling) — in the receiving department,
//    or under a share agreement in a department of their own. Only the roles held where the referral
//    is seen count (a radiologist elsewhere is a radiographer here). `decideAssessment` is the rule;
//    the assessment view's "may assess" and every assessment action ask it, so they cannot disagree.
//  - Everything else is refused (deny by default), and the refusal is logged.
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { actorFromPrincipal, logAccess, type Actor } from '../audit/access-log.ts';
import type { AccessAction } from '../db/schema.ts';
import { Forbidden, NotFound, type FieldError } from '../http/errors.ts';
import type { SystemClient } from '../http/access.ts';
import * as store from './store.ts';
import { consultEntitlement, readingCaseEntitlement } from '../reading/entitlement.ts';
import type { ListRow } from '../reading/store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Roles that work in a radiology department and see the referrals sent to it. */
export const DEPARTMENT_ROLES: readonly Role[] = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader'];

/** Roles that assess referrals and so take part in regional joint assessment (vetting share agreements). */
export const SHARED_VETTING_ROLES: readonly Role[] = ['radiologist', 'lis', 'radiographer', 'secretary', 'department_leader'];

/** Referral statuses a vetting share agreement opens to the partners: waiting for assessment. */
export const SHARED_VETTING_STATUSES = ['submitted', 'info_requested'] as const;

/** Roles that may find a patient by exact fødselsnummer / D-number (to write or register a referral). */
export const LOOKUP_ROLES: readonly Role[] = ['referrer', ...DEPARTMENT_ROLES];

/** The access-log context of an exact-identifier patient lookup, through every door (the 'identified' rule reads it). */
export const PATIENT_LOOKUP_CONTEXT = 'patient-lookup';

/** How long a referrer's exact fødselsnummer lookup lets them read that patient to write a referral. */
export const IDENTIFIED_WINDOW_HOURS = 12;

/** Who is asking, whatever the door. */
export type Who =
  | { kind: 'user'; principal: Principal; ip: string | null }
  | { kind: 'fhir-client'; client: SystemClient; ip: string | null }
  | { kind: 'cds-client'; clientId: string; name: string; organizationId: string; ip: string | null }
  /**
   * A DICOM modality (the DICOM door: worklist C-FIND, MPPS): named by its calling AE title; `departmentId`
   * is the department it works for, null when the AE title is not a registered, active machine.
   */
  | { kind: 'modality'; aeTitle: string; departmentId: string | null; ip: string | null };

/** The principal of a request: the session user, the FHIR API client or the CDS client. */
export function whoOf(req: FastifyRequest): Who {
  if (req.client) return { kind: 'fhir-client', client: req.client, ip: req.ip };
  if (req.cdsCall)
    return {
      kind: 'cds-client',
      clientId: req.cdsCall.client.id,
      name: req.cdsCall.client.name,
      organizationId: req.cdsCall.client.organizationId,
      ip: req.ip,
    };
  if (req.principal) return { kind: 'user', principal: req.principal, ip: req.ip };
  throw new Forbidden('Ingen identitet / No identity');
}

/** The parts of a referral the rule looks at. */
export interface ReferralKeys {
  id: string;
  patient_id: string;
  referrer_person_id: string;
  referrer_org_id: string;
  department_org_id: string;
  /** Needed for regional joint assessment (only open referrals are shared); without it sharing does not apply. */
  status?: string;
  /**
   * The receiving department's `organization.ancestor_ids` (migration 0192), when the caller read
   * them with the referral (referrals/store `getReferral` does): the department rule then needs no
   * query of its own.
   */
  department_ancestor_ids?: readonly string[];
}

export type Decision =
  | {
      allowed: true;
      reason:
        | 'referrer'
        | 'department'
        | 'shared-vetting'
        | 'cover'
        | 'organization'
        | 'gp'
        | 'referral'
        | 'identified'
        | 'lookup'
        | 'own-name'
        | 'client-organization'
        | 'client-grant'
        | 'reading-list'
        | 'consult'
        | 'self';
      roles?: readonly Role[];
    }
  | { allowed: false; reason: string };

/** A refused attempt. It is a 403; `gated` commits the refusal's log row before it reaches the client. */
export class AccessRefused extends Forbidden {}

const refuse = (reason: string): Decision => ({ allowed: false, reason });

function actorOf(who: Who, roles?: readonly Role[]): Actor {
  switch (who.kind) {
    case 'user':
      return actorFromPrincipal(who.principal, who.ip, roles);
    case 'fhir-client':
      return { userId: null, name: `system:${who.client.name}`, role: null, organizationId: who.client.organizationId, client: who.ip };
    case 'cds-client':
      return { userId: null, name: `cds:${who.name}`, role: null, organizationId: who.organizationId, client: who.ip };
    case 'modality':
      return { userId: null, name: `DICOM-modalitet ${who.aeTitle}`, role: null, organizationId: who.departmentId, client: who.ip };
  }
}

/** Decides (without logging) whether `who` may read the referral. */
export async function decideReferral(db: Q, who: Who, r: ReferralKeys): Promise<Decision> {
  switch (who.kind) {
    case 'user': {
      const p = who.principal;
      if (r.referrer_person_id === p.personId) return { allowed: true, reason: 'referrer', roles: ['referrer'] };
      if (await store.isWithin(db, r.department_org_id, grantOrganizations(p, DEPARTMENT_ROLES), r.department_ancestor_ids))
        return { allowed: true, reason: 'department', roles: DEPARTMENT_ROLES };
      if (
        r.status !== undefined &&
        (SHARED_VETTING_STATUSES as readonly string[]).includes(r.status) &&
        (await store.sharedVettingDepartmentIds(db, grantOrganizations(p, SHARED_VETTING_ROLES))).includes(r.department_org_id)
      )
        return { allowed: true, reason: 'shared-vetting', roles: SHARED_VETTING_ROLES };
      if (grantOrganizations(p, ['referrer']).includes(r.referrer_org_id) && (await store.isCovering(db, r.referrer_org_id, p.personId, r.referrer_person_id)))
        return { allowed: true, reason: 'cover', roles: ['referrer'] };
      return refuse('no-work-need');
    }
    case 'fhir-client': {
      const org = who.client.organizationId;
      if ((await store.isWithin(db, r.referrer_org_id, [org])) || (await store.isWithin(db, r.department_org_id, [org], r.department_ancestor_ids)))
        return { allowed: true, reason: 'organization' };
      return refuse('not-client-organization');
    }
    case 'cds-client':
      return refuse('cds-client');
    case 'modality':
      return refuse('modality');
  }
}

/** The SQL condition (on a referral row aliased `alias`) selecting exactly the referrals `decideReferral` allows. */
export async function referralCondition(db: Q, who: Who, alias = 'r'): Promise<RawBuilder<SqlBool>> {
  switch (who.kind) {
    case 'user': {
      const p = who.principal;
      return store.referralVisibleSql(alias, {
        personId: p.personId,
        departmentOrgIds: await store.subtreeIds(db, grantOrganizations(p, DEPARTMENT_ROLES)),
        sharedVetting: {
          departmentOrgIds: await store.sharedVettingDepartmentIds(db, grantOrganizations(p, SHARED_VETTING_ROLES)),
          statuses: SHARED_VETTING_STATUSES,
        },
        referrerOrgIds: grantOrganizations(p, ['referrer']),
      });
    }
    case 'fhir-client':
      return store.referralVisibleSql(alias, { organizationIds: await store.subtreeIds(db, [who.client.organizationId]) });
    case 'cds-client':
    case 'modality':
      return store.referralVisibleSql(alias, {});
  }
}

/**
 * Writes the decision's access-log row with `db`. An allowed read fails with its row (no read
 * without a trace). A refusal stands whether or not its row can be written: the write runs in a
 * savepoint when `db` is a transaction, so a failed write (a rejected row, a full table) leaves the
 * caller's transaction usable and the answer a 403 — not a 500 for a request that was simply not
 * allowed. The failure goes to the server log (error name and code only, no personal data).
 */
async function record(
  db: Q,
  who: Who,
  d: Decision,
  entry: { patientId: string | null; resourceType: string; resourceId: string; action: AccessAction; context: string },
) {
  const write = () =>
    logAccess(db, actorOf(who, d.allowed ? d.roles : undefined), [{ ...entry, outcome: d.allowed ? 'allowed' : 'refused', reason: d.reason }]);
  if (d.allowed) return write();
  try {
    if (!db.isTransaction) return await write();
    await sql`SAVEPOINT gate_refusal_log`.execute(db);
    try {
      await write();
      await sql`RELEASE SAVEPOINT gate_refusal_log`.execute(db);
    } catch (e) {
      await sql`ROLLBACK TO SAVEPOINT gate_refusal_log`.execute(db);
      throw e;
    }
  } catch (e) {
    console.error('access log: a refusal could not be written', (e as Error)?.name, (e as { code?: unknown })?.code ?? '');
  }
}

/**
 * Logs a refusal decided before the gate's own rules are asked — a route's role rule, a FHIR client
 * without the route's scope — exactly as the gate logs its own refusals (`record`): one access-log
 * row with outcome refused and `reason`, in a savepoint when `db` is a transaction; when the row
 * cannot be written the failure goes to the server log (error name and code only) and the caller's
 * refusal stands (a 403, never a 500). Every refusal row in Radvis is written through here or `record`.
 */
export async function logRefusal(
  db: Q,
  who: Who,
  reason: string,
  entry: { patientId: string | null; resourceType: string; resourceId: string; action: AccessAction; context: string },
): Promise<void> {
  await record(db, who, refuse(reason), entry);
}

function refusal(message: string, d: Decision, fields?: FieldError[]) {
  return new AccessRefused(message, fields ?? [{ field: 'access', message: d.reason }]);
}

/**
 * Reads a referral through the gate: decides, writes the access-log row (allowed or refused)
 * with `db` (the caller's transaction), and throws AccessRefused (403) when refused.
 */
export async function requireReferral(db: Q, who: Who, r: ReferralKeys, action: AccessAction, context: string): Promise<Decision> {
  const d = await decideReferral(db, who, r);
  await record(db, who, d, { patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action, context });
  if (!d.allowed) throw refusal('Du har ikke tjenstlig behov for denne henvisningen / No work need for this referral', d);
  return d;
}

/** Logs the rows a search returned (they were selected with `referralCondition`, so all are allowed). */
export async function logReferralSearch(db: Q, who: Who, rows: { id: string; patient_id: string }[], context: string, roles?: readonly Role[]) {
  await logAccess(
    db,
    actorOf(who, roles),
    rows.map((r) => ({ patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action: 'search' as const, context, reason: 'search' })),
  );
}

/** Most refused matches one search logs (a probe by `_id` or patient names a few; a broad search is not a probe). */
export const MAX_REFUSED_SEARCH_LOG = 100;

/**
 * Logs, as refused, the referrals a search named but the caller may not see (they matched the
 * search's own criteria and were left out by `referralCondition`). A search never shows what a
 * read refuses, and it leaves the same trace a refused read does (one row each, `reason` from
 * `decideReferral`), so probing referral ids or patients through search is visible in the log.
 */
export async function logRefusedSearchMatches(db: Q, who: Who, rows: ReferralKeys[], context: string): Promise<void> {
  for (const r of rows.slice(0, MAX_REFUSED_SEARCH_LOG)) {
    const d = await decideReferral(db, who, r);
    if (!d.allowed) await record(db, who, d, { patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action: 'search', context });
  }
}

/**
 * Decides whether `who` may read the patient. `purpose: 'refer'` (writing a referral) also
 * allows a referrer who identified the patient by full number recently (see the rule above).
 */
export async function decidePatient(db: Q, who: Who, patientId: string, purpose: 'read' | 'refer', now = new Date()): Promise<Decision> {
  if (who.kind === 'user') {
    const p = who.principal;
    if (await store.isPatientsGp(db, p.personId, patientId)) return { allowed: true, reason: 'gp', roles: ['referrer'] };
    if (await store.patientHasVisibleReferral(db, patientId, await referralCondition(db, who, 'r'))) return { allowed: true, reason: 'referral' };
    if (
      purpose === 'refer' &&
      p.grants.some((g) => g.role === 'referrer') &&
      (await store.identifiedPatientSince(db, p.userId, patientId, new Date(now.getTime() - IDENTIFIED_WINDOW_HOURS * 3_600_000)))
    ) {
      return { allowed: true, reason: 'identified', roles: ['referrer'] };
    }
    return refuse('no-work-need');
  }
  if (who.kind === 'fhir-client') {
    if (await store.patientHasVisibleReferral(db, patientId, await referralCondition(db, who, 'r'))) return { allowed: true, reason: 'organization' };
    return refuse('not-client-organization');
  }
  return refuse(who.kind);
}

/**
 * Decides (without logging) whether `who` may find a patient by an exact identifier (a full, valid
 * fødselsnummer, D-number or FH-number naming one patient; the caller has checked the number): a
 * user holding a referrer or department role (LOOKUP_ROLES) anywhere — a GP must find any patient
 * to refer them, a department any patient to register a paper referral. A FHIR API client or CDS
 * client finds no patient this way (its organization's patients come by the read rule), nor a user
 * without those roles. The rule of the rule list above, "Finding a patient by exact identifier".
 */
export function decidePatientLookup(who: Who): Decision {
  if (who.kind !== 'user') return refuse(who.kind === 'fhir-client' ? 'not-a-user' : who.kind);
  const roles = LOOKUP_ROLES.filter((role) => who.principal.grants.some((g) => g.role === role));
  return roles.length ? { allowed: true, reason: 'lookup', roles: LOOKUP_ROLES } : refuse('no-lookup-role');
}

/**
 * Finds a patient by exact identifier through the gate, for every door (app /api/patients?fnr=,
 * FHIR Patient?identifier=): decides by `decidePatientLookup`, writes the access-log row (action
 * search, resource Patient/{id}, context PATIENT_LOOKUP_CONTEXT, allowed or refused) with `db` — use
 * `gated` so a refusal's row is committed — and throws AccessRefused (403) when refused.
 */
export async function requirePatientLookup(db: Q, who: Who, patientId: string): Promise<Decision> {
  const d = decidePatientLookup(who);
  await record(db, who, d, { patientId, resourceType: 'Patient', resourceId: patientId, action: 'search', context: PATIENT_LOOKUP_CONTEXT });
  if (!d.allowed) throw refusal('Du kan ikke slå opp pasienter på fødselsnummer / You may not look up patients by national identity number', d);
  return d;
}

/** Reads a patient through the gate (decide, log allowed or refused, throw AccessRefused). */
export async function requirePatient(
  db: Q,
  who: Who,
  patientId: string,
  purpose: 'read' | 'refer',
  context: string,
  resourceType = 'Patient',
  now = new Date(),
): Promise<Decision> {
  const d = await decidePatient(db, who, patientId, purpose, now);
  await record(db, who, d, { patientId, resourceType, resourceId: patientId, action: 'read', context });
  if (!d.allowed) throw refusal('Du har ikke tjenstlig behov for denne pasienten / No work need for this patient', d);
  return d;
}

/**
 * Decides (without logging) whether `who` may read a practitioner's directory entry (name, HPR
 * number) as a FHIR Practitioner: a user reads themselves and the requesters of referrals they may
 * read; a FHIR client reads the requesters of referrals of its organization and the referrers of
 * its own organization (whom it sends referrals for). Everyone else is refused (deny by default).
 */
export async function decidePractitioner(db: Q, who: Who, personId: string): Promise<Decision> {
  if (who.kind === 'cds-client' || who.kind === 'modality') return refuse(who.kind);
  if (who.kind === 'user' && who.principal.personId === personId) return { allowed: true, reason: 'self' };
  const visible = await referralCondition(db, who, 'r');
  if (await store.requesterHasVisibleReferral(db, personId, visible)) return { allowed: true, reason: who.kind === 'user' ? 'referral' : 'organization' };
  if (who.kind === 'fhir-client') {
    const inside = await store.subtreeIds(db, [who.client.organizationId]);
    if ((await store.referrerOrganizations(db, personId)).some((o) => inside.includes(o))) return { allowed: true, reason: 'client-organization' };
    return refuse('not-client-organization');
  }
  return refuse('no-work-need');
}

/**
 * Reads a practitioner through the gate: decides, logs (allowed or refused; `patientId` is the
 * patient whose referral named the practitioner when the read is part of such a search, else
 * null) and throws AccessRefused when refused.
 */
export async function requirePractitioner(db: Q, who: Who, personId: string, context: string, patientId: string | null = null): Promise<Decision> {
  const d = await decidePractitioner(db, who, personId);
  await record(db, who, d, { patientId, resourceType: 'Practitioner', resourceId: personId, action: 'read', context });
  if (!d.allowed) throw refusal('Du har ikke tilgang til denne personen / No access to this person', d);
  return d;
}

/**
 * Acting in someone's name: may `who` create a referral with `requesterPersonId` as the referrer?
 * Returns the organization the referral is written in. Logs the create (allowed or refused, with
 * the new referral's id) and throws AccessRefused when not. Call it before inserting.
 */
export async function requireActAs(
  db: Q,
  who: Who,
  requesterPersonId: string,
  patientId: string,
  referralId: string,
  context: string,
): Promise<{ referrerOrgId: string }> {
  let d: Decision = refuse(who.kind);
  let referrerOrgId: string | undefined;
  if (who.kind === 'user') {
    const own = grantOrganizations(who.principal, ['referrer']);
    if (requesterPersonId === who.principal.personId && own.length > 0)
      [d, referrerOrgId] = [{ allowed: true, reason: 'own-name', roles: ['referrer'] }, own[0]];
    else d = refuse('not-own-name');
  } else if (who.kind === 'fhir-client') {
    const practices = await store.referrerOrganizations(db, requesterPersonId);
    const inside = await store.subtreeIds(db, [who.client.organizationId]);
    const match = practices.find((o) => inside.includes(o));
    if (match) [d, referrerOrgId] = [{ allowed: true, reason: 'client-organization' }, match];
    else if (await store.clientMayActFor(db, who.client.id, requesterPersonId))
      [d, referrerOrgId] = [{ allowed: true, reason: 'client-grant' }, practices[0] ?? who.client.organizationId];
    else d = refuse('requester-outside-client-organization');
  }
  await record(db, who, d, { patientId, resourceType: 'ServiceRequest', resourceId: referralId, action: 'create', context });
  if (!d.allowed || !referrerOrgId) {
    throw refusal("Du kan ikke sende henvisninger i denne personens navn / You may not send referrals in this person's name", d, [
      { field: 'ServiceRequest.requester', message: d.reason },
    ]);
  }
  return { referrerOrgId };
}

/**
 * Runs `fn` in a transaction where a refusal still commits its access-log row: AccessRefused
 * thrown inside ends the transaction normally and is rethrown after the commit. Callers ask the
 * gate before they write anything, so a refusal changes nothing but the log.
 */
export async function gated<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  let refused: AccessRefused | undefined;
  const out = await db.transaction().execute(async (trx) => {
    try {
      return await fn(trx);
    } catch (e) {
      if (e instanceof AccessRefused) {
        refused = e;
        return undefined;
      }
      throw e;
    }
  });
  if (refused) throw refused;
  return out as T;
}

/**
 * The organizations whose open referrals a user's assessment inbox covers, by the rule above:
 * `own` — the subtrees where they hold a department role; `shared` — the further organizations
 * opened to them by a vetting share agreement (regional joint assessment), without `own`.
 */
export async function assessmentScope(db: Q, p: Principal): Promise<{ own: string[]; shared: string[] }> {
  const own = await store.subtreeIds(db, grantOrganizations(p, DEPARTMENT_ROLES));
  const shared = (await store.sharedVettingDepartmentIds(db, grantOrganizations(p, SHARED_VETTING_ROLES))).filter((id) => !own.includes(id));
  return { own, shared };
}

/**
 * Decides (without logging) whether `who` may read the exam's reading case — and through it the
 * exam's referral, history and patient — by the reading rule above. `patientId` is undefined for an
 * exam without a reading case (the caller answers 404; nothing to log against). `entitled` — the
 * user's entitled lists (reading/entitlement.ts `entitledLists`, all of them, unfiltered) when the
 * caller already read them in the same transaction; otherwise they are read here.
 */
export async function decideReadingCase(
  db: Q,
  who: Who,
  examId: string,
  entitled?: readonly ListRow[],
): Promise<{ decision: Decision; patientId?: string; listIds: string[] }> {
  if (who.kind !== 'user') {
    const c = await db.selectFrom('reading_case').select('patient_id').where('exam_id', '=', examId).executeTakeFirst();
    return { decision: refuse(who.kind === 'cds-client' ? 'cds-client' : 'not-a-reader'), patientId: c?.patient_id, listIds: [] };
  }
  const e = await readingCaseEntitlement(db, who.principal, examId, entitled);
  if (!e) return { decision: refuse('no-such-exam'), listIds: [] };
  if (e.listIds.length === 0) return { decision: refuse('not-in-entitled-list'), patientId: e.patientId, listIds: [] };
  return {
    decision: { allowed: true, reason: 'reading-list', roles: ['radiologist', 'lis', 'reporting_radiographer', 'department_leader'] },
    patientId: e.patientId,
    listIds: e.listIds,
  };
}

/**
 * Opens an exam's reading case through the gate (for the worklist and the report editor):
 * decides, writes ONE access-log row for the patient (resource ImagingStudy/<examId>, allowed or
 * refused) with `db` (the caller's transaction — use `gated` so a refusal's row is committed), and
 * throws AccessRefused (403) when refused, NotFound (404) when the exam has no reading case.
 * `action` is what is done ('read' to open, 'update'/'create' for a report), `context` the screen or
 * operation (e.g. 'reading-case', 'report-editor'). Returns the decision and the entitling list ids.
 * `entitled` as for decideReadingCase.
 */
export async function requireReadingCase(
  db: Q,
  who: Who,
  examId: string,
  action: AccessAction,
  context: string,
  entitled?: readonly ListRow[],
): Promise<{ decision: Decision; patientId: string; listIds: string[] }> {
  const r = await decideReadingCase(db, who, examId, entitled);
  if (r.patientId === undefined) throw new NotFound('Ukjent undersøkelse / Unknown exam');
  await record(db, who, r.decision, { patientId: r.patientId, resourceType: 'ImagingStudy', resourceId: examId, action, context });
  if (!r.decision.allowed) throw refusal('Du har ikke tilgang til denne undersøkelsen gjennom en leseliste / No reading list gives you this exam', r.decision);
  return { decision: r.decision, patientId: r.patientId, listIds: r.listIds };
}

/**
 * Department work on a referral (booking, rescheduling, cancelling an exam): only a user holding
 * one of `roles` in the receiving department or an organization above it — the referrer who wrote
 * it may read it, but does not book for the department. Writes the access-log row (allowed or
 * refused) with `db` and throws AccessRefused (403) when refused.
 */
export async function requireDepartmentWork(
  db: Q,
  who: Who,
  r: ReferralKeys,
  roles: readonly Role[],
  action: AccessAction,
  context: string,
): Promise<Decision> {
  let d: Decision = refuse(who.kind === 'user' ? 'not-receiving-department' : 'not-a-user');
  if (who.kind === 'user' && (await store.isWithin(db, r.department_org_id, grantOrganizations(who.principal, roles), r.department_ancestor_ids)))
    d = { allowed: true, reason: 'department', roles };
  await record(db, who, d, { patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action, context });
  if (!d.allowed) throw refusal('Bare den mottakende avdelingen kan gjøre dette / Only the receiving department may do this', d);
  return d;
}

/** Roles that assess any referral they may see in the receiving department (task sharing adds approved radiographers). */
export const ASSESSOR_ROLES: readonly Role[] = ['radiologist', 'lis'];

/** The parts of a referral the assessment rule looks at: the keys, its status and its exam's modality. */
export interface AssessmentKeys extends ReferralKeys {
  status: string;
  /** The modality of the referral's exam (DICOM code, e.g. MR): what a radiographer is approved for. */
  modality: string;
}

/**
 * Decides (without logging) whether `who` may assess the referral, by the assessment rule above.
 * Allowed reasons: 'department' or 'shared-vetting', with `roles` — the roles that gave it
 * (['radiographer'] means assessing under task sharing). Refused: 'not-an-assessor' when the user may
 * read the referral but not assess it (e.g. a radiographer not approved for its modality), else the
 * read rule's own reason.
 */
export async function decideAssessment(db: Q, who: Who, r: AssessmentKeys): Promise<Decision> {
  if (who.kind !== 'user') return refuse('not-a-user');
  const p = who.principal;
  const dept = r.department_org_id;
  if (await store.isWithin(db, dept, grantOrganizations(p, ASSESSOR_ROLES), r.department_ancestor_ids))
    return { allowed: true, reason: 'department', roles: ASSESSOR_ROLES };
  const radiographerOrgs = grantOrganizations(p, ['radiographer']);
  if ((await store.isWithin(db, dept, radiographerOrgs, r.department_ancestor_ids)) && (await store.isApprovedAssessor(db, p.personId, [dept], r.modality)))
    return { allowed: true, reason: 'department', roles: ['radiographer'] };
  if ((SHARED_VETTING_STATUSES as readonly string[]).includes(r.status)) {
    if ((await store.sharedVettingDepartmentIds(db, grantOrganizations(p, ASSESSOR_ROLES))).includes(dept))
      return { allowed: true, reason: 'shared-vetting', roles: ASSESSOR_ROLES };
    if (
      (await store.sharedVettingDepartmentIds(db, radiographerOrgs)).includes(dept) &&
      (await store.isApprovedAssessor(db, p.personId, await store.subtreeIds(db, radiographerOrgs), r.modality))
    )
      return { allowed: true, reason: 'shared-vetting', roles: ['radiographer'] };
  }
  const read = await decideReferral(db, who, r);
  return refuse(read.allowed ? 'not-an-assessor' : read.reason);
}

/**
 * Assesses a referral through the gate: decides by `decideAssessment`, writes the access-log row
 * (allowed or refused; resource ServiceRequest/{id}) with `db` — use `gated` so a refusal's row is
 * committed — and throws AccessRefused (403) when refused. Returns the decision (its `roles` say
 * whether the user assesses as a radiographer under task sharing).
 */
export async function requireAssessment(
  db: Q,
  who: Who,
  r: AssessmentKeys,
  action: AccessAction,
  context: string,
): Promise<Extract<Decision, { allowed: true }>> {
  const d = await decideAssessment(db, who, r);
  await record(db, who, d, { patientId: r.patient_id, resourceType: 'ServiceRequest', resourceId: r.id, action, context });
  if (!d.allowed)
    throw refusal(
      d.reason === 'not-an-assessor'
        ? 'Du har ikke rett til å vurdere denne typen undersøkelse (radiolog, LIS eller radiograf med godkjenning for modaliteten) / You may not assess this kind of exam'
        : 'Bare avdelingen som mottok henvisningen kan vurdere den / Only the receiving department may assess this referral',
      d,
    );
  return d;
}

/** The organizations (subtrees expanded) where the user holds one of the roles: their working scope. */
export async function scopeOf(db: Q, p: Principal, roles: readonly Role[]): Promise<string[]> {
  return store.subtreeIds(db, grantOrganizations(p, roles));
}

/** Whether the user holds one of the roles in `orgId` or an organization above it. */
export async function holdsRoleIn(db: Q, p: Principal, orgId: string, roles: readonly Role[]): Promise<boolean> {
  return store.isWithin(db, orgId, grantOrganizations(p, roles));
}

/**
 * Opens an exam through a second-opinion / consult request (migration 0170): allowed to readers
 * entitled to the exam through a reading list (the requesting side: `requester`), and to the
 * request's consultants (`consultant`, reason 'consult': the named reader, or a radiologist of the
 * target trust with the subspecialty; not once withdrawn). Writes ONE access-log row for the
 * patient (resource ImagingStudy/<examId>, allowed or refused) with `db` — use `gated` — and throws
 * AccessRefused (403) for anyone else. A consultant gets nothing else: the report editor, claims and
 * the lists still ask `requireReadingCase`, which knows no consult.
 */
export async function requireConsult(
  db: Q,
  who: Who,
  c: { id: string; examId: string; patientId: string },
  action: AccessAction,
  context: string,
): Promise<{ requester: boolean; consultant: boolean }> {
  let d: Decision = refuse(who.kind === 'user' ? 'not-in-entitled-list' : 'not-a-reader');
  let requester = false;
  let consultant = false;
  if (who.kind === 'user') {
    const e = await readingCaseEntitlement(db, who.principal, c.examId);
    requester = !!e && e.listIds.length > 0;
    consultant = await consultEntitlement(db, who.principal, c.id);
    if (requester) d = { allowed: true, reason: 'reading-list', roles: ['radiologist', 'lis', 'reporting_radiographer', 'department_leader'] };
    else if (consultant) d = { allowed: true, reason: 'consult', roles: ['radiologist'] };
  }
  await record(db, who, d, { patientId: c.patientId, resourceType: 'ImagingStudy', resourceId: c.examId, action, context });
  if (!d.allowed) throw refusal('Du har ikke tilgang til denne undersøkelsen / You have no access to this exam', d);
  return { requester, consultant };
}
