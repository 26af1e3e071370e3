// A publish, retirement or silent-mode change made in one server process takes effect in every
// process serving the same database (issue 11: "publishing takes effect for new evaluations within
// 1 s", without a restart): the process that made the change refreshes its own catalogue before it
// answers (service.ts) and sends a notice on the 'radvis_guidelines' channel of the notify bus
// (db/notify.ts, PostgreSQL LISTEN/NOTIFY); every process that follows the channel reloads its
// catalogue from the store. The notice names the database and schema, so processes of another
// Radvis on the same PostgreSQL server (another schema, as the tests run) ignore it.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notify, onNotify } from '../../db/notify.ts';

/** The channel of catalogue changes. */
export const GUIDELINES_CHANNEL = 'radvis_guidelines';

/** Which Radvis a notice is about: `<database>/<schema>` of the connection. */
export async function catalogueScope(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ k: string }>`SELECT current_database() || '/' || current_schema() AS k`.execute(db);
  return r.rows[0].k;
}

/** Tells the other server processes on this database that the published advice changed. Never throws. */
export async function announceCatalogueChange(db: Kysely<DB>, onError: (e: unknown) => void): Promise<void> {
  try {
    notify(GUIDELINES_CHANNEL, await catalogueScope(db), onError);
  } catch (e) {
    onError(e);
  }
}

/** How often a process reloads its catalogue anyway, in case a notice was lost (bus reconnecting): 60 s. */
export const SAFETY_RELOAD_MS = 60_000;

/**
 * Calls `reload` for every notice about `scope` (catalogueScope of this process's database), and
 * every `safetyMs` regardless, one reload at a time: notices that arrive during a reload cause
 * exactly one more afterwards. Errors of `reload` go to `onError`. `subscribe` is where notices
 * come from (default: the notify bus's channel). Returns the stop function.
 */
export function followCatalogueChanges(
  scope: string,
  reload: () => Promise<void>,
  onError: (e: unknown) => void,
  safetyMs = SAFETY_RELOAD_MS,
  subscribe: (fn: (payload: string) => void) => () => void = (fn) => onNotify(GUIDELINES_CHANNEL, fn),
): () => void {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = reload()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, safetyMs);
  timer.unref();
  const unsubscribe = subscribe((payload) => {
    if (payload === scope) run();
  });
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
