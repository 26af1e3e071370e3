// The DICOM door to scheduled exams. A modality is authorized by its registered AE title: it
// reads the steps of its own department (the departments under its site, or the institute it
// stands in). Each worklist query writes one access-log row naming every patient it returned
// (Normen / pasientjournalloven § 16), in the same transaction as the read.
import type { Kysely } from 'kysely';
import type { DB, StepStatus } from '../db/schema.ts';
import { logListAccess, type Actor } from '../audit/access-log.ts';
import { logRefusal, MAX_REFUSED_SEARCH_LOG, type Who } from '../access/gate.ts';
import { Forbidden } from '../http/errors.ts';
import { modalityByAeTitle, worklistCandidates } from './store.ts';
import type { WorklistItem } from './worklist-item.ts';

/** Who knocks at the DICOM door: the calling AE title and the peer address. */
export interface ModalityDoor {
  aeTitle: string;
  client: string | null;
}

/** Narrowing the store can do in SQL; the matcher decides the rest. All values exact. */
export interface WorklistNarrowing {
  stationAeTitle?: string;
  modality?: string;
  accessionNumber?: string;
  patientId?: string;
  /** The referral number (Placer Order Number). */
  referralNumber?: number;
  /** Inclusive YYYY-MM-DD bounds of the start date. */
  dateFrom?: string;
  dateTo?: string;
  /** Default: open steps (scheduled, in progress). */
  statuses?: string[];
}

const STATUSES: readonly StepStatus[] = ['scheduled', 'in_progress', 'completed', 'discontinued'];

/** What the DICOM door needs to know of a registered machine: the character set it reads. */
export interface RegisteredModality {
  /** Specific Character Set the machine reads (migration 0185): 'ISO_IR 192' (default) or 'ISO_IR 100'. */
  characterSet: 'ISO_IR 192' | 'ISO_IR 100';
}

/**
 * The DICOM door as the access gate sees it: the machine by its calling AE title, acting for its
 * (first) department; `departmentId` null when the AE title is not a registered, active machine.
 */
export function modalityWho(door: ModalityDoor, departmentId: string | null): Who {
  return { kind: 'modality', aeTitle: door.aeTitle, departmentId, ip: door.client };
}

/**
 * Logs a refused DICOM request through the access gate (gate.ts `logRefusal`): one access-log row,
 * outcome refused, with `reason`. For what is refused before any patient is involved — an unknown
 * calling AE title at association — `patientId` is null and `resourceId` names what was asked for.
 */
export async function logDicomRefusal(
  db: Kysely<DB>,
  door: ModalityDoor,
  reason: string,
  entry: { patientId?: string | null; resourceType: string; resourceId: string; action: 'read' | 'search' | 'create' | 'update'; context: string },
): Promise<void> {
  const machine = await modalityByAeTitle(db, door.aeTitle);
  await logRefusal(db, modalityWho(door, machine?.departmentIds[0] ?? null), reason, { ...entry, patientId: entry.patientId ?? null });
}

/** The registered, active machine with this AE title, or undefined (association control). */
export async function registeredModality(db: Kysely<DB>, aeTitle: string): Promise<RegisteredModality | undefined> {
  const m = await modalityByAeTitle(db, aeTitle);
  return m ? { characterSet: m.dicom_character_set } : undefined;
}

/** The access-log actor for a machine: named by its AE title, acting for its department. */
export function modalityActor(door: ModalityDoor, departmentId: string | null): Actor {
  return { userId: null, name: `DICOM-modalitet ${door.aeTitle}`, role: null, organizationId: departmentId, client: door.client };
}

/**
 * The worklist items a registered modality may read that `matches` accepts, in start order.
 * `narrowing` must only narrow to a superset of what `matches` accepts. Writes one access-log row
 * (action 'search', context 'dicom-mwl') per call, and a refused row (gate.ts `logRefusal`) for
 * what the query asked outside the machine's sites (see below). `queryKeys` names the keys used (no
 * values, so no personal data) for the log. Throws Forbidden for an AE title that is not registered
 * (the refusal's row is committed first).
 */
export async function readWorklistForModality(
  db: Kysely<DB>,
  door: ModalityDoor,
  narrowing: WorklistNarrowing,
  matches: (item: WorklistItem) => boolean,
  queryKeys: string[],
): Promise<WorklistItem[]> {
  const out = await db.transaction().execute(async (trx) => {
    const machine = await modalityByAeTitle(trx, door.aeTitle);
    if (!machine) {
      // Registered at association, gone since (deactivated): refused, and the refusal is kept.
      await logRefusal(trx, modalityWho(door, null), 'unregistered-modality', {
        patientId: null,
        resourceType: 'ModalityWorklist',
        resourceId: door.aeTitle,
        action: 'search',
        context: 'dicom-mwl',
      });
      return undefined;
    }
    const who = modalityWho(door, machine.departmentIds[0] ?? null);
    const statuses = (narrowing.statuses ?? ['scheduled', 'in_progress']).filter((s): s is StepStatus => (STATUSES as readonly string[]).includes(s));
    const candidates = await worklistCandidates(trx, { ...narrowing, statuses, departmentIds: machine.departmentIds });
    const items = candidates.filter(matches);
    // A query outside the machine's sites is refused (nothing of it is answered) and logged: a
    // station of another site named exactly, or — a probe — a patient, accession or referral number
    // whose steps lie only at other sites (one refused row per such step, as the FHIR search does).
    if (narrowing.stationAeTitle !== undefined && narrowing.stationAeTitle !== door.aeTitle) {
      const station = await modalityByAeTitle(trx, narrowing.stationAeTitle);
      if (station && !station.departmentIds.some((d) => machine.departmentIds.includes(d)))
        await logRefusal(trx, who, 'outside-modality-sites', {
          patientId: null,
          resourceType: 'ModalityWorklist',
          resourceId: `station:${narrowing.stationAeTitle}`,
          action: 'search',
          context: 'dicom-mwl',
        });
    }
    if (narrowing.patientId !== undefined || narrowing.accessionNumber !== undefined || narrowing.referralNumber !== undefined) {
      const elsewhere = (await worklistCandidates(trx, { ...narrowing, statuses, departmentIds: machine.departmentIds, outside: true })).filter(matches);
      for (const i of elsewhere.slice(0, MAX_REFUSED_SEARCH_LOG))
        await logRefusal(trx, who, 'outside-modality-sites', {
          patientId: i.patientKey,
          resourceType: 'ModalityWorklist',
          resourceId: i.accessionNumber || 'unknown',
          action: 'search',
          context: 'dicom-mwl',
        });
    }
    await logListAccess(trx, modalityActor(door, machine.departmentIds[0] ?? null), {
      patientIds: items.map((i) => i.patientKey),
      resourceType: 'ModalityWorklist',
      resourceId: queryKeys.join(',').slice(0, 500) || null,
      action: 'search',
      context: 'dicom-mwl',
    });
    return items;
  });
  if (!out) throw new Forbidden('Calling AE title is not a registered modality');
  return out;
}
