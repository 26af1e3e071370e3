-- Name search in the vetting inbox, the booking queue and "Mine henvisninger"
-- (assessment/name-search.ts): each typed word must be the start of a part of the patient's name
-- ("Hansen" finds "Kari Hansen" and "Hansen-Berg", never "Johansen"), case- and accent-insensitive
-- with æ, ø and å kept as letters of their own (ä = æ, ö = ø as in Norwegian alphabetical order;
-- other accents dropped: é = e, ü = u). The fold below is the same table as name-search.ts
-- NAME_FOLD_FROM/TO (a test holds them equal); translate() rather than lower() for the letters
-- outside ASCII, since lower() folds only ASCII under the C locale PGlite runs in.
CREATE FUNCTION radvis_name_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄäÖöÁÀÂÃáàâãÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÕóòôõÚÙÛÜúùûüÝýÿÇçÑñŠšŽžČčŁłŃńŚśŹźŻżĘęĄąĆć', 'abcdefghijklmnopqrstuvwxyzæøåææøøaaaaaaaaeeeeeeeeiiiiiiiioooooooouuuuuuuuyyyccnnsszzccllnnsszzzzeeaacc')
$$;

-- One row per distinct name part per patient. The part is compared in "C" order (code point order
-- for UTF-8), so a prefix is a range on the primary key's btree on both engines:
-- part >= 'hans' AND part < 'hant'.
CREATE TABLE patient_name_part (
  part       text COLLATE "C" NOT NULL,
  patient_id text NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
  PRIMARY KEY (part, patient_id)
);
CREATE INDEX patient_name_part_patient_idx ON patient_name_part(patient_id);

-- The parts of a name: folded, split at spaces, hyphens, apostrophes, full stops and commas.
CREATE FUNCTION radvis_name_parts(given text, family text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT w FROM regexp_split_to_table(radvis_name_fold(given || ' ' || family), '[[:space:]''’.,-]+') w WHERE w <> ''
$$;

INSERT INTO patient_name_part (part, patient_id)
  SELECT w, p.id FROM patient p, radvis_name_parts(p.given_name, p.family_name) w;

-- Kept in step by statement-level triggers (one INSERT per statement, so a bulk load of patients
-- costs one set-based insert, not a call per row).
CREATE FUNCTION patient_name_part_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_name_part (part, patient_id)
    SELECT w, n.id FROM new_rows n, radvis_name_parts(n.given_name, n.family_name) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER patient_name_part_insert AFTER INSERT ON patient
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patient_name_part_on_insert();

CREATE FUNCTION patient_name_part_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM patient_name_part pp USING old_rows o
    WHERE pp.patient_id = o.id
      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND n.given_name = o.given_name AND n.family_name = o.family_name);
  INSERT INTO patient_name_part (part, patient_id)
    SELECT w, n.id FROM new_rows n, radvis_name_parts(n.given_name, n.family_name) w
    WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.given_name = n.given_name AND o.family_name = n.family_name)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER patient_name_part_update AFTER UPDATE ON patient
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patient_name_part_on_update();

-- The synthetic generator bulk-loads patients with session_replication_role = replica (to skip
-- foreign-key triggers, synthetic/writer.ts), which also silences ordinary triggers: these two must
-- fire anyway, or a generated region would have no name parts and every name search would be empty.
ALTER TABLE patient ENABLE ALWAYS TRIGGER patient_name_part_insert;
ALTER TABLE patient ENABLE ALWAYS TRIGGER patient_name_part_update;
