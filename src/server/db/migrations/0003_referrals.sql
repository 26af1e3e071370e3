-- 0003 referrals: a referral the referrer withdraws in favour of watchful waiting (accepting the
-- advice's alternative when it is not another exam) is a decision without a referral. Record it
-- with the draft, the patient and the exam that was not ordered, so analytics can count advice
-- that prevented an exam.

ALTER TABLE referral_decision ALTER COLUMN referral_id DROP NOT NULL;
ALTER TABLE referral_decision ADD COLUMN draft_id text;
ALTER TABLE referral_decision ADD COLUMN patient_id text REFERENCES patient(id);
ALTER TABLE referral_decision ADD COLUMN exam_code text;
ALTER TABLE referral_decision DROP CONSTRAINT referral_decision_decision_check;
ALTER TABLE referral_decision ADD CONSTRAINT referral_decision_decision_check
  CHECK (decision IN ('followed', 'overridden', 'alternative_accepted', 'withdrawn'));
-- Every decision but a withdrawal belongs to a sent referral.
ALTER TABLE referral_decision ADD CONSTRAINT referral_decision_referral_check
  CHECK (referral_id IS NOT NULL OR decision = 'withdrawn');
CREATE INDEX referral_decision_at_idx ON referral_decision(at);
