// Test helpers for the MPPS SCP driven by a real DIMSE client (dcmjs-dimse as the modality):
// N-CREATE / N-SET requests and what the database holds afterwards.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { dimse, SOP } from '../interop/dicom/dimse.ts';

const { Dataset, requests } = dimse;

/** An N-CREATE of a Modality Performed Procedure Step (or `sopClass`) with instance `uid` and `data`. */
export function mppsCreate(uid: string, data: Record<string, unknown>, sopClass: string = SOP.mpps) {
  const r = new requests.NCreateRequest(sopClass, uid);
  r.setDataset(new Dataset(data));
  return r;
}

/** An N-SET of the performed procedure step `uid` with `elements`. */
export function mppsSet(uid: string, elements: Record<string, unknown>) {
  const r = new requests.NSetRequest(SOP.mpps, uid);
  r.setDataset(new Dataset(elements));
  return r;
}

/** The scheduled step of an accession number, with its referral's id, status and performed time. */
export async function stepOf(db: Kysely<DB>, accession: string) {
  return db
    .selectFrom('scheduled_procedure_step as s')
    .innerJoin('requested_procedure as rp', 'rp.id', 's.requested_procedure_id')
    .innerJoin('referral as r', 'r.id', 'rp.referral_id')
    .select(['s.id', 's.status', 'r.id as referral_id', 'r.status as referral_status', 'r.performed_at'])
    .where('rp.accession_number', '=', accession)
    .executeTakeFirstOrThrow();
}

/** The stored performed procedure step of SOP instance `uid`, if any. */
export async function ppsOf(db: Kysely<DB>, uid: string) {
  return db
    .selectFrom('performed_procedure_step')
    .select(['status', 'step_id', 'discontinuation_reason', 'ended_at', 'attributes'])
    .where('sop_instance_uid', '=', uid)
    .executeTakeFirst();
}
