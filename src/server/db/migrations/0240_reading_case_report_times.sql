-- 0240 turnaround per reading list (issue 9 §7: "performed → preliminary → final"). The worklist
-- page's numbers come from one pass over reading_case (reading/store.ts listStats, the 100,000-case
-- bench), so the case carries the times of its report instead of a join to report per case:
--   preliminary_at  the first signed report: a preliminary one (a LIS report waiting for
--                   countersigning, or one signed preliminary), or the final report when it went
--                   straight to final — report.preliminary_at's meaning (reporting/report-state.ts);
--   final_at        the final report (exam.reported_at).
-- preliminary_at < final_at marks a report that waited for countersigning; equal times, a report
-- finalized at once. closed_at stays the time the case left the lists (the first signed report):
-- until now the exam trigger overwrote it with the final time when a preliminary report was
-- countersigned.
ALTER TABLE reading_case ADD COLUMN preliminary_at timestamptz, ADD COLUMN final_at timestamptz;

UPDATE reading_case c SET
  preliminary_at = coalesce(r.preliminary_at, r.final_at, e.reported_at, c.closed_at),
  final_at = coalesce(r.final_at, e.reported_at)
FROM exam e LEFT JOIN report r ON r.exam_id = e.id
WHERE e.id = c.exam_id AND NOT c.open;

-- The cases whose last report time falls in the page's period (listStats reads the open cases and these).
CREATE INDEX reading_case_reported_idx ON reading_case ((coalesce(final_at, preliminary_at))) WHERE NOT open;

CREATE OR REPLACE FUNCTION reading_case_from_exam() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A performed exam opens a case; one loaded already reported gets a closed one.
    INSERT INTO reading_case (exam_id, referral_id, patient_id, performing_org_id, site_org_id, trust_org_id, exam_code, modality, body_part,
                              accession_number, study_instance_uid, base_priority, priority, priority_rank, performed_at, due_at, open, closed_at,
                              preliminary_at, final_at)
    SELECT s.exam_id, s.referral_id, s.patient_id, s.performing_org_id, s.site_org_id, s.trust_org_id, s.exam_code, s.modality, s.body_part,
           s.accession_number, s.study_instance_uid, s.base_priority, s.priority, s.priority_rank, s.performed_at, s.due_at,
           s.reported_at IS NULL, s.reported_at, s.reported_at, s.reported_at
    FROM reading_case_source s WHERE s.exam_id = NEW.id
    ON CONFLICT (exam_id) DO NOTHING;
  ELSIF NEW.reported_at IS NOT NULL AND OLD.reported_at IS NULL THEN
    -- The final report: a case closed by a preliminary report keeps its closing and preliminary times.
    UPDATE reading_case SET open = false, closed_at = coalesce(closed_at, NEW.reported_at), preliminary_at = coalesce(preliminary_at, NEW.reported_at),
      final_at = NEW.reported_at, claimed_by = NULL, claim_expires_at = NULL
    WHERE exam_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reading_cases_for_reported_exams() RETURNS integer AS $$
DECLARE n integer;
BEGIN
  INSERT INTO reading_case (exam_id, referral_id, patient_id, performing_org_id, site_org_id, trust_org_id, exam_code, modality, body_part,
                            accession_number, study_instance_uid, base_priority, priority, priority_rank, performed_at, due_at, open, closed_at,
                            preliminary_at, final_at)
  SELECT s.exam_id, s.referral_id, s.patient_id, s.performing_org_id, s.site_org_id, s.trust_org_id, s.exam_code, s.modality, s.body_part,
         s.accession_number, s.study_instance_uid, s.base_priority, s.priority, s.priority_rank, s.performed_at, s.due_at, false, s.reported_at,
         s.reported_at, s.reported_at
  FROM reading_case_source s
  WHERE s.reported_at IS NOT NULL AND s.exam_id NOT IN (SELECT exam_id FROM reading_case);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$ LANGUAGE plpgsql;
