// Texts for a machine's DICOM settings on the booking page's machine cards (src/web/booking/),
// bokmål and English with the same keys. The character-set names in brackets are the DICOM terms
// the modality's own settings use (PS3.3 C.12.1.1.2), so the person can match them.
export const nb = {
  'machineDicom.aeTitle': 'AE-tittel: {ae}',
  'machineDicom.charset': 'Tegnsett i arbeidslisten (DICOM)',
  'machineDicom.charset.help':
    'Tegnsettet maskinen leser pasientnavn og tekst i. Velg Latin-1 bare for eldre maskiner som ikke leser UTF-8. Et navn med tegn utenfor Latin-1 sendes likevel i UTF-8, så det ikke blir feil.',
  'machineDicom.charset.utf8': 'UTF-8 (ISO_IR 192), anbefalt',
  'machineDicom.charset.latin1': 'Latin-1 (ISO_IR 100), for eldre maskiner',
  'machineDicom.current': 'Tegnsett i arbeidslisten: {charset}',
  'machineDicom.save': 'Lagre tegnsett',
  'machineDicom.saved': 'Tegnsettet for {name} er lagret.',
  'machineDicom.invalid': 'Tegnsettet støttes ikke. Velg UTF-8 eller Latin-1.',
} as const;

export const en: Record<keyof typeof nb, string> = {
  'machineDicom.aeTitle': 'AE title: {ae}',
  'machineDicom.charset': 'Worklist character set (DICOM)',
  'machineDicom.charset.help':
    'The character set the machine reads patient names and text in. Choose Latin-1 only for older machines that cannot read UTF-8. A name with characters outside Latin-1 is still sent in UTF-8, so it is not garbled.',
  'machineDicom.charset.utf8': 'UTF-8 (ISO_IR 192), recommended',
  'machineDicom.charset.latin1': 'Latin-1 (ISO_IR 100), for older machines',
  'machineDicom.current': 'Worklist character set: {charset}',
  'machineDicom.save': 'Save character set',
  'machineDicom.saved': 'The character set for {name} is saved.',
  'machineDicom.invalid': 'That character set is not supported. Choose UTF-8 or Latin-1.',
};
