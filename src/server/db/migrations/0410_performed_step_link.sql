-- fixb26 (after breakit26): the MPPS group case. PS3.4 Table F.7.2-1 lets the Scheduled Step
-- Attributes Sequence (0040,0270) of one performed step hold several items — CT thorax and CT
-- caput of one patient done in one acquisition (IHE RAD TF-2 4.6, "group case"). Each scheduled
-- step a performed step performs is one row here; performed_procedure_step.step_id stays the
-- first of them (the item order the modality sent), so readers of a single step keep working.
CREATE TABLE performed_step_link (
  sop_instance_uid text NOT NULL REFERENCES performed_procedure_step(sop_instance_uid),
  step_id          text NOT NULL REFERENCES scheduled_procedure_step(id),
  PRIMARY KEY (sop_instance_uid, step_id)
);
CREATE INDEX performed_step_link_step_idx ON performed_step_link(step_id);

INSERT INTO performed_step_link (sop_instance_uid, step_id)
  SELECT sop_instance_uid, step_id FROM performed_procedure_step WHERE step_id IS NOT NULL;
