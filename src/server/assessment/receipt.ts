// What the assessment domain does when a referral is received (sent by a referrer through the
// app or FHIR): its assessment deadline, and the timestamped "submitted" event that waiting times
// are measured from. The referral domain calls these inside its own transaction; other domains
// (the booking demo) record their state changes through recordReferralEvent too.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { assessmentDueDate, DEFAULT_DEADLINE_SETTINGS, type DeadlineInput, type DeadlineReason } from './deadline.ts';
import * as store from './store.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The assessment due date (YYYY-MM-DD) of a referral received at `receivedAt` by a department,
 * with the department's deadline settings (assessment_setting) or the defaults. Rule and sources:
 * deadline.ts (pasient- og brukerrettighetsloven § 2-2).
 */
export async function assessmentDueDateFor(
  db: Q,
  departmentId: string,
  input: DeadlineInput,
  receivedAt: Date,
): Promise<{ dueDate: string; reason: DeadlineReason; workingDays: number }> {
  const settings = (await store.deadlineSettings(db, departmentId)) ?? DEFAULT_DEADLINE_SETTINGS;
  return assessmentDueDate(receivedAt, input, settings);
}

/** Records a state change of a referral (referral_event): what, from and to which status, who, when and why. */
export async function recordReferralEvent(db: Q, e: store.NewReferralEvent): Promise<void> {
  await store.insertReferralEvent(db, e);
}

/**
 * Gives a copy of a referral the history of the one it was copied from (the demo's second exam for
 * one trip is a copy of an accepted referral): the same events, in the same order.
 */
export async function copyReferralHistory(db: Q, fromId: string, toId: string): Promise<void> {
  await store.copyReferralEvents(db, fromId, toId);
}

export type { NewReferralEvent } from './store.ts';
