import { describe, expect, it } from 'vitest';
import { parseBirthDate, parsePatientQuery, patientSearchUrl, showDate } from './patient-query.ts';

describe('finding a patient: what the referrer typed', () => {
  it('reads an 11-digit fødselsnummer, with or without spaces', () => {
    expect(parsePatientQuery('100386 12345', '')).toEqual({ kind: 'fnr', fnr: '10038612345' });
    expect(parsePatientQuery('10038612345', '')).toEqual({ kind: 'fnr', fnr: '10038612345' });
    expect(parsePatientQuery('1003861234', '')).toEqual({ kind: 'error', field: 'query', key: 'ref.error.fnrDigits' });
  });

  it('reads a name with the birth date in its own field or in the same one', () => {
    expect(parsePatientQuery('Kari Knesen', '10.03.1966')).toEqual({ kind: 'name', name: 'Kari Knesen', birthDate: '1966-03-10' });
    expect(parsePatientQuery('Knesen, Kari 10.3.1966', '')).toEqual({ kind: 'name', name: 'Knesen Kari', birthDate: '1966-03-10' });
    expect(parsePatientQuery('Kari Knesen 1966-03-10', '')).toEqual({ kind: 'name', name: 'Kari Knesen', birthDate: '1966-03-10' });
    expect(parsePatientQuery('  knesen ', '')).toEqual({ kind: 'name', name: 'knesen' });
    expect(parsePatientQuery('Ågot Øvrebø', '')).toEqual({ kind: 'name', name: 'Ågot Øvrebø' });
  });

  it('says what is wrong instead of searching', () => {
    expect(parsePatientQuery('K', '')).toEqual({ kind: 'error', field: 'query', key: 'ref.error.nameShort' });
    expect(parsePatientQuery('', '10.03.1966')).toEqual({ kind: 'error', field: 'query', key: 'ref.error.nameShort' });
    expect(parsePatientQuery('Kari', '31.02.1966')).toEqual({ kind: 'error', field: 'birthDate', key: 'ref.error.birthDate' });
    expect(parsePatientQuery('Kari', 'i fjor')).toEqual({ kind: 'error', field: 'birthDate', key: 'ref.error.birthDate' });
    expect(parsePatientQuery('Kari 31.02.1966', '')).toEqual({ kind: 'error', field: 'query', key: 'ref.error.birthDate' });
  });

  it('reads the date forms people type', () => {
    expect(parseBirthDate('10.03.1966')).toBe('1966-03-10');
    expect(parseBirthDate('1.3.1966')).toBe('1966-03-01');
    expect(parseBirthDate('10031966')).toBe('1966-03-10');
    expect(parseBirthDate('10-03-1966')).toBe('1966-03-10');
    expect(parseBirthDate('29.02.2023')).toBeNull();
    expect(parseBirthDate('10.03.66')).toBeNull();
  });

  it('builds the search URL and shows dates the Norwegian way', () => {
    expect(patientSearchUrl({ kind: 'name', name: 'Kari Knesen', birthDate: '1966-03-10' })).toBe('/api/patients?q=Kari%20Knesen&birthDate=1966-03-10');
    expect(patientSearchUrl({ kind: 'fnr', fnr: '10038612345' })).toBe('/api/patients?fnr=10038612345');
    expect(showDate('1966-03-10')).toBe('10.03.1966');
  });
});
