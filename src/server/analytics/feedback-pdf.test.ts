// The feedback PDF as a practice reads it: Norwegian letters, the day it was made as a Norwegian
// date in Norwegian time, and an indicator with no referrals said in words.
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { FeedbackResponse } from '../../shared/api/analytics.ts';
import { feedbackPdf } from './feedback-pdf.ts';

const processRow = (label: string, closed = 3, withdrawn = 1): FeedbackResponse['process'] => ({
  unitId: label,
  label,
  referrals: 40,
  assessedInTimeShare: 0.9,
  meanAssessmentWorkingDays: 3,
  returnedShare: 0.05,
  performed: 30,
  meanDaysToExam: 12.5,
  reported: 30,
  preliminaryReported: 30,
  meanHoursToPreliminary: 14,
  meanHoursToReport: 20,
  privateShare: 0.2,
  closed,
  withdrawn,
  closedShare: closed / 40,
  withdrawnShare: withdrawn / 40,
  endedShare: (closed + withdrawn) / 40,
  suppressed: false,
});

const feedback: FeedbackResponse = {
  period: { from: 2026, to: 2026 },
  practice: { id: 'org-1', name: 'Øvre Åsane legekontor' },
  referrals: 40,
  peerMedianReferrals: 35,
  peerMedianSuppressed: false,
  indicators: [
    {
      id: 'mr-lumbar-no-red-flags',
      name: 'MR korsrygg uten røde flagg',
      denominator: 20,
      numerator: 8,
      share: 0.4,
      peerShare: 0.5,
      position: 'within',
      suppressed: false,
    },
    {
      // The practice's own small count, shown to it (issue 10 §7); the pooled peers withheld.
      id: 'mr-knee-50',
      name: 'MR kne ved 50 år og eldre',
      denominator: 4,
      numerator: 1,
      share: 0.25,
      peerShare: null,
      position: 'too-few',
      suppressed: false,
    },
    {
      id: 'ct-head-headache',
      name: 'CT hode ved ukomplisert hodepine',
      denominator: 0,
      numerator: null,
      share: null,
      peerShare: 0.1,
      position: 'too-few',
      suppressed: true,
    },
  ],
  process: processRow('Øvre Åsane legekontor'),
  peerProcess: processRow('Andre', 0, 2),
};

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

describe('feedbackPdf', () => {
  it('writes æøå, the Norwegian day it was made, and no share "of 0 referrals"', async () => {
    // 23:30 UTC on 30 November is 00:30 on 1 December in Norway.
    const text = await textOf(await feedbackPdf(feedback, [], new Date('2026-11-30T23:30:00Z')));
    expect(text).toContain('Tilbakemelding til Øvre Åsane legekontor');
    expect(text).toContain('Laget 01.12.2026 av Radvis');
    expect(text).toContain('Praksisens egne tall vises selv om de er små.');
    expect(text).toContain('færre enn 10 henvisninger eller teller 1–9');
    expect(text).toContain('Dine: 8 (40,0 %) av 20 henvisninger');
    expect(text).toContain('Dine: 1 (25,0 %) av 4 henvisninger. Andre praksiser: skjult.');
    expect(text).toContain('CT hode ved ukomplisert hodepine Ingen henvisninger fra praksisen i perioden.');
    expect(text).not.toMatch(/av 0 henvisninger|2026-1[12]-\d\d/);
  });

  it("says in words how many of the practice's referrals the department closed without an exam and the practice withdrew, beside returned", async () => {
    const text = await textOf(await feedbackPdf(feedback, [], new Date('2026-11-30T12:00:00Z')));
    expect(text).toContain(
      'Øvre Åsane legekontor: vurdert innen 10 virkedager 90,0 %, returnert 5,0 %, avsluttet av avdelingen uten undersøkelse 3 (7,5 %), trukket tilbake av praksisen 1 (2,5 %),',
    );
    expect(text).toContain(
      'Andre praksiser: vurdert innen 10 virkedager 90,0 %, returnert 5,0 %, avsluttet av avdelingen uten undersøkelse 0,0 %, trukket tilbake 5,0 %,',
    );
  });
});
