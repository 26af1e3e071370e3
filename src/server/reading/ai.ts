// AI findings (issue 9 §5): an external AI product, registered as an API client with scope
// `reading.ai`, posts a result for an exam — as a FHIR R4 Observation (POST /fhir/Observation) or the
// documented JSON (POST /api/reading/ai/findings). The exam is found by accession number or Study
// Instance UID; an unknown exam is refused (404 / OperationOutcome) and nothing is stored. A finding
// raises the case's priority by the configurable rules (ai_priority_rule; never lowers it), shows in
// the lists, and the reader confirms or rejects it; findings the AI missed are recorded too, so
// sensitivity and PPV per finding type can be reported.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AiFindingCode, DB, ReadingPriority } from '../db/schema.ts';
import type { SystemClient } from '../http/access.ts';
import type { Principal } from '../auth/principal.ts';
import { logAccess } from '../audit/access-log.ts';
import { gated, requireReadingCase } from '../access/gate.ts';
import { Conflict, Invalid, NotFound } from '../http/errors.ts';
import { publishReadingChange } from './live.ts';
import { priorityRank } from './rules.ts';
import { structuralProblems } from '../interop/fhir/definitions.ts';
import * as store from './store.ts';

/** Finding types and their SNOMED CT codes (the Observation.code a product sends). */
export const AI_FINDINGS: Readonly<Record<AiFindingCode, { snomed: string; display: string }>> = {
  fracture: { snomed: '125605004', display: 'Fracture of bone' },
  intracranial_haemorrhage: { snomed: '1386000', display: 'Intracranial hemorrhage' },
  pulmonary_embolism: { snomed: '59282003', display: 'Pulmonary embolism' },
  pneumothorax: { snomed: '36118008', display: 'Pneumothorax' },
  lung_nodule: { snomed: '786838002', display: 'Pulmonary nodule' },
};
export const AI_FINDING_CODES = Object.keys(AI_FINDINGS) as AiFindingCode[];

/** A finding as Radvis reads it, from either format. */
export interface AiFindingInput {
  accessionNumber?: string;
  studyInstanceUid?: string;
  code: AiFindingCode;
  /** 0–1. */
  confidence: number;
  /** The Observation's own business identifiers (`Observation.identifier`, system + value), if any. */
  identifiers?: { system?: string; value: string }[];
}

const SNOMED = 'http://snomed.info/sct';
const DICOM_UID = 'urn:dicom:uid';

/**
 * Reads a FHIR R4 Observation: the exam from `basedOn[].identifier` with type ACSN (HL7 v2-0203,
 * accession number) or `partOf[].identifier` / `derivedFrom[].identifier` with system urn:dicom:uid
 * (value `urn:oid:<StudyInstanceUID>`); the finding from `code.coding` (SNOMED CT, AI_FINDINGS); the
 * confidence from `valueQuantity` (unit '1': 0–1, or '%': 0–100). Throws Invalid naming the field.
 */
export function parseObservation(o: unknown): AiFindingInput {
  const r = o as Record<string, unknown>;
  if (!r || typeof r !== 'object' || r.resourceType !== 'Observation')
    throw new Invalid('Expected a FHIR Observation', [{ field: 'resourceType', message: 'must be Observation' }]);
  const ids = (k: string) =>
    (Array.isArray(r[k]) ? (r[k] as Record<string, unknown>[]) : []).map(
      (x) => (x?.identifier ?? {}) as { system?: string; value?: string; type?: { coding?: { code?: string }[] } },
    );
  const acsn = ids('basedOn').find((i) => i.type?.coding?.some((c) => c.code === 'ACSN') && typeof i.value === 'string');
  const uid = [...ids('partOf'), ...ids('derivedFrom')].find((i) => i.system === DICOM_UID && typeof i.value === 'string');
  if (!acsn && !uid)
    throw new Invalid('The Observation names no exam', [
      { field: 'Observation.basedOn', message: 'an accession number (ACSN) or Study Instance UID (urn:dicom:uid) is required' },
    ]);
  const codings = ((r.code as { coding?: { system?: string; code?: string }[] })?.coding ?? []).filter((c) => c.system === SNOMED);
  const code = AI_FINDING_CODES.find((k) => codings.some((c) => c.code === AI_FINDINGS[k].snomed));
  if (!code)
    throw new Invalid('Unknown finding code', [
      { field: 'Observation.code', message: `SNOMED CT one of ${AI_FINDING_CODES.map((k) => AI_FINDINGS[k].snomed).join(', ')}` },
    ]);
  const q = r.valueQuantity as { value?: unknown; code?: string; unit?: string } | undefined;
  if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value))
    throw new Invalid('Confidence missing', [{ field: 'Observation.valueQuantity', message: 'a number is required' }]);
  const pct = q.code === '%' || q.unit === '%';
  const confidence = pct ? q.value / 100 : q.value;
  if (confidence < 0 || confidence > 1)
    throw new Invalid('Confidence out of range', [{ field: 'Observation.valueQuantity.value', message: pct ? '0–100 %' : '0–1' }]);
  const identifiers = (Array.isArray(r.identifier) ? (r.identifier as { system?: unknown; value?: unknown }[]) : [])
    .filter((i) => i && typeof i.value === 'string' && i.value !== '')
    .map((i) => ({ ...(typeof i.system === 'string' ? { system: i.system } : {}), value: i.value as string }));
  return {
    accessionNumber: acsn?.value,
    studyInstanceUid: uid?.value?.replace(/^urn:oid:/, ''),
    code,
    confidence,
    ...(identifiers.length ? { identifiers } : {}),
  };
}

/**
 * The body check of POST /fhir/Observation (R4 http.html#create: a body that is not a valid resource
 * is a 400): the resource must be an Observation that is structurally valid against the base R4
 * StructureDefinition — JSON types, cardinality, unknown elements, primitive formats, anywhere in
 * the body (interop/fhir/definitions.ts `structuralProblems`). Throws Invalid naming every field
 * (an OperationOutcome on /fhir); then `parseObservation` reads it.
 */
export function checkObservation(o: unknown): void {
  if (!o || typeof o !== 'object' || Array.isArray(o) || (o as { resourceType?: unknown }).resourceType !== 'Observation')
    throw new Invalid('Expected a FHIR Observation', [{ field: 'resourceType', message: 'must be Observation' }]);
  const problems = structuralProblems(o);
  if (problems.length) throw new Invalid('The Observation is not valid FHIR R4', problems);
}

/**
 * Stores a finding from a registered system and applies the priority rules. Unknown exam → NotFound
 * (nothing stored). Returns the finding id, the case's priority afterwards and `created`. Logged in
 * the access log as a create by the system on the patient.
 * Idempotent: the same finding posted again by the same system — an Observation with an identifier
 * (system + value) the system already sent, or the same exam and finding code — stores nothing, does
 * not raise the priority or count in the performance figures again, and answers with the first
 * finding (`created: false`, its id and stored resource). The case row is locked first, so two
 * copies sent at once are serialized and the second sees the first.
 */
export async function receiveFinding(db: Kysely<DB>, client: SystemClient, input: AiFindingInput, resource: unknown, ip: string | null, now = new Date()) {
  const out = await db.transaction().execute(async (trx) => {
    const c = await store.caseByStudy(trx, input);
    if (!c)
      throw new NotFound('No exam with that accession number or Study Instance UID', [
        { field: input.accessionNumber ? 'accessionNumber' : 'studyInstanceUid', message: 'unknown-exam' },
      ]);
    // The system may post only for exams of its own organization (or below it).
    if (!(await store.isWithinOrgs(trx, c.performing_org_id, [client.organizationId])))
      throw new NotFound('No exam with that accession number or Study Instance UID', [{ field: 'accessionNumber', message: 'unknown-exam' }]);
    const first = await store.lockCaseAndFindSameFinding(trx, {
      examId: c.exam_id,
      clientId: client.id,
      code: input.code,
      identifiers: input.identifiers ?? [],
    });
    if (first) {
      const current = await store.caseById(trx, c.exam_id);
      return { id: first.id, examId: c.exam_id, priority: current!.priority, created: false, resource: first.resource };
    }
    const id = `aif-${crypto.randomUUID()}`;
    await store.insertFinding(trx, { id, examId: c.exam_id, clientId: client.id, code: input.code, confidence: input.confidence, resource, at: now });
    const rules = (await store.aiRules(trx)).filter((r) => r.code === input.code && input.confidence >= r.min_confidence);
    let best: ReadingPriority | null = null;
    for (const r of rules) if (best === null || priorityRank(r.priority) < priorityRank(best)) best = r.priority;
    const hours = best ? (await store.deadlines(trx)).find((d) => d.priority === best)!.hours : 0;
    await store.raisePriority(trx, c.exam_id, best, best ? priorityRank(best) : 0, hours);
    await store.addEvent(trx, {
      examId: c.exam_id,
      kind: 'ai_finding',
      userId: null,
      personId: null,
      detail: { id, code: input.code, confidence: input.confidence },
    });
    await logAccess(trx, { userId: null, name: `system:${client.name}`, role: null, organizationId: client.organizationId, client: ip }, [
      { patientId: c.patient_id, resourceType: 'Observation', resourceId: id, action: 'create', context: 'reading-ai-finding' },
    ]);
    const after = await store.caseById(trx, c.exam_id);
    return { id, examId: c.exam_id, priority: after!.priority, created: true, resource: undefined as unknown };
  });
  if (out.created) publishReadingChange({ kind: 'ai-finding', examId: out.examId });
  return { id: out.id, priority: out.priority, created: out.created, resource: out.resource };
}

/** The reader confirms or rejects a finding (once; 409 after). Through the gate on the finding's exam. */
export async function setVerdict(db: Kysely<DB>, p: Principal, findingId: string, verdict: 'confirmed' | 'rejected', ip: string | null, now = new Date()) {
  let examId = '';
  await gated(db, async (trx) => {
    const f = await store.findingById(trx, findingId);
    if (!f) throw new NotFound('Ukjent funn / Unknown finding');
    examId = f.exam_id;
    await requireReadingCase(trx, { kind: 'user', principal: p, ip }, f.exam_id, 'update', 'reading-ai-verdict');
    if (!(await store.setVerdict(trx, findingId, verdict, p.personId, now)))
      throw new Conflict('Funnet er allerede vurdert / The finding already has a verdict', [{ field: 'verdict', message: 'already-set' }]);
    await store.addEvent(trx, { examId: f.exam_id, kind: 'ai_verdict', userId: p.userId, personId: p.personId, detail: { findingId, verdict } });
  });
  publishReadingChange({ kind: 'verdict', examId });
}

/** The reader records a finding the AI did not report (a false negative). 409 when already recorded. */
export async function recordMissed(db: Kysely<DB>, p: Principal, examId: string, code: AiFindingCode, ip: string | null) {
  await gated(db, async (trx) => {
    await requireReadingCase(trx, { kind: 'user', principal: p, ip }, examId, 'update', 'reading-ai-missed');
    if (!(await store.insertMissed(trx, examId, code, p.personId)))
      throw new Conflict('Allerede registrert / Already recorded', [{ field: 'code', message: 'already-set' }]);
  });
}

/**
 * Per finding type over [from, to): findings, confirmed (true positives), rejected (false positives),
 * missed (false negatives the readers recorded), PPV = TP / (TP + FP) and sensitivity = TP / (TP + FN),
 * null when the denominator is 0. Findings without a verdict count in neither. No patient data.
 */
export async function aiPerformance(db: Kysely<DB>, from: Date, to: Date) {
  const counts = await store.findingCounts(db, from, to);
  const missed = await store.missedCounts(db, from, to);
  return AI_FINDING_CODES.map((code) => {
    const c = counts.find((x) => x.code === code) ?? { findings: 0, confirmed: 0, rejected: 0 };
    const m = missed.get(code) ?? 0;
    return {
      code,
      findings: c.findings,
      confirmed: c.confirmed,
      rejected: c.rejected,
      missed: m,
      ppv: c.confirmed + c.rejected > 0 ? c.confirmed / (c.confirmed + c.rejected) : null,
      sensitivity: c.confirmed + m > 0 ? c.confirmed / (c.confirmed + m) : null,
    };
  });
}
