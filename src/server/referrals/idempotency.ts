// Idempotency-Key for POST /api/referrals (IETF draft-ietf-httpapi-idempotency-key-header-06):
// a referrer whose network drops after pressing "Send" can retry with the same key and gets the
// first answer again instead of a second referral. Also used by POST
// /api/reporting/exams/:examId/report/addenda (reporting/routes.ts), which puts its scope and exam
// into the hashed body because keys are per user across both. Per user and key:
//   - first use: the key is claimed (a row with no response), the referral is submitted, the
//     answer (status and body) is stored; when submitting fails the claim is released, so a retry
//     runs again and nothing half-done is remembered;
//   - same key, same body (sha-256 of the canonical JSON): the stored answer, nothing new stored;
//   - same key, different body: 422; same key while the first is still running: 409.
// A claim left by a crashed process is released after STALE_MS; keys are kept 24 hours.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { Conflict, Invalid } from '../http/errors.ts';
import { Unprocessable } from './errors.ts';
import * as store from './store.ts';

const STALE_MS = 10 * 60_000;
const KEEP_MS = 24 * 3_600_000;

/** JSON with object keys sorted, so the same body hashes the same whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Checks the header value: 1–200 visible ASCII characters (the draft: a string; a UUID is usual). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const v = Array.isArray(header) ? header[0] : header;
  const key = v.replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new Invalid('Idempotency-Key must be 1–200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
  return key;
}

/**
 * Runs `submit` at most once per (user, key) and body; see the file comment. Returns the status
 * and body to answer with.
 */
export async function once<T>(
  db: Kysely<DB>,
  userId: string,
  key: string | undefined,
  body: unknown,
  submit: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (key === undefined) return { ...(await submit()), replayed: false };
  const hash = crypto.createHash('sha256').update(canonicalJson(body)).digest('hex');
  if (Math.random() < 0.01) await store.deleteOldIdempotency(db, new Date(Date.now() - KEEP_MS));
  let claimed = await store.claimIdempotencyKey(db, userId, key, hash);
  if (!claimed) {
    const prior = await store.findIdempotency(db, userId, key);
    if (prior && prior.status === null && Date.now() - new Date(prior.created_at).getTime() > STALE_MS) {
      await store.releaseIdempotencyKey(db, userId, key);
      claimed = await store.claimIdempotencyKey(db, userId, key, hash);
    } else if (prior) {
      if (prior.body_hash !== hash) throw new Unprocessable('Idempotency-Key was already used with a different request body');
      if (prior.status === null) throw new Conflict('A request with this Idempotency-Key is still being processed; retry shortly');
      return { status: prior.status, body: (typeof prior.response === 'string' ? JSON.parse(prior.response) : prior.response) as T, replayed: true };
    } else claimed = await store.claimIdempotencyKey(db, userId, key, hash);
    if (!claimed) throw new Conflict('A request with this Idempotency-Key is still being processed; retry shortly');
  }
  try {
    const r = await submit();
    await store.completeIdempotency(db, userId, key, r.status, r.body);
    return { ...r, replayed: false };
  } catch (e) {
    await store.releaseIdempotencyKey(db, userId, key).catch(() => undefined);
    throw e;
  }
}
