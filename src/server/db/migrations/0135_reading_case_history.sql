-- 0135 every reported exam has a reading case, so the one access gate can decide every report by
-- reading-list entitlement (issue 9 §1: "a reader sees an exam's referral, history and patient
-- data only through a list they are entitled to"). Until now only exams performed after 0120 got a
-- case (from the exam trigger); exams loaded already reported (the synthetic history, imports) had
-- none, and their reports were opened by a department rule instead — a second rule for the same data.
--
-- One definition of a case's columns: the view reading_case_source. The exam trigger takes the
-- new exam's row from it; reading_cases_for_reported_exams() adds closed cases, set-based, for
-- reported exams that have none (called here once, and by bulk loads after they write reports).

CREATE VIEW reading_case_source AS
SELECT e.id AS exam_id, r.id AS referral_id, r.patient_id, e.performing_org_id,
       CASE WHEN site.kind = 'site' THEN site.id END AS site_org_id,
       CASE WHEN trust.kind IN ('hf', 'private_hospital', 'private_institute') THEN trust.id
            WHEN site.kind IN ('hf', 'private_hospital', 'private_institute') THEN site.id END AS trust_org_id,
       e.exam_code, ec.modality, ec.body_part, rp.accession_number, rp.study_instance_uid,
       d.priority AS base_priority, d.priority, d.rank AS priority_rank,
       e.performed_at, e.performed_at + make_interval(hours => d.hours) AS due_at, e.reported_at
FROM exam e
JOIN referral r ON r.id = e.referral_id
JOIN exam_code ec ON ec.code = e.exam_code
JOIN reading_deadline d ON d.priority = CASE
       WHEN r.urgency = 'emergency' OR r.priority_category = 'emergency' THEN 'acute'
       WHEN r.priority_category = 'cancer_pathway' THEN 'cancer_pathway'
       WHEN r.urgency = 'urgent' THEN 'urgent'
       WHEN r.urgency = 'planned' THEN 'planned'
       ELSE 'routine' END
LEFT JOIN organization dept ON dept.id = e.performing_org_id
LEFT JOIN organization site ON site.id = dept.parent_id
LEFT JOIN organization trust ON trust.id = site.parent_id
LEFT JOIN LATERAL (SELECT accession_number, study_instance_uid FROM requested_procedure WHERE referral_id = r.id ORDER BY created_at LIMIT 1) rp ON true;

CREATE OR REPLACE FUNCTION reading_case_from_exam() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A performed exam opens a case; one loaded already reported gets a closed one.
    INSERT INTO reading_case (exam_id, referral_id, patient_id, performing_org_id, site_org_id, trust_org_id, exam_code, modality, body_part,
                              accession_number, study_instance_uid, base_priority, priority, priority_rank, performed_at, due_at, open, closed_at)
    SELECT s.exam_id, s.referral_id, s.patient_id, s.performing_org_id, s.site_org_id, s.trust_org_id, s.exam_code, s.modality, s.body_part,
           s.accession_number, s.study_instance_uid, s.base_priority, s.priority, s.priority_rank, s.performed_at, s.due_at,
           s.reported_at IS NULL, s.reported_at
    FROM reading_case_source s WHERE s.exam_id = NEW.id
    ON CONFLICT (exam_id) DO NOTHING;
  ELSIF NEW.reported_at IS NOT NULL AND OLD.reported_at IS NULL THEN
    UPDATE reading_case SET open = false, closed_at = NEW.reported_at, claimed_by = NULL, claim_expires_at = NULL WHERE exam_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Closed cases for reported exams without one (set-based; NOT IN is a hashed subplan read once,
-- so the insert never re-scans the table it fills). Returns how many were added.
CREATE FUNCTION reading_cases_for_reported_exams() RETURNS integer AS $$
DECLARE n integer;
BEGIN
  INSERT INTO reading_case (exam_id, referral_id, patient_id, performing_org_id, site_org_id, trust_org_id, exam_code, modality, body_part,
                            accession_number, study_instance_uid, base_priority, priority, priority_rank, performed_at, due_at, open, closed_at)
  SELECT s.exam_id, s.referral_id, s.patient_id, s.performing_org_id, s.site_org_id, s.trust_org_id, s.exam_code, s.modality, s.body_part,
         s.accession_number, s.study_instance_uid, s.base_priority, s.priority, s.priority_rank, s.performed_at, s.due_at, false, s.reported_at
  FROM reading_case_source s
  WHERE s.reported_at IS NOT NULL AND s.exam_id NOT IN (SELECT exam_id FROM reading_case);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$ LANGUAGE plpgsql;

SELECT reading_cases_for_reported_exams();
