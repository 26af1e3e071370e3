-- The DICOM modality code for positron emission tomography is PT (DICOM PS3.3 C.7.3.1.1.1,
-- Modality, defined term "PT"), not "PET". Modality worklists and MPPS carry this code, so the
-- directory must use it too.
ALTER TABLE modality DROP CONSTRAINT modality_kind_check;
UPDATE modality SET kind = 'PT' WHERE kind = 'PET';
ALTER TABLE modality ADD CONSTRAINT modality_kind_check CHECK (kind IN ('CR', 'DX', 'CT', 'MR', 'US', 'NM', 'PT', 'MG', 'RF', 'XA'));
UPDATE purchase_agreement SET modalities = array_replace(modalities, 'PET', 'PT') WHERE 'PET' = ANY (modalities);
