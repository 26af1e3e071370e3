// The appointment letter names the place as people read it: the site once, the machine without
// the site's name that the directory's machine names often carry.
import { describe, expect, it } from 'vitest';
import { letterLines, type LetterContent } from './letter.ts';

const content: LetterContent = {
  patientName: 'Kari Nordmann',
  date: '2026-12-09',
  start: '08:00',
  end: '08:15',
  departmentName: 'Radiologisk avdeling',
  siteName: 'Haukeland universitetssjukehus',
  siteAddress: 'Jonas Lies vei 65, 5021 Bergen',
  machineName: 'CT 1 Haukeland universitetssjukehus',
  examName: 'CT toraks',
  kind: 'CT',
  accessionNumber: 'A1',
  referralNumber: '1',
};

describe('letterLines', () => {
  it('names the site once in the place section, in both languages', () => {
    for (const lang of ['nb', 'nn'] as const) {
      const place = letterLines(content, lang).sections[2].lines;
      expect(place).toEqual(['Radiologisk avdeling', 'Haukeland universitetssjukehus', 'Jonas Lies vei 65, 5021 Bergen', 'CT 1']);
      expect(place.join('\n').split('Haukeland universitetssjukehus')).toHaveLength(2);
    }
  });
});
