// Live list updates (issue 9 §7): a change to a reading case (new AI finding, hand-over, claim,
// release, consult) is published here and pushed to every open list page as a server-sent event
// (HTML Living Standard, "Server-sent events"). Events carry no patient data — only what changed —
// and the page fetches its list again through the gate.
//
// Across processes: on PostgreSQL every server process attaches the bus (`attachReadingBus`, from
// buildApp): a publish becomes `pg_notify('radvis_reading', json)` and each process LISTENs on a
// connection of its own and hands what arrives to its open pages — its own publishes included, so
// one path serves both (PostgreSQL docs, "NOTIFY": delivered to every listening session, in commit
// order, payload < 8000 bytes). On PGlite the database lives inside the one process (no other
// process can connect), so the bus stays in-process; PGlite's `listen()` exists but would only echo
// the same process's notifications.
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** What changed. `examId` lets a page refresh only when the case may be on it. */
export interface ReadingChange {
  kind: 'ai-finding' | 'handover' | 'claim' | 'release' | 'assign' | 'verdict' | 'reported' | 'consult';
  examId: string;
}

/** The NOTIFY channel of reading changes. */
export const READING_CHANNEL = 'radvis_reading';

const KINDS: ReadonlySet<string> = new Set(['ai-finding', 'handover', 'claim', 'release', 'assign', 'verdict', 'reported', 'consult']);

const hub = new EventEmitter();
hub.setMaxListeners(0);

/** A process's PostgreSQL bus: one LISTEN connection, and the pool NOTIFY goes through. */
interface PgBus {
  pool: pg.Pool;
  users: number;
  notify(c: ReadingChange): Promise<void>;
  stop(): Promise<void>;
}
/** Attached buses, by pool (one server has one; a test process may hold several databases in turn). */
const buses = new Map<pg.Pool, PgBus>();

/** The bus publishes go through: the last attached whose pool is still open. */
function currentBus(): PgBus | undefined {
  let out: PgBus | undefined;
  for (const b of buses.values()) if (!b.pool.ending && !b.pool.ended) out = b;
  return out;
}

/**
 * Tells every open list page that a case changed — on PostgreSQL in every server process sharing the
 * database (NOTIFY), else in this process. Never throws: a failed NOTIFY is reported to `onError`
 * (default: console) and the change is delivered locally instead, so this process's pages still update.
 */
export function publishReadingChange(c: ReadingChange, onError: (e: unknown) => void = (e) => console.error('reading NOTIFY failed', e)): void {
  const bus = currentBus();
  if (!bus) {
    hub.emit('change', c);
    return;
  }
  bus.notify(c).catch((e: unknown) => {
    onError(e);
    hub.emit('change', c);
  });
}

/** Subscribes to changes; returns the unsubscribe function. */
export function onReadingChange(fn: (c: ReadingChange) => void): () => void {
  hub.on('change', fn);
  return () => hub.off('change', fn);
}

/** Parses a NOTIFY payload; undefined for anything that is not a reading change (ignored). */
export function parseReadingChange(payload: string | undefined): ReadingChange | undefined {
  if (!payload) return undefined;
  try {
    const v = JSON.parse(payload) as { kind?: unknown; examId?: unknown };
    if (typeof v.kind === 'string' && KINDS.has(v.kind) && typeof v.examId === 'string') return { kind: v.kind as ReadingChange['kind'], examId: v.examId };
  } catch {
    /* not ours */
  }
  return undefined;
}

/**
 * Attaches this process to the PostgreSQL bus of `pool`'s database (idempotent per pool: a second
 * attach shares the connection). Opens one extra connection with the pool's settings, LISTENs on
 * READING_CHANNEL and reconnects after a lost connection (every 2 s). Resolves once LISTEN is in
 * effect. Returns the detach function (closes the connection when the last user detaches). `log`
 * receives connection errors.
 */
export async function attachReadingBus(pool: pg.Pool, log: (msg: string, e?: unknown) => void): Promise<() => Promise<void>> {
  const have = buses.get(pool);
  if (have) {
    have.users++;
    return () => detach(pool);
  }
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client(pool.options);
    c.on('notification', (m) => {
      if (m.channel !== READING_CHANNEL) return;
      const change = parseReadingChange(m.payload);
      if (change) hub.emit('change', change);
    });
    c.on('error', (e) => {
      log('reading bus connection error', e);
      if (!stopped && client === c) {
        client = undefined;
        c.end().catch(() => undefined);
        retry = setTimeout(() => void connect().catch((err: unknown) => log('reading bus reconnect failed', err)), 2000);
      }
    });
    await c.connect();
    await c.query(`LISTEN ${READING_CHANNEL}`);
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
  };
  await connect();
  buses.set(pool, {
    pool,
    users: 1,
    async notify(c) {
      await pool.query('SELECT pg_notify($1, $2)', [READING_CHANNEL, JSON.stringify({ kind: c.kind, examId: c.examId })]);
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end();
    },
  });
  return () => detach(pool);
}

async function detach(pool: pg.Pool): Promise<void> {
  const b = buses.get(pool);
  if (!b) return;
  if (--b.users > 0) return;
  buses.delete(pool);
  await b.stop();
}
