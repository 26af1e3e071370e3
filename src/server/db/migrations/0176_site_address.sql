-- 0176 visiting address (besøksadresse) of a site (issue 8 item 4): the patient letter says where
-- to go. Optional: the directory shows it and the letter prints it when known.
ALTER TABLE organization ADD COLUMN visiting_address text CHECK (visiting_address IS NULL OR length(visiting_address) <= 200);
