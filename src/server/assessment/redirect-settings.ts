// A department leader's redirect rules (migration 0175; the rule logic is redirect-rules.ts):
// list, add and deactivate the rules of the departments they lead. Reads no patient data.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RedirectRuleBody, RedirectRules } from '../../shared/api/assessment.ts';
import { ledDepartments } from './leadership.ts';
import type { Principal } from '../auth/principal.ts';
import type { DB } from '../db/schema.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.ts';
import { oneCodePerKind } from '../../shared/modality-kind.ts';
import type { RedirectRule } from './redirect-rules.ts';
import * as store from './store.ts';

type Q = Parameters<typeof store.activeRedirectRules>[0];

/** The active rules of one department in the shape redirect-rules.ts takes. */
export async function redirectRulesOf(db: Q, departmentId: string): Promise<RedirectRule[]> {
  return (await store.activeRedirectRules(db, [departmentId])).map((r) => ({
    id: r.id,
    targetOrgId: r.target_org_id,
    modalities: r.modalities,
    examCodes: r.exam_codes,
    condition: r.condition,
    note: r.note,
  }));
}

/** GET /api/assessment/redirect-rules: the rules of the departments the user leads, and the units each may name. */
export async function listRedirectRules(db: Kysely<DB>, p: Principal): Promise<RedirectRules> {
  const led = await ledDepartments(db, p);
  const rows = await store.activeRedirectRules(db, led);
  const names = new Map((await store.examNames(db, [...new Set(rows.flatMap((r) => r.exam_codes))])).map((e) => [e.code, e.name]));
  const departments = [];
  for (const id of led) {
    const unit = await store.receivingUnit(db, id);
    if (!unit || unit.kind !== 'department') continue;
    const targets = await store.redirectTargets(db, unit.region_id, id);
    departments.push({ id, name: unit.name, targets: targets.map((t) => ({ id: t.id, name: t.name, kind: t.kind })) });
  }
  return {
    rules: rows.map((r) => ({
      id: r.id,
      departmentId: r.department_org_id,
      departmentName: r.department_name,
      targetOrgId: r.target_org_id,
      targetName: r.target_name,
      targetKind: r.target_kind,
      modalities: r.modalities,
      exams: r.exam_codes.map((code) => ({ code, name: names.get(code) ?? code })),
      condition: r.condition,
      note: r.note,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    })),
    departments,
  };
}

/**
 * POST /api/assessment/redirect-rules: adds a rule to a department the user leads. 403 outside
 * their departments; 400 when the target is not a receiving unit of the region (or is the
 * department itself) or an exam code is unknown. Modalities are stored one per kind: plain X-ray
 * as 'DX' whether CR or DX was sent (shared/modality-kind.ts; a rule covers both either way).
 */
export async function addRedirectRule(db: Kysely<DB>, p: Principal, body: RedirectRuleBody): Promise<{ id: string }> {
  const led = await ledDepartments(db, p);
  if (!led.includes(body.departmentId)) throw new Forbidden('Du er ikke leder for denne avdelingen / You do not lead this department');
  return db.transaction().execute(async (trx) => insertRule(trx, p, body));
}

/**
 * PUT /api/assessment/redirect-rules/{id}: changes a rule of a department the user leads. A rule
 * is never overwritten (migration 0175: kept with who and when): the old one is deactivated and
 * the changed one added in one transaction; the answer is the new rule's id. 404 when the rule is
 * not one of the leader's; 409 when it was changed or removed since it was read (nothing written);
 * 400 as for POST, and when the body names another department than the rule's.
 */
export async function replaceRedirectRule(db: Kysely<DB>, p: Principal, id: string, body: RedirectRuleBody, now = new Date()): Promise<{ id: string }> {
  const led = await ledDepartments(db, p);
  return db.transaction().execute(async (trx) => {
    const old = await store.redirectRuleForUpdate(trx, id, led);
    if (!old) throw new NotFound('Fant ingen regel med den id-en i avdelingene du leder / No rule with that id in the departments you lead');
    if (old.deactivated_at)
      throw new Conflict(
        'Regelen er endret eller fjernet av noen andre siden du åpnet den / The rule was changed or removed by someone else since you opened it',
        [{ field: 'id', message: 'ikke lenger aktiv / no longer active' }],
      );
    if (old.department_org_id !== body.departmentId)
      throw new Invalid('En regel kan ikke flyttes til en annen avdeling / A rule cannot be moved to another department', [
        { field: 'departmentId', message: 'må være regelens avdeling / must be the rule’s department' },
      ]);
    const created = await insertRule(trx, p, body);
    await store.deactivateRedirectRule(trx, id, led, p.userId, now);
    return created;
  });
}

async function insertRule(trx: Q, p: Principal, body: RedirectRuleBody): Promise<{ id: string }> {
  const dept = await store.receivingUnit(trx, body.departmentId);
  const targets = dept ? await store.redirectTargets(trx, dept.region_id, body.departmentId) : [];
  if (!targets.some((t) => t.id === body.targetOrgId))
    throw new Invalid(
      'Mottakeren må være en annen avdeling eller et institutt i regionen / The recipient must be another department or institute in the region',
      [{ field: 'targetOrgId', message: 'ukjent mottaker / unknown recipient' }],
    );
  const known = new Set((await store.examNames(trx, body.examCodes)).map((e) => e.code));
  const unknown = body.examCodes.filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new Invalid(`Ukjente undersøkelseskoder / Unknown exam codes: ${unknown.join(', ')}`, [
      { field: 'examCodes', message: 'ukjent kode / unknown code' },
    ]);
  const id = crypto.randomUUID();
  await store.insertRedirectRule(trx, {
    id,
    departmentId: body.departmentId,
    targetOrgId: body.targetOrgId,
    modalities: oneCodePerKind(body.modalities),
    examCodes: body.examCodes,
    condition: body.condition,
    note: body.note?.trim() || null,
    userId: p.userId,
  });
  return { id };
}

/** DELETE /api/assessment/redirect-rules/{id}: deactivates a rule (kept with who and when). 404 when not the leader's active rule. */
export async function deactivateRedirectRule(db: Kysely<DB>, p: Principal, id: string, now = new Date()): Promise<void> {
  const led = await ledDepartments(db, p);
  if (!(await store.deactivateRedirectRule(db, id, led, p.userId, now)))
    throw new NotFound('Fant ingen aktiv regel med den id-en i avdelingene du leder / No active rule with that id in the departments you lead');
}
