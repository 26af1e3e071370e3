// The one place the reporting domain asks the access gate about an exam: through the reading
// lists (issue 9 §1). A radiologist, LIS or reporting radiographer opens, writes, countersigns or
// adds to an exam's report only when a reading list they are entitled to as a reader holds the
// exam's case — the department's own lists, a trust's or the region's lists for exams handed over.
// Every exam with a report has a case (open until reported, then closed; migration 0135 adds closed
// cases for exams loaded already reported). The gate writes one access-log row, allowed or refused.
import type { Kysely, Transaction } from 'kysely';
import { DEPARTMENT_ROLES, requireReadingCase, type Who } from '../access/gate.ts';
import { subtreeIds } from '../access/store.ts';
import { grantOrganizations } from '../auth/principal.ts';
import type { AccessAction, DB } from '../db/schema.ts';
import type { ExamContext } from './store.ts';
import { entitledReaderLists } from '../reading/entitlement.ts';

/**
 * Reads (or changes) an exam's case through the access gate's reading-list entitlement
 * (`requireReadingCase`): writes the access-log row (allowed or refused, resource
 * ImagingStudy/<examId>) with `db` and throws AccessRefused (403) when no entitled list holds the
 * exam, NotFound (404) when it has no reading case. Run it inside `gated()` so a refusal's log row
 * is committed. Only lists the user is entitled to as a reader count (entitledReaderLists): the
 * report page shows the patient and the clinical question, which a department leader who is not a
 * reader of the case's list does not see (they get the allocation view of reading/worklist.ts openCase).
 */
export async function requireExamCase(db: Kysely<DB> | Transaction<DB>, who: Who, exam: ExamContext, action: AccessAction, context: string): Promise<void> {
  const lists = who.kind === 'user' ? await entitledReaderLists(db, who.principal) : undefined;
  await requireReadingCase(db, who, exam.exam_id, action, context, lists);
}

/**
 * Where `who` sees preliminary reports (issue 9: final reports reach the referrer): the
 * organizations (subtrees expanded) where a user holds a department role, or a FHIR client's own
 * organization subtree. A preliminary report — a LIS report awaiting countersigning — is shown only
 * for exams performed there; everyone else (the referrer, a covering colleague, a GP practice's or
 * a ward's system) sees final and amended reports only. Empty for CDS clients and modalities.
 */
export async function preliminaryReportOrgs(db: Kysely<DB> | Transaction<DB>, who: Who): Promise<string[]> {
  if (who.kind === 'user') return subtreeIds(db, grantOrganizations(who.principal, DEPARTMENT_ROLES));
  if (who.kind === 'fhir-client') return subtreeIds(db, [who.client.organizationId]);
  return [];
}
