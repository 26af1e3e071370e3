import { describe, expect, it } from 'vitest';
import { createLatestRequest } from './latest-request.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createLatestRequest', () => {
  it('drops an earlier answer that arrives after a newer request was made', async () => {
    const latest = createLatestRequest();
    const seen: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    void latest(first.promise).then((v) => seen.push(v));
    void latest(second.promise).then((v) => seen.push(v));
    second.resolve('day 2');
    await tick();
    first.resolve('day 1');
    await tick();
    expect(seen).toEqual(['day 2']);
  });
  it('passes the newest answer and the newest error through, and drops an earlier error', async () => {
    const latest = createLatestRequest();
    const errors: unknown[] = [];
    const first = deferred<string>();
    void latest(first.promise).catch((e: unknown) => errors.push(e));
    const second = deferred<string>();
    void latest(second.promise).catch((e: unknown) => errors.push(e));
    first.reject(new Error('old'));
    second.reject(new Error('new'));
    await tick();
    expect(errors.map((e) => (e as Error).message)).toEqual(['new']);
    await expect(latest(Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
