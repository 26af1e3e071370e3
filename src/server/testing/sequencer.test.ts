import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightGroup } from './sequencer.ts';

const read = (p: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../../..', p), 'utf8');

describe('test file order (longest first on a fresh clone)', () => {
  it('puts files that start another program or fuzz every route before database files, and those before pure logic', () => {
    expect(weightGroup(read('e2e/referral.e2e.test.ts'))).toBe(0);
    expect(weightGroup(read('src/server/interop/dicom/mwl.findscu.test.ts'))).toBe(0);
    expect(weightGroup(read('src/server/http/fuzz.test.ts'))).toBe(0);
    expect(weightGroup(read('src/server/reading/live-bus.test.ts'))).toBe(0);
    expect(weightGroup(read('src/server/referrals/referrals.test.ts'))).toBe(1);
    expect(weightGroup(read('src/server/calendar/norwegian-calendar.test.ts'))).toBe(2);
    expect(weightGroup(undefined)).toBe(1);
  });
});
