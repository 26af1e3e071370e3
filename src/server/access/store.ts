// SQL of the access gate: organization ancestry, the practices' covering arrangements, the
// referrers a FHIR client may act for, and the evidence that a referrer identified a patient.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { codesOfKind } from '../../shared/modality-kind.ts';
import type { DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * True when `orgId` is one of `roots` or lies below one of them in the organization tree.
 * `ancestors` — the organization's `ancestor_ids` (migration 0192) when the caller already read them
 * with the row it decides on: then no query is made. Otherwise one primary-key look-up.
 */
export async function isWithin(db: Q, orgId: string, roots: readonly string[], ancestors?: readonly string[]): Promise<boolean> {
  if (roots.length === 0) return false;
  if (roots.includes(orgId)) return true;
  const above = ancestors ?? (await db.selectFrom('organization').select('ancestor_ids').where('id', '=', orgId).executeTakeFirst())?.ancestor_ids ?? [];
  return above.some((id) => roots.includes(id));
}

/** All organization ids in the subtrees rooted at `roots` (roots included). */
export async function subtreeIds(db: Q, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE t(id) AS (
      SELECT id FROM organization WHERE id IN (${sql.join([...roots])})
      UNION
      SELECT o.id FROM organization o JOIN t ON o.parent_id = t.id
    ) SELECT id FROM t`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * SQL condition on a referral row (table alias `alias`): the gate's referral rule for a user
 * (their own, their departments', or covered by an arrangement of one of their practices) or an
 * organization (its referrers' or departments'). See gate.ts for the rule in words.
 */
export function referralVisibleSql(
  alias: string,
  spec: {
    personId?: string;
    departmentOrgIds?: readonly string[];
    referrerOrgIds?: readonly string[];
    organizationIds?: readonly string[];
    /** Regional joint assessment: referrals with one of `statuses` sent to these departments. */
    sharedVetting?: { departmentOrgIds: readonly string[]; statuses: readonly string[] };
  },
): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const ors: RawBuilder<unknown>[] = [];
  if (spec.personId) ors.push(sql`${col('referrer_person_id')} = ${spec.personId}`);
  if (spec.departmentOrgIds?.length) ors.push(sql`${col('department_org_id')} IN (${sql.join([...spec.departmentOrgIds])})`);
  if (spec.sharedVetting?.departmentOrgIds.length && spec.sharedVetting.statuses.length)
    ors.push(
      sql`(${col('department_org_id')} IN (${sql.join([...spec.sharedVetting.departmentOrgIds])}) AND ${col('status')} IN (${sql.join([...spec.sharedVetting.statuses])}))`,
    );
  if (spec.organizationIds?.length) {
    ors.push(sql`${col('referrer_org_id')} IN (${sql.join([...spec.organizationIds])})`);
    ors.push(sql`${col('department_org_id')} IN (${sql.join([...spec.organizationIds])})`);
  }
  if (spec.personId && spec.referrerOrgIds?.length) {
    ors.push(sql`(${col('referrer_org_id')} IN (${sql.join([...spec.referrerOrgIds])}) AND EXISTS (
      SELECT 1 FROM referral_cover c WHERE c.organization_id = ${col('referrer_org_id')}
        AND (c.covering_person_id IS NULL OR c.covering_person_id = ${spec.personId})
        AND (c.covered_person_id IS NULL OR c.covered_person_id = ${col('referrer_person_id')})
        AND c.valid_from <= now() AND (c.valid_to IS NULL OR c.valid_to > now())))`);
  }
  if (ors.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` OR `)})`;
}

/**
 * Regional joint assessment: every organization (subtrees included) of every vetting share
 * agreement valid today that one of `orgIds` (or an organization above one of them) is a member
 * of. Empty when there is none.
 */
export async function sharedVettingDepartmentIds(db: Q, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM organization WHERE id IN (${sql.join([...orgIds])})
      UNION ALL
      SELECT o.id, o.parent_id, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id WHERE up.depth < 20
    ), agreements AS (
      SELECT DISTINCT m.agreement_id FROM vetting_share_member m
      JOIN vetting_share_agreement a ON a.id = m.agreement_id
      WHERE m.organization_id IN (SELECT id FROM up)
        AND a.valid_from <= current_date AND (a.valid_to IS NULL OR a.valid_to >= current_date)
    ), down(id) AS (
      SELECT m.organization_id FROM vetting_share_member m WHERE m.agreement_id IN (SELECT agreement_id FROM agreements)
      UNION
      SELECT o.id FROM organization o JOIN down ON o.parent_id = down.id
    ) SELECT id FROM down`.execute(db);
  return r.rows.map((x) => x.id);
}

/** True when some referral of the patient satisfies the condition. */
export async function patientHasVisibleReferral(db: Q, patientId: string, condition: RawBuilder<SqlBool>): Promise<boolean> {
  const r = await sql<{ hit: boolean }>`SELECT EXISTS (SELECT 1 FROM referral r WHERE r.patient_id = ${patientId} AND ${condition}) AS hit`.execute(db);
  return r.rows[0]?.hit === true;
}

/** True when `personId` requested a referral matching `condition` (the referrals a caller may read). */
export async function requesterHasVisibleReferral(db: Q, personId: string, condition: RawBuilder<SqlBool>): Promise<boolean> {
  const r = await sql<{ hit: boolean }>`SELECT EXISTS (SELECT 1 FROM referral r WHERE r.referrer_person_id = ${personId} AND ${condition}) AS hit`.execute(db);
  return r.rows[0]?.hit === true;
}

/** True when practice `orgId` has an arrangement, valid now, letting `personId` see `referrerPersonId`'s referrals. */
export async function isCovering(db: Q, orgId: string, personId: string, referrerPersonId: string): Promise<boolean> {
  const row = await db
    .selectFrom('referral_cover as c')
    .select('c.id')
    .where('c.organization_id', '=', orgId)
    .where((e) => e.or([e('c.covering_person_id', 'is', null), e('c.covering_person_id', '=', personId)]))
    .where((e) => e.or([e('c.covered_person_id', 'is', null), e('c.covered_person_id', '=', referrerPersonId)]))
    .where('c.valid_from', '<=', sql<Date>`now()`)
    .where((e) => e.or([e('c.valid_to', 'is', null), e('c.valid_to', '>', sql<Date>`now()`)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Organizations where the person holds the referrer role (their practices). */
export async function referrerOrganizations(db: Q, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignment as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select('g.organization_id')
    .where('u.person_id', '=', personId)
    .where('u.active', '=', true)
    .where('g.role', '=', 'referrer')
    .execute();
  return rows.map((r) => r.organization_id);
}

/** True when an administrator granted the FHIR client the right to send for this person. */
export async function clientMayActFor(db: Q, clientId: string, personId: string): Promise<boolean> {
  return (
    (await db.selectFrom('api_client_requester').select('person_id').where('client_id', '=', clientId).where('person_id', '=', personId).executeTakeFirst()) !==
    undefined
  );
}

/**
 * True when the user identified the patient since `since` — looked them up by full fødselsnummer
 * / D-number (an allowed, logged 'patient-lookup'), or found them by name together with exact
 * birth date (a logged 'patient-search-birthdate' list naming them; the same terms as the number,
 * see directory/patients.ts) — so the referrer has the patient in front of them.
 */
export async function identifiedPatientSince(db: Q, userId: string, patientId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('access_log')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('context', '=', 'patient-lookup'), eb('patient_id', '=', patientId)]),
        eb.and([eb('context', '=', 'patient-search-birthdate'), sql<SqlBool>`patient_ids @> ARRAY[${patientId}]::text[]`]),
      ]),
    )
    .where('at', '>=', since)
    .where('user_id', '=', userId)
    .where('outcome', '=', 'allowed')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the person is the patient's regular GP (fastlege). */
export async function isPatientsGp(db: Q, personId: string, patientId: string): Promise<boolean> {
  return (await db.selectFrom('patient').select('id').where('id', '=', patientId).where('gp_person_id', '=', personId).executeTakeFirst()) !== undefined;
}

// ---- administration of covering arrangements and client requester grants ----

export async function listCover(db: Q, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('referral_cover')
    .selectAll()
    .where('organization_id', 'in', [...orgIds])
    .orderBy('created_at')
    .execute();
}

export async function insertCover(
  db: Q,
  c: {
    id: string;
    organizationId: string;
    coveringPersonId: string | null;
    coveredPersonId: string | null;
    validFrom?: Date;
    validTo: Date | null;
    createdBy: string;
  },
) {
  await db
    .insertInto('referral_cover')
    .values({
      id: c.id,
      organization_id: c.organizationId,
      covering_person_id: c.coveringPersonId,
      covered_person_id: c.coveredPersonId,
      ...(c.validFrom ? { valid_from: c.validFrom } : {}),
      valid_to: c.validTo,
      created_by: c.createdBy,
    })
    .execute();
}

export async function deleteCover(db: Q, id: string, orgIds: readonly string[]): Promise<boolean> {
  if (orgIds.length === 0) return false;
  const r = await db
    .deleteFrom('referral_cover')
    .where('id', '=', id)
    .where('organization_id', 'in', [...orgIds])
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function grantClientRequester(db: Q, clientId: string, personId: string, grantedBy: string) {
  await db
    .insertInto('api_client_requester')
    .values({ client_id: clientId, person_id: personId, granted_by: grantedBy })
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function apiClientOrganization(db: Q, clientId: string): Promise<string | undefined> {
  return (await db.selectFrom('api_client').select('organization_id').where('id', '=', clientId).executeTakeFirst())?.organization_id;
}

export async function personExists(db: Q, personId: string): Promise<boolean> {
  return (await db.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
}

/**
 * True when the person (a radiographer) is approved by a department leader to assess referrals
 * for `modality` in one of `departmentIds` (task sharing, radiographer_assessment_approval). An
 * approval for plain X-ray covers both its codes, CR and DX (shared/modality-kind.ts).
 */
export async function isApprovedAssessor(db: Q, personId: string, departmentIds: readonly string[], modality: string): Promise<boolean> {
  if (departmentIds.length === 0) return false;
  const row = await db
    .selectFrom('radiographer_assessment_approval')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('department_org_id', 'in', [...departmentIds])
    .where('modality', 'in', codesOfKind(modality))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
