-- 0075 fields that assessment (vetting) sets on a referral and scheduling reads, added before either
-- domain is built so both can rely on them:
--   assessment_due_date  the legal deadline for assessing the referral (pasient- og brukerrettighetsloven
--                        § 2-2: 10 working days from receipt by default, earlier when serious disease is suspected)
--   priority_category    the department's priority category chosen on acceptance (e.g. 'emergency',
--                        'cancer_pathway', 'within_weeks', 'control_on_date'; departments configure their own)
--   exam_due_date        the date by which the exam should be done, set on acceptance
ALTER TABLE referral ADD COLUMN assessment_due_date date;
ALTER TABLE referral ADD COLUMN priority_category text;
ALTER TABLE referral ADD COLUMN exam_due_date date;
CREATE INDEX referral_department_due_idx ON referral(department_org_id, status, assessment_due_date, submitted_at);
