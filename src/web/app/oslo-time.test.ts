import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n/index.ts';
import { calendarDay, osloDate, osloDateTime, osloDayMonth, osloDayMonthTime, osloFormat, osloInstant, osloTime, osloToday, osloYear } from './oslo-time.ts';

describe('times in Norwegian wall-clock time', () => {
  it('an instant reads in Oslo time whatever the machine’s zone (winter UTC+1, summer UTC+2)', () => {
    expect(osloDateTime('2026-12-02T08:35:00Z', 'nb')).toMatch(/09:35/);
    expect(osloDateTime('2026-07-01T08:35:00Z', 'nb')).toMatch(/10:35/);
    expect(osloDateTime('2026-12-02T08:35:00Z', 'en', 'short')).toMatch(/02\/12\/2026.*09:35/);
    // 23:30 UTC on 1 December is already 2 December in Norway.
    expect(osloDateTime('2026-12-01T23:30:00Z', 'nb', 'long')).toMatch(/^2\. desember 2026.*00:30$/);
    expect(osloDate('2026-12-01T23:30:00Z', 'nb')).toBe('2. desember 2026');
    expect(osloDateTime('2026-12-02T08:35:07Z', 'nb', 'short', true)).toBe('02.12.2026, 09:35:07');
  });
  it('a calendar date stays that date; nothing or nonsense reads as a dash', () => {
    expect(osloDate('2026-12-24', 'nb')).toBe('24. desember 2026');
    expect(osloDate('2026-12-24', 'en')).toBe('24 December 2026');
    // A time of day asked of a calendar date is dropped, not made up (noon UTC would read 13:00).
    expect(osloFormat('2026-12-24', 'nb', { dateStyle: 'short', timeStyle: 'short' })).toBe('24.12.2026');
    expect(osloDateTime(null, 'nb')).toBe('–');
    expect(osloDate('not a date', 'en')).toBe('–');
    expect(osloDayMonth('', 'nb')).toBe('–');
  });
  it('names a turnaround period’s ends with the day and "kl." (nc25), spaced in the caption', () => {
    expect(osloDayMonthTime('2026-11-25T01:08:00Z', 'nb')).toBe('25.11. kl. 02:08');
    expect(osloDayMonthTime('2026-12-02T01:08:00Z', 'en')).toBe('02/12, 02:08');
    const from = osloDayMonthTime('2026-11-25T01:08:00Z', 'nb');
    const to = osloDayMonthTime('2026-12-02T01:08:00Z', 'nb');
    expect(translate('nb', 'rd.ta.caption', { from, to })).toContain('signert 25.11. kl. 02:08 – 2.12. kl. 02:08:');
  });
  it('takes today and this year in Norway, not in UTC', () => {
    expect(osloToday(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(osloYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(calendarDay('2026-12-09', 'nb')).toMatch(/^ons\.? 9\. des\.?$/);
  });
});

// What a person sees at the instants around the 2026 changes of Norwegian summer time (IANA tz
// Europe/Oslo: CEST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC). Written out by
// hand from the rule, not computed, so a formatting that follows the machine's zone fails.
const DST_INSTANTS: [string, string][] = [
  ['2026-03-28T23:30:00Z', '29.03.2026, 00:30'], // already Sunday in Norway, still Saturday in UTC
  ['2026-03-29T00:59:00Z', '29.03.2026, 01:59'], // last minute of winter time (UTC+1)
  ['2026-03-29T01:00:00Z', '29.03.2026, 03:00'], // clocks jump 02:00 → 03:00 (UTC+2)
  ['2026-10-25T00:30:00Z', '25.10.2026, 02:30'], // first 02:30, summer time
  ['2026-10-25T01:30:00Z', '25.10.2026, 02:30'], // the repeated hour, winter time again
  ['2026-10-25T22:59:00Z', '25.10.2026, 23:59'], // UTC+1 the rest of the day
  ['2026-10-25T23:00:00Z', '26.10.2026, 00:00'], // next Oslo day while UTC is still the 25th
];

const here = fileURLToPath(new URL('.', import.meta.url));
const moduleUrl = pathToFileURL(`${here}oslo-time.ts`).href;

interface Shown {
  zone: string;
  localHour: number;
  shown: string[];
  day: string[];
  today: string;
  typed: string[];
}

/** Runs the formatting in a fresh Node process whose machine time zone is `tz`; what it printed. */
async function formatUnder(tz: string): Promise<Shown> {
  const script = `
    const m = await import(${JSON.stringify(moduleUrl)});
    const instants = ${JSON.stringify(DST_INSTANTS.map(([iso]) => iso))};
    console.log(JSON.stringify({
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      localHour: new Date('2026-03-29T01:00:00Z').getHours(),
      shown: instants.map((i) => m.osloDateTime(i, 'nb', 'short')),
      day: instants.map((i) => m.osloDate(i, 'en', 'long')),
      today: m.osloToday(new Date('2026-10-25T23:00:00Z')),
      typed: [m.osloInstant('2026-03-29', 1, 59), m.osloInstant('2026-03-29', 3, 0), m.osloInstant('2026-10-25', 3, 0)],
    }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: tz },
    cwd: `${here}../../..`,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Shown;
}

describe('Oslo wall time on a machine in another zone, around the summer-time changes (issue 9)', () => {
  // UTC: a CI machine; America/New_York: a radiologist abroad, whose own summer time starts three
  // weeks earlier (8 March 2026) and ends a week later (1 November 2026).
  for (const [tz, localHourAtSwitch] of [
    ['UTC', 1],
    ['America/New_York', 21],
  ] as const) {
    it(`TZ=${tz} shows Norwegian dates and times`, async () => {
      const r = await formatUnder(tz);
      // The child really ran in that zone (else the test would prove nothing).
      expect(r.zone).toBe(tz);
      expect(r.localHour).toBe(localHourAtSwitch);
      expect(r.shown).toEqual(DST_INSTANTS.map(([, shown]) => shown));
      expect(r.day).toEqual(['29 March 2026', '29 March 2026', '29 March 2026', '25 October 2026', '25 October 2026', '25 October 2026', '26 October 2026']);
      expect(r.today).toBe('2026-10-26');
      // A time typed in a form means Oslo's clock, on either side of the change.
      expect(r.typed).toEqual(['2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T02:00:00.000Z']);
    });
  }
  it('the same in this process, whatever its zone', () => {
    expect(DST_INSTANTS.map(([iso]) => osloDateTime(iso, 'nb', 'short'))).toEqual(DST_INSTANTS.map(([, shown]) => shown));
    expect(osloTime('2026-03-29T01:00:00Z', 'en')).toBe('03:00');
    // The skipped hour reads as summer time; the repeated hour as its second (winter) pass.
    expect(osloInstant('2026-03-29', 2, 30)).toBe('2026-03-29T01:30:00.000Z');
    expect(osloInstant('2026-10-25', 2, 30)).toBe('2026-10-25T01:30:00.000Z');
    expect(osloInstant('2026-12-31', 23, 59)).toBe('2026-12-31T22:59:00.000Z');
    expect(osloInstant('31.12.2026', 9, 0)).toBeNull();
  });
});
