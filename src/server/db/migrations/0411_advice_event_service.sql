-- fixb26 (after breakit26): CDS Hooks 2.0 §Feedback is per service ("{baseUrl}/cds-services/
-- {service.id}/feedback", on "the cards returned by the service"). The advice log remembers which
-- service issued a CDS card, as cds_issued_card does for cards without advice, so feedback posted
-- to another service's endpoint is refused. NULL: app advice, and CDS cards issued before this.
ALTER TABLE advice_event ADD COLUMN service_id text;
