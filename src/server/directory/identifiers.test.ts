import { describe, expect, it } from 'vitest';
import {
  ageOn,
  DNR_OID,
  FNR_OID,
  makeSyntheticFnr,
  parseFnr,
  parsePatientIdentifier,
  patientDemographics,
  patientIdentifierSystem,
  validateHpr,
} from './identifiers.ts';

describe('fødselsnummer', () => {
  it('makes synthetic numbers (month + 80) that parse back to the same birth date and sex', () => {
    for (const [date, sex] of [
      ['1985-03-14', 'F'],
      ['1952-12-01', 'M'],
      ['2007-07-31', 'M'],
      ['2020-02-29', 'F'],
    ] as const) {
      const fnr = makeSyntheticFnr(date, sex, 123);
      expect(fnr).toMatch(/^\d{11}$/);
      expect(Number(fnr!.slice(2, 4))).toBeGreaterThan(80);
      const p = parseFnr(fnr!);
      expect(p).toEqual({ ok: true, value: { birthDate: date, sex, dNumber: false, synthetic: true } });
      const d = makeSyntheticFnr(date, sex, 123, { dNumber: true })!;
      expect(parseFnr(d)).toEqual({ ok: true, value: { birthDate: date, sex, dNumber: true, synthetic: true } });
      expect(patientIdentifierSystem(d)).toBe(DNR_OID);
      expect(patientIdentifierSystem(fnr!)).toBe(FNR_OID);
    }
  });

  it('rejects wrong check digits, lengths and dates with a clear reason', () => {
    const good = makeSyntheticFnr('1985-03-14', 'F')!;
    const badK2 = good.slice(0, 10) + ((Number(good[10]) + 1) % 10);
    expect(parseFnr(badK2)).toMatchObject({ ok: false, reason: expect.stringContaining('kontrollsiffer') });
    expect(parseFnr('123')).toMatchObject({ ok: false, reason: expect.stringContaining('11 siffer') });
    expect(parseFnr('abcdefghijk')).toMatchObject({ ok: false });
  });

  it('accepts a D-number (day + 40)', () => {
    // Try individual numbers until one gives valid check digits for day + 40.
    let found: string | null = null;
    for (let ind = 1; ind < 499 && !found; ind += 2) {
      const base = `500590${String(ind).padStart(3, '0')}`;
      for (let k1 = 0; k1 <= 9 && !found; k1++)
        for (let k2 = 0; k2 <= 9 && !found; k2++) {
          const r = parseFnr(`${base}${k1}${k2}`);
          // The classic rule's number (the 2032 rule's numbers do not tell the sex).
          if (r.ok && r.value.sex !== null) found = `${base}${k1}${k2}`;
        }
    }
    expect(found).not.toBeNull();
    expect(parseFnr(found!)).toMatchObject({ ok: true, value: { dNumber: true, synthetic: false, birthDate: '1990-05-10', sex: 'M' } });
  });

  it("accepts the interop cases' D-number under its own OID and derives birth date and sex", () => {
    // ../shared/cases/interop/07: synthetic D-number 52838510051 (day + 40, month + 80).
    expect(parsePatientIdentifier(DNR_OID, '52838510051')).toEqual({
      ok: true,
      number: '52838510051',
      parsed: { birthDate: '1985-03-12', sex: 'F', dNumber: true, synthetic: true },
    });
    expect(parsePatientIdentifier(FNR_OID, '31836000067')).toMatchObject({ ok: true, parsed: { birthDate: '1960-03-31', dNumber: false } });
    expect(parsePatientIdentifier('urn:oid:2.16.578.1.12.4.1.4.3', '52838510051')).toMatchObject({ ok: false });
    expect(parsePatientIdentifier(DNR_OID, '52838510052')).toMatchObject({ ok: false });
  });

  it('the D-number OID holds D-numbers only: a fødselsnummer or FH-nummer under it is refused; a D-number under the fødselsnummer OID is still read (breaker14)', () => {
    // HL7 Norway NamingSystem no-basis-dnummer: urn:oid:2.16.578.1.12.4.1.4.2 is the D-number namespace.
    expect(parsePatientIdentifier(DNR_OID, '31836000067')).toMatchObject({ ok: false, reason: expect.stringMatching(/D-nummer/) });
    const fnr = makeSyntheticFnr('1985-03-12', 'M', 3)!;
    expect(parsePatientIdentifier(DNR_OID, fnr)).toMatchObject({ ok: false });
    const dnr = makeSyntheticFnr('1985-03-12', 'M', 0, { dNumber: true })!;
    expect(parsePatientIdentifier(DNR_OID, dnr)).toMatchObject({ ok: true, parsed: { dNumber: true, birthDate: '1985-03-12', sex: 'M' } });
    expect(parsePatientIdentifier(FNR_OID, dnr)).toMatchObject({ ok: true, parsed: { dNumber: true } });
  });

  it('accepts numbers under the 2032 check-digit rule, without a sex', () => {
    // Skatteetaten 2032: k1 may use remainder 1–3. Build one from a classic number by trying k1 values.
    const classic = makeSyntheticFnr('1985-03-14', 'F', 7)!;
    const base = classic.slice(0, 9);
    let newRule: string | null = null;
    for (let k1 = 0; k1 <= 9 && !newRule; k1++) {
      if (String(k1) === classic[9]) continue;
      for (let k2 = 0; k2 <= 9 && !newRule; k2++) if (parseFnr(`${base}${k1}${k2}`).ok) newRule = `${base}${k1}${k2}`;
    }
    expect(newRule).not.toBeNull();
    expect(parseFnr(newRule!)).toEqual({ ok: true, value: { birthDate: '1985-03-14', sex: null, dNumber: false, synthetic: true } });
  });

  it('derives birth date and sex of a FHIR Patient from its identifier when it has none', () => {
    expect(patientDemographics({ identifier: [{ system: DNR_OID, value: '52838510051' }] })).toEqual({ birthDate: '1985-03-12', sex: 'F' });
    expect(patientDemographics({ birthDate: '1990-01-02', gender: 'male', identifier: [{ system: DNR_OID, value: '52838510051' }] })).toEqual({
      birthDate: '1990-01-02',
      sex: 'M',
    });
    expect(patientDemographics({})).toEqual({ birthDate: null, sex: null });
  });

  it('computes age on a date', () => {
    expect(ageOn('1985-03-14', new Date('2026-03-13T12:00:00Z'))).toBe(40);
    expect(ageOn('1985-03-14', new Date('2026-03-14T12:00:00Z'))).toBe(41);
  });
});

describe('HPR number', () => {
  it('accepts 7–9 digits and rejects the rest', () => {
    expect(validateHpr('1234567')).toEqual({ ok: true, value: '1234567' });
    expect(validateHpr('12 345 678')).toEqual({ ok: true, value: '12345678' });
    expect(validateHpr('12345')).toMatchObject({ ok: false });
    expect(validateHpr('0000000')).toMatchObject({ ok: false });
  });
});
