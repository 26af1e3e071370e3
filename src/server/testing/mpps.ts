// Test helpers for the MPPS SCP driven by a real DIMSE client (dcmjs-dimse as the modality):
// N-CREATE / N-SET requests and what the database holds afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { dimse, SOP, TS } from '../interop/dicom/dimse.ts';

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

/**
 * A data set written byte for byte by dcmtk's dump2dcm from dump text (explicit VR little endian,
 * no meta header), for an N-CREATE / N-SET: what a modality's own encoder would send, including
 * what dcmjs would not write (a missing type 1 attribute, text in a set Radvis cannot read).
 * `dump` is Buffer when its text values are in another encoding than UTF-8. Files go into `tmp`.
 */
export function datasetFromDump(tmp: string, dump: string | Buffer) {
  const file = path.join(tmp, `mpps-${Math.random().toString(36).slice(2)}.dump`);
  fs.writeFileSync(file, dump);
  execFileSync('dump2dcm', ['-q', '-F', '+te', file, `${file}.dcm`]);
  const encoded = fs.readFileSync(`${file}.dcm`);
  const ds = new Dataset({}, TS.explicitLittle);
  (ds as unknown as { getDenaturalizedDataset: () => Buffer }).getDenaturalizedDataset = () => encoded;
  return ds;
}

/** An N-CREATE (MPPS) of instance `uid` carrying a data set as datasetFromDump built it. */
export function mppsCreateRaw(uid: string, ds: InstanceType<typeof Dataset>) {
  const r = new requests.NCreateRequest(SOP.mpps, uid);
  r.setDataset(ds);
  return r;
}

/** An N-SET (MPPS) of instance `uid` carrying a data set as datasetFromDump built it. */
export function mppsSetRaw(uid: string, ds: InstanceType<typeof Dataset>) {
  const r = new requests.NSetRequest(SOP.mpps, uid);
  r.setDataset(ds);
  return r;
}
