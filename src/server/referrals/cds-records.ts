// What the CDS Hooks edge (interop/cds-hooks) needs from the referral domain: the exam catalogue,
// the advice log and feedback storage. Exported here so the edge never calls this domain's store.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as store from './store.ts';

export { AdviceLog } from './advice-log.ts';
export type { AdviceEventRow } from './store.ts';

/** The NCRP exam catalogue (code, name, English name, modality), all rows. */
export function examCatalog(db: Kysely<DB>) {
  return store.listExamCatalog(db);
}

/** Stores CDS Hooks 2.0 feedback rows (one per card outcome) in one INSERT. */
export function recordCdsFeedback(db: Kysely<DB>, rows: Parameters<typeof store.insertCdsFeedback>[1]) {
  return store.insertCdsFeedback(db, rows);
}
