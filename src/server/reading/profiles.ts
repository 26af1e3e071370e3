// Reader profiles (issue 9 §2): role, subspecialties, exam types they may report alone, home trust,
// availability. A department leader sets them for readers holding a reading role in their department;
// a reader may change only their own availability.
import type { Kysely } from 'kysely';
import type { DB, ReaderRole } from '../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { grantOrganizations } from '../auth/principal.ts';
import { Forbidden, Invalid, NotFound } from '../http/errors.ts';
import * as store from './store.ts';

/**
 * Sets a reader's profile. The leader must lead an organization where the person holds `role`.
 * 400 `lis-approved-in-training` when a LIS's profile names exam types to report alone: those are
 * competence approvals by the department's specialists (src/server/training, issue 13).
 */
export async function setProfile(
  db: Kysely<DB>,
  p: Principal,
  personId: string,
  v: { role: ReaderRole; homeOrgId: string; subspecialties: string[]; soloExamCodes: string[]; available: boolean },
) {
  if (v.role === 'lis' && v.soloExamCodes.length > 0)
    throw new Invalid('For LIS gis dette av spesialistene under Utdanning / For a LIS this is a competence approval in Training', [
      { field: 'soloExamCodes', message: 'lis-approved-in-training' },
    ]);
  await db.transaction().execute(async (trx) => {
    const theirs = await store.grantOrgsOfPerson(trx, personId, [v.role]);
    const led = grantOrganizations(p, ['department_leader']);
    let ok = false;
    for (const o of theirs) if (await store.isWithinOrgs(trx, o, led)) ok = true;
    if (!ok) throw new Forbidden('Du leder ikke denne leseren / You do not lead this reader', [{ field: 'personId', message: 'not-your-reader' }]);
    await store.upsertReaderProfile(trx, { personId, ...v }, p.userId);
  });
}

/** A reader sets their own availability. 404 without a profile. */
export async function setAvailability(db: Kysely<DB>, p: Principal, available: boolean) {
  const cur = await store.readerProfile(db, p.personId);
  if (!cur) throw new NotFound('Du har ingen leserprofil / You have no reader profile');
  await store.upsertReaderProfile(db, { ...cur, available }, p.userId);
}
