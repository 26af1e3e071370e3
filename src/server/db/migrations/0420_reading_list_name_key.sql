-- read27 (issue 9, a newcomer's walk): list names stayed Norwegian for a user who chose English.
-- Lists Radvis itself makes (the demo department's and the regional list) get a name key: the
-- name shown is then the message 'rd.listName.<key>' of src/shared/i18n/reading.ts in the
-- reader's language. Lists people make keep name_key NULL and show their name as typed; a leader
-- who renames a keyed list clears its key (reading/admin.ts updateList).
ALTER TABLE reading_list ADD COLUMN name_key text;
UPDATE reading_list SET name_key = 'all' WHERE id = 'rl-demo-all' AND name = 'Alle undersøkelser';
UPDATE reading_list SET name_key = 'ct-mr' WHERE id = 'rl-demo-ctmr' AND name = 'CT og MR';
UPDATE reading_list SET name_key = 'regional-neuro' WHERE id = 'rl-demo-region-neuro' AND name = 'Regional nevroradiologi';
