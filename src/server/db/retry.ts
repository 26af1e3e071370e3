// Retrying a whole transaction that PostgreSQL rolled back only because another transaction ran
// at the same time: SQLSTATE 40P01 (deadlock_detected) and 40001 (serialization_failure). The
// PostgreSQL manual (13.4 "Data Consistency Checks at the Application Level" and the note on
// exclusion constraints in 11.6/CREATE TABLE) says such transactions should simply be retried.
// Two bookings of the same slot can deadlock: each inserts its step, then waits on the other's
// in-progress row for the exclusion constraint; the deadlock detector aborts one of them.

/** True for SQLSTATE class 40 failures that a retry of the same transaction may get past. */
export function isTransientConflict(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs `fn` (which must open its own transaction) up to `attempts` times while it fails with a
 * transient conflict (deadlock, serialization failure); any other error, or the last transient
 * one, is thrown as is. The retry sees what the winning transaction committed, so a second
 * booking of a taken slot ends as an ordinary 409 instead of a 500. Between attempts it waits a
 * random 0–(10 · 2^attempt) ms ("full jitter" exponential backoff): transactions that deadlocked
 * together and retried at once could deadlock together again, and did on a busy machine (CI saw
 * four rounds in a row among eight simultaneous bookings).
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isTransientConflict(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** i));
    }
  }
}
