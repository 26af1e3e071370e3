// Versions of training plans (migration 0205): the snapshot a version keeps, and what changed
// between two versions, as facts the pages put in plain words (rotation moved, goals added or
// removed, …). Pure; used by the server (compare endpoints) and tested beside it.

/** One rotation as a version keeps it. Dates and move reason only in an individual plan. */
export interface SnapshotRotation {
  id: string;
  fromYears: number;
  toYears: number;
  trust: string;
  hospital: string;
  section: string;
  external: boolean;
  goalNumbers: number[];
  /** Individual plan: the LIS's dates (YYYY-MM-DD). */
  plannedStart?: string;
  plannedEnd?: string;
  /** Individual plan: why the dates differ from the department plan's, or null when they follow it. */
  movedReason?: string | null;
}

/** The whole plan as it stood in one version. `startDate` and `supervisor` only in an individual plan. */
export interface PlanSnapshot {
  name: string;
  source: string | null;
  startDate?: string;
  supervisor?: string;
  rotations: SnapshotRotation[];
}

/** Where and when a rotation is, as a change names it. */
export interface RotationRef {
  trust: string;
  hospital: string;
  section: string;
  fromYears: number;
  toYears: number;
}

/** One difference between two versions. Goal lists are sorted numbers. */
export type PlanChange =
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'source-changed'; from: string | null; to: string | null }
  | { kind: 'supervisor-changed'; from: string; to: string }
  | { kind: 'start-moved'; from: string; to: string }
  | { kind: 'rotation-added'; rotation: RotationRef; goals: number[] }
  | { kind: 'rotation-removed'; rotation: RotationRef; goals: number[] }
  | { kind: 'rotation-years'; rotation: RotationRef; fromYears: [number, number]; toYears: [number, number] }
  | { kind: 'rotation-place'; rotation: RotationRef; from: Omit<RotationRef, 'fromYears' | 'toYears'> }
  | { kind: 'rotation-external'; rotation: RotationRef; external: boolean }
  | { kind: 'goals-added'; rotation: RotationRef; goals: number[] }
  | { kind: 'goals-removed'; rotation: RotationRef; goals: number[] }
  | { kind: 'rotation-dates'; rotation: RotationRef; from: [string, string]; to: [string, string]; reason: string | null };

const ref = (r: SnapshotRotation): RotationRef => ({ trust: r.trust, hospital: r.hospital, section: r.section, fromYears: r.fromYears, toYears: r.toYears });
const minus = (a: readonly number[], b: readonly number[]) => {
  const s = new Set(b);
  return [...new Set(a)].filter((x) => !s.has(x)).sort((x, y) => x - y);
};

/**
 * What changed from version `a` to version `b` of a plan (department or individual). Rotations are
 * matched by id (an edited rotation keeps its id; a rotation left out of an edit is removed and a
 * new one gets a new id). Order of the result: the plan's own fields, then rotations in `b`'s order,
 * then the removed ones in `a`'s order. No change → an empty list.
 */
export function comparePlans(a: PlanSnapshot, b: PlanSnapshot): PlanChange[] {
  const out: PlanChange[] = [];
  if (a.name !== b.name) out.push({ kind: 'renamed', from: a.name, to: b.name });
  if ((a.source ?? null) !== (b.source ?? null)) out.push({ kind: 'source-changed', from: a.source ?? null, to: b.source ?? null });
  if (a.supervisor !== undefined && b.supervisor !== undefined && a.supervisor !== b.supervisor)
    out.push({ kind: 'supervisor-changed', from: a.supervisor, to: b.supervisor });
  if (a.startDate !== undefined && b.startDate !== undefined && a.startDate !== b.startDate)
    out.push({ kind: 'start-moved', from: a.startDate, to: b.startDate });
  const before = new Map(a.rotations.map((r) => [r.id, r]));
  for (const r of b.rotations) {
    const o = before.get(r.id);
    if (!o) {
      out.push({ kind: 'rotation-added', rotation: ref(r), goals: [...r.goalNumbers].sort((x, y) => x - y) });
      continue;
    }
    if (o.trust !== r.trust || o.hospital !== r.hospital || o.section !== r.section)
      out.push({ kind: 'rotation-place', rotation: ref(r), from: { trust: o.trust, hospital: o.hospital, section: o.section } });
    if (o.fromYears !== r.fromYears || o.toYears !== r.toYears)
      out.push({ kind: 'rotation-years', rotation: ref(r), fromYears: [o.fromYears, o.toYears], toYears: [r.fromYears, r.toYears] });
    if (o.external !== r.external) out.push({ kind: 'rotation-external', rotation: ref(r), external: r.external });
    const added = minus(r.goalNumbers, o.goalNumbers);
    const removed = minus(o.goalNumbers, r.goalNumbers);
    if (added.length) out.push({ kind: 'goals-added', rotation: ref(r), goals: added });
    if (removed.length) out.push({ kind: 'goals-removed', rotation: ref(r), goals: removed });
    if (
      o.plannedStart !== undefined &&
      r.plannedStart !== undefined &&
      o.plannedEnd !== undefined &&
      r.plannedEnd !== undefined &&
      (o.plannedStart !== r.plannedStart || o.plannedEnd !== r.plannedEnd)
    )
      out.push({
        kind: 'rotation-dates',
        rotation: ref(r),
        from: [o.plannedStart, o.plannedEnd],
        to: [r.plannedStart, r.plannedEnd],
        reason: r.movedReason ?? null,
      });
  }
  const kept = new Set(b.rotations.map((r) => r.id));
  for (const r of a.rotations) if (!kept.has(r.id)) out.push({ kind: 'rotation-removed', rotation: ref(r), goals: [...r.goalNumbers].sort((x, y) => x - y) });
  return out;
}

/**
 * Where a rotation takes place, as people read it: trust, hospital and section, each once (the
 * plan's table often names the same place as trust and hospital, "OUS · OUS"), blanks left out.
 */
export function rotationPlace(r: { trust: string; hospital: string; section: string }): string {
  const parts: string[] = [];
  for (const p of [r.trust, r.hospital, r.section].map((x) => x.trim())) if (p && !parts.includes(p)) parts.push(p);
  return parts.join(' · ');
}
