// What the CDS Hooks edge (interop/cds-hooks) needs from the referral domain: the exam catalogue,
// the advice log and feedback storage. Exported here so the edge never calls this domain's store.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { Invalid, type FieldError } from '../http/errors.ts';
import { offeredOverrideReasons } from './override-reasons.ts';
import * as store from './store.ts';

export { AdviceLog } from './advice-log.ts';
export type { AdviceEventRow } from './store.ts';

/** The NCRP exam catalogue (code, name, English name, modality), all rows. */
export function examCatalog(db: Kysely<DB>) {
  return store.listExamCatalog(db);
}

/**
 * Stores CDS Hooks 2.0 feedback rows (one per card outcome) in one INSERT, after checking each
 * against what this service issued (§Feedback: `card` is "the card.uuid from the CDS Hooks
 * response", each acceptedSuggestions[].id "the card.suggestion.uuid from the CDS Hooks
 * response"): the card must be one Radvis issued to this same CDS client (`rows[].client`), and
 * every accepted suggestion one the card offered; the card must have been issued by the service
 * whose feedback endpoint was called (`rows[].serviceId`; advice cards logged before migration 0411
 * know no service and pass), and an overrideReason.reason must be one of the card's
 * overrideReasons (offeredOverrideReasons; a card that offered none accepts none, a userComment
 * alone is always taken). Otherwise Invalid (400, OperationOutcome naming
 * `feedback.{i}.card`, `feedback.{i}.overrideReason.reason` or
 * `feedback.{i}.acceptedSuggestions.{j}.id`) and nothing is stored. A card
 * issued to another client reads exactly as one never issued, so no client learns another's cards.
 */
export async function recordCdsFeedback(db: Kysely<DB>, rows: Parameters<typeof store.insertCdsFeedback>[1]): Promise<void> {
  const issued = await store.issuedCdsCards(db, [...new Set(rows.map((r) => r.cardUuid.toLowerCase()))]);
  const problems: FieldError[] = [];
  rows.forEach((r, i) => {
    const card = issued.get(r.cardUuid.toLowerCase());
    if (!card || card.client !== r.client) {
      problems.push({ field: `feedback.${i}.card`, message: 'not a card this service issued to this CDS client' });
      return;
    }
    // §Feedback: "{baseUrl}/cds-services/{service.id}/feedback", on the cards that service returned.
    if (card.serviceId !== null && card.serviceId !== r.serviceId) {
      problems.push({ field: `feedback.${i}.card`, message: 'not a card this service issued to this CDS client' });
      return;
    }
    // §Feedback overrideReason.reason: "selected by the end user ... from the list of reasons
    // provided in the Card" — a card that offered none accepts none.
    const reason = (r.overrideReason as { reason?: { system?: unknown; code?: unknown } } | undefined)?.reason;
    if (
      reason !== undefined &&
      !offeredOverrideReasons(card.rating).some((o) => o.code === reason.code && (reason.system === undefined || reason.system === o.system))
    )
      problems.push({ field: `feedback.${i}.overrideReason.reason`, message: 'not one of the override reasons this card offered' });
    const offered = new Set(card.suggestionUuids.map((u) => u.toLowerCase()));
    const accepted = Array.isArray(r.acceptedSuggestions) ? (r.acceptedSuggestions as { id?: unknown }[]) : [];
    accepted.forEach((s, j) => {
      if (typeof s.id !== 'string' || !offered.has(s.id.toLowerCase()))
        problems.push({ field: `feedback.${i}.acceptedSuggestions.${j}.id`, message: 'not a suggestion of this card' });
    });
  });
  if (problems.length) throw new Invalid(`Feedback refused: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  await store.insertCdsFeedback(db, rows);
}

/**
 * Remembers CDS cards that carry no advice (the rights card, interop/cds-hooks cards.ts
 * unconfirmedRightsCard) with the client and service they went to, before the answer names them,
 * so feedback on them passes `recordCdsFeedback`'s check as feedback on advice cards does.
 */
export function recordIssuedCards(db: Kysely<DB>, rows: Parameters<typeof store.insertIssuedCards>[1]): Promise<void> {
  return store.insertIssuedCards(db, rows);
}
