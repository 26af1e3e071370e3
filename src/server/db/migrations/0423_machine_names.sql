-- flow29 (issue 8, a department's walk): the demo's machines were named by their DICOM modality
-- code and number ("DX 1 Haukeland universitetssjukehus", "US 2 …"), and people read those names on
-- the booking day plan, the referral pages and the booking queue. People do not say "DX 1": the
-- generator now names them as a department does ("Røntgenlab 1 …", "Ultralyd 2 …", "CT 1 …"), and
-- this renames the machines an earlier demo database has under the old pattern: only a machine whose
-- id is the generator's (mod-<site>-<kind><n>) and whose name is exactly "<kind> <n> <its site's
-- name>". The modality code (kind) and the DICOM AE title are unchanged; a machine named by people
-- is never touched.
UPDATE modality m
SET name = (CASE m.kind
    WHEN 'CR' THEN 'Røntgenlab'
    WHEN 'DX' THEN 'Røntgenlab'
    WHEN 'US' THEN 'Ultralyd'
    WHEN 'NM' THEN 'Gammakamera'
    WHEN 'PT' THEN 'PET-CT'
    WHEN 'MG' THEN 'Mammografi'
    WHEN 'RF' THEN 'Gjennomlysning'
    WHEN 'XA' THEN 'Angiolab'
    ELSE m.kind
  END) || substr(m.name, length(m.kind) + 1)
FROM organization site
WHERE site.id = m.site_org_id
  AND m.kind IN ('CR', 'DX', 'US', 'NM', 'PT', 'MG', 'RF', 'XA')
  AND m.id LIKE 'mod-%'
  AND m.id = 'mod-' || regexp_replace(m.site_org_id, '^site-', '') || '-' || lower(m.kind) || substring(m.id from '[0-9]+$')
  AND m.name = m.kind || ' ' || substring(m.id from '[0-9]+$') || ' ' || site.name;
