-- A referral's events are read by its id only (assessment/store.ts#referralEvents: referral_id = $1,
-- ordered by time), never joined to another column and never read by time alone. So:
--  - referral_event(at) served no query: dropped;
--  - referral_id compares in collation "C" (byte order; the ids are ASCII, and under the C.UTF-8
--    database default the order is the same): its index builds and inserts use memcmp and
--    abbreviated keys instead of strcoll, about half the time for the generator's millions of
--    events (issue 10 Numbers). Equality with a parameter takes the column's collation, so the
--    index still serves the lookup; the foreign key to referral(id) is unaffected (both collations
--    are deterministic). Columns that are joined to other tables' ids keep the default collation:
--    a join across two collations could use only one side's index.
DROP INDEX IF EXISTS referral_event_at_idx;
ALTER TABLE referral_event ALTER COLUMN referral_id TYPE text COLLATE "C";
