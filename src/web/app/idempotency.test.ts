import { describe, expect, it } from 'vitest';
import { actionKeys, idempotencyHeader } from './idempotency.ts';

describe('idempotency keys of the web app (one per action, reused on retry)', () => {
  const counter = () => {
    let n = 0;
    return () => `k${++n}`;
  };
  it('gives a retry of the same action (same body) the same key, whatever the key order', () => {
    const keys = actionKeys(counter());
    expect(keys.keyFor({ text: 'Tillegg', exam: 'e1' })).toBe('k1');
    expect(keys.keyFor({ exam: 'e1', text: 'Tillegg' })).toBe('k1');
  });
  it('gives an edited body (another action) a new key, and a new key after success', () => {
    const keys = actionKeys(counter());
    expect(keys.keyFor({ text: 'a' })).toBe('k1');
    expect(keys.keyFor({ text: 'ab' })).toBe('k2');
    keys.done();
    expect(keys.keyFor({ text: 'ab' })).toBe('k3');
  });
  it('makes distinct UUIDs by default and names the header as the server reads it', () => {
    const a = actionKeys().keyFor({ text: 'x' });
    const b = actionKeys().keyFor({ text: 'x' });
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    expect(idempotencyHeader(a)).toEqual({ 'Idempotency-Key': a });
  });
});
