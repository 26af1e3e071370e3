import { describe, expect, it } from 'vitest';
import { afterEndLines } from './after-end-view.ts';

const w = {
  id: '17',
  at: '2026-11-30T08:35:00Z',
  referralId: 'ref-1',
  referralNumber: 4711,
  patientName: 'Åse Marit Østbø',
  birthDate: '1961-04-02',
  examName: 'CT thorax',
  machineId: 'mod-1',
  machineName: 'CT 1 Fjordby',
  accessionNumber: 'RV0001',
};

describe('the warning about an exam started after its referral ended', () => {
  it('says in Norwegian what happened, to whom, where and when, and what to do', () => {
    const [text, accession] = afterEndLines(w, 'nb');
    expect(text).toContain('Undersøkelsen ble startet på modaliteten etter at den var avlyst');
    expect(text).toContain('CT thorax for Åse Marit Østbø (født 2. apr. 1961) på CT 1 Fjordby');
    expect(text).toMatch(/30\. nov\.? 2026.*09:35/); // Oslo time (UTC+1)
    expect(text).toContain('Sjekk med laben');
    expect(accession).toBe('Aksesjonsnummer RV0001');
  });
  it('in English too, and never shows internal ids', () => {
    const lines = afterEndLines(w, 'en');
    expect(lines[0]).toContain('The exam was started on the modality after it had been cancelled: CT thorax for Åse Marit Østbø');
    expect(lines.join(' ')).not.toMatch(/ref-1|mod-1|\b17\b/);
  });
  it('on the day plan the machine is the page’s', () => {
    const [text] = afterEndLines({ at: w.at, patientName: w.patientName, birthDate: w.birthDate, examName: w.examName, accessionNumber: null }, 'nb', 'MR 2');
    expect(text).toContain('på MR 2');
  });
});
