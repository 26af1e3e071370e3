// The department leader's pages of the reading domain (issue 9 §1–3): reader profiles (role,
// subspecialties, scope, home, availability) of the readers in the organizations they lead; the
// worklist definitions with their rules, owner and hand-over rules, edited by the owner's leader;
// the readers a claimed case may be given to. Reads and writes organizational data only (no
// patient data), so no access-log rows; writes are the leader's (403 otherwise).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AssignCandidates, ListDefinitions, ReaderAdminList } from '../../shared/api/reading.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import type { DB, ReaderRole, ReadingPriority } from '../db/schema.ts';
import { Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { gated, requireReadingCase } from '../access/gate.ts';
import { isQualified } from './rules.ts';
import * as store from './store.ts';
import { READING_ROLES } from './entitlement.ts';
import { isKeyedName, listName } from './list-name.ts';

const READER_ROLE_SET: readonly ReaderRole[] = ['radiologist', 'lis', 'reporting_radiographer'];

async function subtreeOf(db: Kysely<DB> | Transaction<DB>, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{ id: string }>`WITH RECURSIVE t(id) AS (SELECT id FROM organization WHERE id IN (${sql.join([...roots])})
    UNION SELECT o.id FROM organization o JOIN t ON o.parent_id = t.id) SELECT id FROM t`.execute(db);
  return r.rows.map((x) => x.id);
}

async function names(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await db
    .selectFrom('organization')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(r.map((x) => [x.id, x.name]));
}

async function examNames(db: Kysely<DB>, codes: readonly string[]): Promise<{ code: string; name: string }[]> {
  if (codes.length === 0) return [];
  const r = await db
    .selectFrom('exam_code')
    .select(['code', 'name'])
    .where('code', 'in', [...codes])
    .execute();
  const m = new Map(r.map((x) => [x.code, x.name]));
  return codes.map((c) => ({ code: c, name: m.get(c) ?? c }));
}

/**
 * The readers of the organizations `p` leads (anyone holding radiologist, LIS or reporting
 * radiographer there), with their profile when they have one; the organizations a home may be;
 * the subspecialties in use. Empty lists for someone who leads nothing.
 */
export async function readersForLeader(db: Kysely<DB>, p: Principal): Promise<ReaderAdminList> {
  const led = await subtreeOf(db, grantOrganizations(p, ['department_leader']));
  if (led.length === 0) return { readers: [], organizations: [], subspecialties: [] };
  const grants = await db
    .selectFrom('role_assignment as ra')
    .innerJoin('user_account as u', 'u.id', 'ra.user_id')
    .innerJoin('person as pe', 'pe.id', 'u.person_id')
    .select(['pe.id as person_id', 'pe.given_name', 'pe.family_name', 'ra.role'])
    .where('ra.organization_id', 'in', led)
    .where('ra.role', 'in', [...READER_ROLE_SET])
    .orderBy('pe.family_name')
    .orderBy('pe.given_name')
    .execute();
  const byPerson = new Map<string, { name: string; roles: Set<ReaderRole> }>();
  for (const g of grants) {
    const cur = byPerson.get(g.person_id) ?? { name: `${g.given_name} ${g.family_name}`, roles: new Set<ReaderRole>() };
    cur.roles.add(g.role as ReaderRole);
    byPerson.set(g.person_id, cur);
  }
  const readers: ReaderAdminList['readers'] = [];
  for (const [personId, v] of byPerson) {
    const prof = await store.readerProfile(db, personId);
    const row = prof ? await db.selectFrom('reader_profile').select('updated_at').where('person_id', '=', personId).executeTakeFirstOrThrow() : undefined;
    readers.push({
      personId,
      name: v.name,
      grantRoles: READER_ROLE_SET.filter((r) => v.roles.has(r)),
      profile: prof
        ? {
            role: prof.role,
            homeOrgId: prof.homeOrgId,
            homeOrg: (await names(db, [prof.homeOrgId])).get(prof.homeOrgId) ?? '',
            subspecialties: prof.subspecialties,
            soloExams: await examNames(db, prof.soloExamCodes),
            available: prof.available,
            updatedAt: new Date(row!.updated_at).toISOString(),
          }
        : null,
    });
  }
  const orgs = await db
    .selectFrom('organization')
    .select(['id', 'name'])
    .where('id', 'in', led)
    .where('kind', 'in', ['hf', 'site', 'department', 'private_hospital', 'private_institute'])
    .orderBy('name')
    .execute();
  const subs = await sql<{ s: string }>`SELECT DISTINCT unnest(subspecialties) AS s FROM reader_profile ORDER BY 1`.execute(db);
  return { readers, organizations: orgs.map((o) => ({ id: o.id, name: o.name })), subspecialties: subs.rows.map((x) => x.s) };
}

/**
 * The worklist definitions `p` sees as a leader: every list related to an organization they lead
 * (their own, above and below), with rules in a form the page puts in words, owner, standing
 * hand-overs and how many open exams were handed over one by one; `editable` where they lead the owner.
 */
export async function listDefinitions(db: Kysely<DB>, p: Principal): Promise<ListDefinitions> {
  const ledRoots = grantOrganizations(p, ['department_leader']);
  const led = await subtreeOf(db, ledRoots);
  const related = await store.lists(db, [...ledRoots, ...grantOrganizations(p, READING_ROLES)]);
  const inactive = led.length ? await db.selectFrom('reading_list').select('id').where('active', '=', false).where('owner_org_id', 'in', led).execute() : [];
  const all = [...related.map((l) => l.id), ...inactive.map((x) => x.id)];
  const out: ListDefinitions['lists'] = [];
  for (const id of [...new Set(all)]) {
    const l = await store.listById(db, id);
    if (!l) continue;
    const rules = await db
      .selectFrom('reading_handover_rule as h')
      .innerJoin('organization as o', 'o.id', 'h.from_org_id')
      .select(['o.id', 'o.name'])
      .where('h.list_id', '=', id)
      .orderBy('o.name')
      .execute();
    const handed = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM reading_handover h JOIN reading_case c ON c.exam_id = h.exam_id WHERE h.list_id = ${id} AND c.open`.execute(db);
    const orgNames = await names(db, [l.owner_org_id, ...(l.site_org_ids ?? []), ...(l.trust_org_ids ?? [])]);
    out.push({
      id: l.id,
      name: listName({ name: l.name, nameKey: l.name_key }, p.locale),
      owner: { id: l.owner_org_id, name: orgNames.get(l.owner_org_id) ?? '' },
      regional: l.regional,
      active: l.active,
      rules: {
        modalities: l.modalities ?? [],
        bodyParts: l.body_parts ?? [],
        exams: await examNames(db, l.exam_codes ?? []),
        priorities: (l.priorities ?? []) as ReadingPriority[],
        sites: (l.site_org_ids ?? []).map((x) => ({ id: x, name: orgNames.get(x) ?? '' })),
        trusts: (l.trust_org_ids ?? []).map((x) => ({ id: x, name: orgNames.get(x) ?? '' })),
        subspecialty: l.subspecialty,
      },
      standingHandovers: rules.map((r) => ({ id: r.id, name: r.name })),
      handedOverOpen: handed.rows[0]?.n ?? 0,
      editable: led.includes(l.owner_org_id),
    });
  }
  out.sort((a, b) => Number(b.editable) - Number(a.editable) || a.name.localeCompare(b.name, p.locale === 'en' ? 'en' : 'nb'));
  const deps = led.length
    ? await db.selectFrom('organization').select(['id', 'name']).where('id', 'in', led).where('kind', '=', 'department').orderBy('name').execute()
    : [];
  const owners = led.length
    ? await db
        .selectFrom('organization')
        .select(['id', 'name'])
        .where('id', 'in', led)
        .where('kind', 'in', ['rhf', 'hf', 'site', 'department'])
        .orderBy('name')
        .execute()
    : [];
  const mods = await db.selectFrom('exam_code').select('modality').distinct().orderBy('modality').execute();
  return { lists: out, myDepartments: deps, owners, modalities: mods.map((m) => m.modality) };
}

/**
 * Edits a list's rules, name and whether it is active. Only a leader of the owner (at or above it)
 * may, and the new owner must be theirs too (403 `not-owner`); 404 unknown list.
 */
export async function updateList(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  l: {
    name: string;
    ownerOrgId: string;
    regional?: boolean;
    modalities?: string[];
    bodyParts?: string[];
    examCodes?: string[];
    priorities?: string[];
    siteOrgIds?: string[];
    trustOrgIds?: string[];
    subspecialty?: string;
    active: boolean;
  },
) {
  await db.transaction().execute(async (trx) => {
    const cur = await store.listById(trx, id);
    if (!cur) throw new NotFound('Ukjent liste / Unknown list');
    const led = grantOrganizations(p, ['department_leader']);
    if (!(await store.isWithinOrgs(trx, cur.owner_org_id, led)) || !(await store.isWithinOrgs(trx, l.ownerOrgId, led)))
      throw new Forbidden('Du leder ikke eieren av listen / You do not lead the owner of this list', [{ field: 'ownerOrgId', message: 'not-owner' }]);
    const nz = (x?: string[]) => (x && x.length ? x : null);
    // A list Radvis named keeps its name in both languages unless the leader renamed it (migration 0420).
    const keepKey = isKeyedName(cur.name_key, l.name);
    await trx
      .updateTable('reading_list')
      .set({
        name: keepKey ? cur.name : l.name.trim() || l.name,
        name_key: keepKey ? cur.name_key : null,
        owner_org_id: l.ownerOrgId,
        regional: l.regional ?? false,
        modalities: nz(l.modalities),
        body_parts: nz(l.bodyParts),
        exam_codes: nz(l.examCodes),
        priorities: nz(l.priorities),
        site_org_ids: nz(l.siteOrgIds),
        trust_org_ids: nz(l.trustOrgIds),
        subspecialty: l.subspecialty?.trim() || null,
        active: l.active,
      })
      .where('id', '=', id)
      .execute();
  });
}

/** Ends a standing hand-over from `fromOrgId` (a department the leader leads) into list `listId`. 404 when there was none. */
export async function removeStandingHandover(db: Kysely<DB>, p: Principal, listId: string, fromOrgId: string) {
  if (!(await store.isWithinOrgs(db, fromOrgId, grantOrganizations(p, ['department_leader']))))
    throw new Forbidden('Bare avdelingens leder kan avslutte overleveringen / Only the department leader ends a hand-over', [
      { field: 'orgId', message: 'not-owning-department' },
    ]);
  const r = await db.deleteFrom('reading_handover_rule').where('list_id', '=', listId).where('from_org_id', '=', fromOrgId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new NotFound('Ingen slik overlevering / No such hand-over');
}

/**
 * The readers a leader may give a case to: those holding a reading role in an organization the
 * leader leads, with a profile, available, qualified for the exam type and entitled to the case
 * through a list (the same checks as `assignCase`). Through the gate (the leader must see the case;
 * logged). 403 otherwise.
 */
export async function assignCandidates(db: Kysely<DB>, p: Principal, examId: string, ip: string | null, now = new Date()): Promise<AssignCandidates> {
  return gated(db, async (trx) => {
    if (!p.grants.some((g) => g.role === 'department_leader'))
      throw new Forbidden('Bare avdelingsleder kan fordele saker / Only a department leader assigns cases');
    await requireReadingCase(trx, { kind: 'user', principal: p, ip }, examId, 'read', 'reading-assign-candidates');
    const c = await store.caseById(trx, examId);
    if (!c) throw new Invalid('Ukjent undersøkelse / Unknown exam');
    const led = await subtreeOf(trx, grantOrganizations(p, ['department_leader']));
    const people = led.length
      ? await trx
          .selectFrom('role_assignment as ra')
          .innerJoin('user_account as u', 'u.id', 'ra.user_id')
          .innerJoin('person as pe', 'pe.id', 'u.person_id')
          .select(['pe.id', 'pe.given_name', 'pe.family_name'])
          .distinct()
          .where('ra.organization_id', 'in', led)
          .where('ra.role', 'in', [...READER_ROLE_SET])
          .orderBy('pe.family_name')
          .execute()
      : [];
    const out: AssignCandidates = [];
    for (const x of people) {
      const prof = await store.readerProfile(trx, x.id);
      if (!prof || !prof.available || !isQualified(prof, c.exam_code, null)) continue;
      const lists = await store.lists(trx, await store.grantOrgsOfPerson(trx, x.id, READING_ROLES));
      if ((await store.caseInLists(trx, examId, lists)).length === 0) continue;
      out.push({ personId: x.id, name: `${x.given_name} ${x.family_name}`, openClaims: (await store.openClaimModalities(trx, x.id, now)).length });
    }
    return out;
  });
}
