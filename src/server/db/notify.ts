// Change notices between server processes that share one PostgreSQL database (LISTEN/NOTIFY;
// PostgreSQL docs, "NOTIFY": delivered to every listening session, in commit order, payload
// < 8000 bytes). Each process attaches once (`attachNotifyBus`, from buildApp): it opens one
// connection of its own, LISTENs on every channel in NOTIFY_CHANNELS and hands what arrives to the
// subscribers in this process — its own notices included, so one path serves both. On PGlite the
// database lives inside the one process (no other process can connect), so nothing is attached and
// `notify` delivers in-process. Used by the live reading lists (reading/live.ts) and by the
// guideline catalogue (a publish in one process takes effect in all; guidelines/authoring).
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** The channels Radvis uses; a process LISTENs on all of them. */
export const NOTIFY_CHANNELS = ['radvis_reading', 'radvis_guidelines'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

const hub = new EventEmitter();
hub.setMaxListeners(0);

/** A process's bus on one pool: one LISTEN connection, and the pool NOTIFY goes through. */
interface PgBus {
  pool: pg.Pool;
  users: number;
  stop(): Promise<void>;
}
/** Attached buses, by pool (one server has one; a test process may hold several databases in turn). */
const buses = new Map<pg.Pool, PgBus>();

/** The bus notices go through: the last attached whose pool is still open. */
function currentBus(): PgBus | undefined {
  let out: PgBus | undefined;
  for (const b of buses.values()) if (!b.pool.ending && !b.pool.ended) out = b;
  return out;
}

/**
 * Sends `payload` on `channel` — through PostgreSQL to every attached server process (this one
 * included) when a bus is attached, else to this process's subscribers directly. Never throws: a
 * failed NOTIFY is reported to `onError` and the notice is delivered in this process instead.
 */
export function notify(channel: NotifyChannel, payload: string, onError: (e: unknown) => void): void {
  const bus = currentBus();
  if (!bus) {
    hub.emit(channel, payload);
    return;
  }
  bus.pool.query('SELECT pg_notify($1, $2)', [channel, payload]).catch((e: unknown) => {
    onError(e);
    hub.emit(channel, payload);
  });
}

/** Subscribes to the notices of `channel` in this process; returns the unsubscribe function. */
export function onNotify(channel: NotifyChannel, fn: (payload: string) => void): () => void {
  hub.on(channel, fn);
  return () => hub.off(channel, fn);
}

/**
 * Attaches this process to the PostgreSQL bus of `pool`'s database (idempotent per pool: a second
 * attach shares the connection). Opens one extra connection with the pool's settings, LISTENs on
 * every channel and reconnects after a lost connection (every 2 s). Resolves once LISTEN is in
 * effect. Returns the detach function (closes the connection when the last user detaches). `log`
 * receives connection errors.
 */
export async function attachNotifyBus(pool: pg.Pool, log: (msg: string, e?: unknown) => void): Promise<() => Promise<void>> {
  const have = buses.get(pool);
  if (have) {
    have.users++;
    return () => detach(pool);
  }
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const channels: ReadonlySet<string> = new Set(NOTIFY_CHANNELS);
  const connect = async (): Promise<void> => {
    const c = new pg.Client(pool.options);
    c.on('notification', (m) => {
      if (channels.has(m.channel)) hub.emit(m.channel, m.payload ?? '');
    });
    c.on('error', (e) => {
      log('notify bus connection error', e);
      if (!stopped && client === c) {
        client = undefined;
        c.end().catch(() => undefined);
        retry = setTimeout(() => void connect().catch((err: unknown) => log('notify bus reconnect failed', err)), 2000);
      }
    });
    await c.connect();
    for (const ch of NOTIFY_CHANNELS) await c.query(`LISTEN ${ch}`);
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
