// The dcmtk `findscu` command line that fetches one machine's worklist for one day, as the demo
// prints it and the README shows it.

/** A ready-to-run findscu command for `aeTitle`'s worklist on `date` (YYYY-MM-DD). */
export function findscuCommand(o: { aeTitle: string; calledAe: string; host: string; port: number; date: string }): string {
  const day = o.date.replaceAll('-', '');
  const keys = [
    '(0008,0005)=ISO_IR 192',
    '(0008,0050)',
    '(0010,0010)',
    '(0010,0020)',
    '(0020,000d)',
    '(0032,1060)',
    '(0040,1001)',
    `(0040,0100)[0].(0040,0001)=${o.aeTitle}`,
    `(0040,0100)[0].(0040,0002)=${day}`,
    '(0040,0100)[0].(0040,0003)',
    '(0040,0100)[0].(0008,0060)',
    '(0040,0100)[0].(0040,0009)',
  ];
  return `findscu -v -W -aet ${o.aeTitle} -aec ${o.calledAe} ${o.host} ${o.port} ${keys.map((k) => `-k "${k}"`).join(' ')}`;
}
