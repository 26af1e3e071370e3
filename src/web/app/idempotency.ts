// Idempotency keys for the web app's one-shot actions (IETF draft-ietf-httpapi-idempotency-key-header;
// the server side is src/server/referrals/idempotency.ts): one key per user action, and the same key
// when the person retries that same action (same request body) after an error or a lost answer — so a
// retry whose first attempt did reach the server gets the first answer back instead of doing it twice.
// Another body (the text was edited) is another action with a new key; after success the next
// action gets a new key too.

/** Keys for one kind of action on a page (e.g. "add an addendum to this report"). */
export interface ActionKeys {
  /** The key to send for this body: the pending action's key when the body is the same, else a new one. */
  keyFor(body: unknown): string;
  /** The action succeeded: the next one gets a new key. */
  done(): void;
}

/** Object keys sorted, so the same body gives the same text whatever the key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** A new set of action keys; `newKey` makes a key (crypto.randomUUID by default; tests pass their own). */
export function actionKeys(newKey: () => string = () => crypto.randomUUID()): ActionKeys {
  let pending: { body: string; key: string } | null = null;
  return {
    keyFor(body) {
      const c = canonical(body);
      if (!pending || pending.body !== c) pending = { body: c, key: newKey() };
      return pending.key;
    },
    done() {
      pending = null;
    },
  };
}

/** The request header for a key, for api()'s `extra.headers`. */
export const idempotencyHeader = (key: string): Record<string, string> => ({ 'Idempotency-Key': key });
