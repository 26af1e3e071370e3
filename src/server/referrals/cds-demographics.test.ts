// CDS Hooks: a prefetched Patient without birthDate/gender gets them from its fødselsnummer or
// D-number (issue 7 item 4), so the card is given instead of a 412.
import { describe, expect, it } from 'vitest';
import { DNR_OID } from '../directory/identifiers.ts';
import { cardsFor, type CdsRequest } from '../interop/cds-hooks/cards.ts';
import { GuidelineCatalogue } from '../guidelines/catalogue.ts';

const pack = GuidelineCatalogue.fromContent().current().pack;

const catalog = [{ code: 'SNG0AG', name: 'MR kne', name_en: 'MR knee', modality: 'MR' }];
const request = (patient: Record<string, unknown>): CdsRequest => ({
  hook: 'order-sign',
  hookInstance: 'h-1',
  context: {
    userId: 'Practitioner/1',
    patientId: 'p1',
    draftOrders: {
      resourceType: 'Bundle',
      entry: [
        {
          resource: {
            resourceType: 'ServiceRequest',
            id: 'sr-1',
            status: 'draft',
            intent: 'order',
            code: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7270', code: 'SNG0AG' }] },
            note: [{ text: 'Vondt i kneet i 12 uker, ikke traume.' }],
          },
        },
      ],
    },
  },
  prefetch: { patient: patient as never },
});

describe('patient demographics from the identifier', () => {
  it('derives birth date and sex from a D-number when the Patient has none', () => {
    const cards = cardsFor(pack, request({ resourceType: 'Patient', identifier: [{ system: DNR_OID, value: '52838510051' }] }), catalog, 'http://radvis.test');
    expect(cards).toHaveLength(1);
    expect(cards[0].advice.topicId).toBe('kne');
  });

  it('still answers 412 when neither a birth date nor a usable identifier is there', () => {
    expect(() =>
      cardsFor(pack, request({ resourceType: 'Patient', identifier: [{ system: 'urn:example', value: 'x' }] }), catalog, 'http://radvis.test'),
    ).toThrow(/patient/i);
  });
});
