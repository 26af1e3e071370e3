// Who is what to a LIS's training record, decided in one place (pure; the store gives the record's
// department and its ancestors). Rules (seed 004 and issue 13):
//  - the LIS sees their own record and registers their own progress;
//  - the supervisor (veileder) named in the record and the department's leaders see it all,
//    including suitability notes (egnethet, 2.1.7) — nobody else sees those, not the LIS;
//  - specialists of the department (a radiologist grant on the department or above it; nuclear
//    medicine specialists hold the same reading role) form the evaluation collegium: they see the
//    record, assess goals, and approve competence for exam types ("når det er enighet blant
//    overlegene", 2.1.5);
//  - leaders approve goals ("Læringsmålene blir godkjent av lederen", 2.1.3);
//  - a LIS never approves or assesses their own goals or competence, whatever other grants they hold.
import type { Principal } from '../auth/principal.ts';

export interface RecordKeys {
  lisPersonId: string;
  supervisorPersonId: string;
  /** The record's department and every organization above it. */
  orgAndAncestors: readonly string[];
}

export interface RecordRights {
  isLis: boolean;
  isSupervisor: boolean;
  isLeader: boolean;
  isSpecialist: boolean;
  view: boolean;
  registerActivity: boolean;
  assess: boolean;
  approveCompetence: boolean;
  suitability: boolean;
  planMeeting: boolean;
  /** Moves rotation dates in the individual plan (0205; seed 004, 2.1.3: revised with the LIS). */
  moveRotation: boolean;
  /** Changes the record's supervisor and start date (PATCH /api/training/records/:id): the department's leaders, never the LIS. */
  changeDetails: boolean;
}

const holds = (p: Principal, role: 'department_leader' | 'radiologist', orgs: readonly string[]) =>
  p.grants.some((g) => g.role === role && orgs.includes(g.organizationId));

/** The rights of `p` on a record. */
export function recordRights(p: Principal, r: RecordKeys): RecordRights {
  const isLis = p.personId === r.lisPersonId;
  const isSupervisor = !isLis && p.personId === r.supervisorPersonId;
  const isLeader = !isLis && holds(p, 'department_leader', r.orgAndAncestors);
  const isSpecialist = !isLis && holds(p, 'radiologist', r.orgAndAncestors);
  return {
    isLis,
    isSupervisor,
    isLeader,
    isSpecialist,
    view: isLis || isSupervisor || isLeader || isSpecialist,
    registerActivity: isLis || isSupervisor,
    assess: isLeader || isSpecialist,
    approveCompetence: isSpecialist,
    suitability: isSupervisor || isLeader,
    planMeeting: isSupervisor || isLeader,
    moveRotation: isSupervisor || isLeader,
    changeDetails: isLeader,
  };
}

/** May `p` lead / manage plans of a department (department_leader on it or above)? */
export const leadsDepartment = (p: Principal, orgAndAncestors: readonly string[]) => holds(p, 'department_leader', orgAndAncestors);
/** Is `p` a specialist of the department (radiologist grant on it or above)? */
export const specialistOf = (p: Principal, orgAndAncestors: readonly string[]) => holds(p, 'radiologist', orgAndAncestors);
