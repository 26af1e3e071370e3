import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../config.ts';
import { openDatabase } from './index.ts';
import { isTransientConflict, retryTransient } from './retry.ts';

const pgError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('retryTransient', () => {
  it('retries deadlocks and serialization failures, and nothing else', async () => {
    expect(isTransientConflict(pgError('40P01'))).toBe(true);
    expect(isTransientConflict(pgError('40001'))).toBe(true);
    expect(isTransientConflict(pgError('23P01'))).toBe(false);
    expect(isTransientConflict(null)).toBe(false);

    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        if (calls < 3) throw pgError('40P01');
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw pgError('23P01');
      }),
    ).rejects.toMatchObject({ code: '23P01' });
    expect(calls).toBe(1);
  });

  it('gives up after the given number of attempts with the last error', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw pgError('40001');
      }, 3),
    ).rejects.toMatchObject({ code: '40001' });
    expect(calls).toBe(3);
  });

  // A real deadlock on the machine's PostgreSQL: two transactions lock two rows in opposite order.
  // The deadlock detector aborts one (40P01); retried, it waits for the other and then succeeds.
  it.runIf(testDatabaseUrl() !== undefined)('gets both transactions of a real PostgreSQL deadlock through', async () => {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const db = await openDatabase({ url: testDatabaseUrl()!, schema, poolSize: 4 });
    const pool = db.pool!;
    try {
      await pool.query('CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL)');
      await pool.query('INSERT INTO pair VALUES (1, 0), (2, 0)');
      // Both hold their first lock before either asks for its second: a deadlock every time.
      let holding = 0;
      let release!: () => void;
      const bothHold = new Promise<void>((r) => (release = r));
      let attempts = 0;
      const crossing = (first: number, second: number) =>
        retryTransient(async () => {
          attempts++;
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query('UPDATE pair SET n = n + 1 WHERE id = $1', [first]);
            if (++holding === 2) release();
            await bothHold;
            await c.query('UPDATE pair SET n = n + 1 WHERE id = $1', [second]);
            await c.query('COMMIT');
          } catch (e) {
            await c.query('ROLLBACK');
            throw e;
          } finally {
            c.release();
          }
        });
      await Promise.all([crossing(1, 2), crossing(2, 1)]);
      // At least one retry. On a loaded machine the detector can abort both (each waited past
      // deadlock_timeout before the other's check), so both retry: 4 attempts, the same result.
      expect(attempts).toBeGreaterThanOrEqual(3);
      const rows = (await pool.query('SELECT n FROM pair ORDER BY id')).rows;
      expect(rows).toEqual([{ n: 2 }, { n: 2 }]);
    } finally {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    }
  });
});
