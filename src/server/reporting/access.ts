// The one place the reporting domain asks the access gate about an exam. Until the reading
// domain's list entitlement (`requireReadingCase(db, who, examId, action, context)`, issue 9
// item 1) is merged, an exam is read through its referral: department roles in the performing
// department (or above it) are allowed, everyone else is refused — both logged by the gate in
// the caller's transaction. When merging, replace the body with
// `return requireReadingCase(db, who, exam.exam_id, action, context)`.
import type { Kysely, Transaction } from 'kysely';
import { requireReferral, type Who } from '../access/gate.ts';
import type { AccessAction, DB } from '../db/schema.ts';
import type { ExamContext } from './store.ts';

/**
 * Reads (or changes) an exam's case through the access gate: writes the access-log row (allowed
 * or refused) with `db` and throws AccessRefused (403) when `who` has no work need. Run it inside
 * `gated()` so a refusal's log row is committed.
 */
export async function requireExamCase(db: Kysely<DB> | Transaction<DB>, who: Who, exam: ExamContext, action: AccessAction, context: string): Promise<void> {
  await requireReferral(db, who, exam, action, context);
}
