// The DICOM door to scheduled exams. A modality is authorized by its registered AE title: it
// reads the steps of its own department (the departments under its site, or the institute it
// stands in). Each worklist query writes one access-log row naming every patient it returned
// (Normen / pasientjournalloven § 16), in the same transaction as the read.
import type { Kysely } from 'kysely';
import type { DB, StepStatus } from '../db/schema.ts';
import { logListAccess, type Actor } from '../audit/access-log.ts';
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
 * (action 'search', context 'dicom-mwl') per call. `queryKeys` names the keys used (no values,
 * so no personal data) for the log. Throws Forbidden for an AE title that is not registered.
 */
export async function readWorklistForModality(
  db: Kysely<DB>,
  door: ModalityDoor,
  narrowing: WorklistNarrowing,
  matches: (item: WorklistItem) => boolean,
  queryKeys: string[],
): Promise<WorklistItem[]> {
  return db.transaction().execute(async (trx) => {
    const machine = await modalityByAeTitle(trx, door.aeTitle);
    if (!machine) throw new Forbidden('Calling AE title is not a registered modality');
    const statuses = (narrowing.statuses ?? ['scheduled', 'in_progress']).filter((s): s is StepStatus => (STATUSES as readonly string[]).includes(s));
    const candidates = await worklistCandidates(trx, { ...narrowing, statuses, departmentIds: machine.departmentIds });
    const items = candidates.filter(matches);
    await logListAccess(trx, modalityActor(door, machine.departmentIds[0] ?? null), {
      patientIds: items.map((i) => i.patientKey),
      resourceType: 'ModalityWorklist',
      resourceId: queryKeys.join(',').slice(0, 500) || null,
      action: 'search',
      context: 'dicom-mwl',
    });
    return items;
  });
}
