// Where a booked exam takes place, in words: the machine and the site, each named once. Machine
// names in a directory often carry the site's name already ("CT 1 Haukeland universitetssjukehus"
// at Haukeland universitetssjukehus); the confirmation on the page and the letter's PDF name the
// site on its own, so the machine is shown without it. Pure; used by the web app and the server.

/**
 * The machine's name without the site's name in it ("CT 1 Haukeland universitetssjukehus" at
 * "Haukeland universitetssjukehus" → "CT 1"); compared without regard to case, the site's name
 * removed where it starts or ends the machine's name, with the spaces, commas and dashes around it.
 * A machine named only by the site, or a name not containing it, is returned as given (trimmed).
 */
export function machineLabel(machineName: string, siteName: string): string {
  const m = machineName.trim();
  const s = siteName.trim();
  if (s === '' || m.length <= s.length) return m;
  const lower = m.toLocaleLowerCase('nb');
  const site = s.toLocaleLowerCase('nb');
  const rest = lower.endsWith(site) ? m.slice(0, m.length - s.length) : lower.startsWith(site) ? m.slice(s.length) : null;
  const cut = rest?.replace(/^[\s,–-]+|[\s,–-]+$/g, '') ?? '';
  return cut === '' ? m : cut;
}

/** "CT 1, Haukeland universitetssjukehus": the machine (without the site's name) and the site, each once. */
export function placeLabel(machineName: string, siteName: string): string {
  const machine = machineLabel(machineName, siteName);
  return machine === siteName.trim() || siteName.trim() === '' ? machine : `${machine}, ${siteName.trim()}`;
}
