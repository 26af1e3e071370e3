-- 0185 the character set a machine reads in its worklist (issue 8 item 5): older modalities read
-- Latin-1 (ISO_IR 100) only and do not name a Specific Character Set in their queries. The
-- worklist answers such a machine in Latin-1 (answers with a character outside Latin-1 still go
-- out in UTF-8, named ISO_IR 192; DICOM PS3.4 C.4.1.1.3.2). Default: UTF-8 (ISO_IR 192).
ALTER TABLE modality ADD COLUMN dicom_character_set text NOT NULL DEFAULT 'ISO_IR 192'
  CHECK (dicom_character_set IN ('ISO_IR 192', 'ISO_IR 100'));
