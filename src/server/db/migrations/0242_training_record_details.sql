-- 0242 a LIS's supervisor and start date change over the training (issue 13: a new supervisor,
-- leave, part-time). Until now they were fixed when the individual plan was created. A department
-- leader changes them with a reason (training/service.ts changeRecordDetails); the individual plan
-- keeps a version of kind 'details_changed' (supervisor and start date are in every snapshot, so
-- the history shows who supervised when and how the start moved); rotations that follow the
-- department plan move with the start date, those moved for this LIS keep their own dates.
ALTER TABLE training_record_version DROP CONSTRAINT training_record_version_kind_check;
ALTER TABLE training_record_version ADD CONSTRAINT training_record_version_kind_check
  CHECK (kind IN ('created', 'moved', 'plan_changed', 'baseline', 'details_changed'));
