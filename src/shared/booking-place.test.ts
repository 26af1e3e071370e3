// The booking place names the site once: machine names that carry the site's name lose it.
import { describe, expect, it } from 'vitest';
import { machineLabel, placeLabel } from './booking-place.ts';

describe('placeLabel', () => {
  it('names the site once when the machine is named after it', () => {
    expect(placeLabel('CT 1 Haukeland universitetssjukehus', 'Haukeland universitetssjukehus')).toBe('CT 1, Haukeland universitetssjukehus');
    expect(placeLabel('Haukeland universitetssjukehus – MR 2', 'Haukeland universitetssjukehus')).toBe('MR 2, Haukeland universitetssjukehus');
    expect(machineLabel('CT 1 haukeland universitetssjukehus', 'Haukeland universitetssjukehus')).toBe('CT 1');
  });

  it('keeps machine names that do not carry the site, and a machine named only by the site', () => {
    expect(placeLabel('Lab 1', 'Testby')).toBe('Lab 1, Testby');
    expect(placeLabel('Testby', 'Testby')).toBe('Testby');
    expect(machineLabel('Vossa MR', 'Voss sjukehus')).toBe('Vossa MR');
  });
});
