import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { recordRights } from './access.ts';
import { addYears, completeGroups, currentRotation, goalState, isAwaitingAssessment, isOverdue, plannedRotation, rotationDates } from './progress.ts';

describe('individual plan dates', () => {
  it('adds the plan years (whole months) to the start date, clamping month ends', () => {
    expect(addYears('2024-01-15', 3.5)).toBe('2027-07-15');
    expect(addYears('2024-01-31', 0.5)).toBe('2024-07-31');
    expect(addYears('2023-08-31', 0.5)).toBe('2024-02-29');
    expect(rotationDates('2024-09-01', { fromYears: 4.5, toYears: 5 })).toEqual({ plannedStart: '2029-03-01', plannedEnd: '2029-09-01' });
  });
});

describe('goal state, deadline and groups', () => {
  const rots = [
    { id: 'a', fromYears: 0, toYears: 1, goalNumbers: [1, 2, 69], plannedStart: '2024-01-01', plannedEnd: '2025-01-01' },
    { id: 'b', fromYears: 1, toYears: 3.5, goalNumbers: [69, 70], plannedStart: '2025-01-01', plannedEnd: '2027-07-01' },
    { id: 'c', fromYears: 3.5, toYears: 4, goalNumbers: [], plannedStart: '2027-07-01', plannedEnd: '2028-01-01' },
  ];
  it('the newest assessment decides, then completion, then activity', () => {
    expect(goalState({ activityCount: 0, completed: false, assessment: null })).toBe('not_started');
    expect(goalState({ activityCount: 3, completed: false, assessment: null })).toBe('in_progress');
    expect(goalState({ activityCount: 3, completed: true, assessment: null })).toBe('completed');
    expect(goalState({ activityCount: 3, completed: true, assessment: 'not_yet' })).toBe('not_yet');
    expect(goalState({ activityCount: 0, completed: false, assessment: 'approved' })).toBe('approved');
  });
  it('a goal listed in two periods is due at the later end; overdue only when not approved after that end', () => {
    expect(plannedRotation(rots, 69)?.id).toBe('b');
    expect(plannedRotation(rots, 1)?.id).toBe('a');
    expect(plannedRotation(rots, 99)).toBeNull();
    // Sent for assessment: waiting for the collegium, not the LIS being late (breakit18 tester).
    expect(isOverdue('completed', '2025-01-01', '2025-01-02')).toBe(false);
    expect(isAwaitingAssessment('completed')).toBe(true);
    for (const s of ['not_started', 'in_progress', 'not_yet', 'approved'] as const) expect(isAwaitingAssessment(s)).toBe(false);
    // Assessed "not yet": the LIS's turn again, so late after the rotation's end.
    expect(isOverdue('not_yet', '2025-01-01', '2025-01-02')).toBe(true);
    expect(isOverdue('not_started', '2025-01-01', '2025-01-02')).toBe(true);
    expect(isOverdue('approved', '2025-01-01', '2025-01-02')).toBe(false);
    expect(isOverdue('in_progress', '2025-01-01', '2025-01-01')).toBe(false);
    expect(isOverdue('not_started', null, '2030-01-01')).toBe(false);
  });
  it('a group is complete when all its goals are met; an empty rotation is no group', () => {
    expect(completeGroups(rots, new Set([1, 2]))).toEqual([]);
    expect(completeGroups(rots, new Set([1, 2, 69]))).toEqual(['a']);
    expect(completeGroups(rots, new Set([1, 2, 69, 70]))).toEqual(['a', 'b']);
  });
  it('the current rotation', () => {
    expect(currentRotation(rots, '2025-01-01')?.id).toBe('b');
    expect(currentRotation(rots, '2030-01-01')).toBeNull();
  });
});

describe('record rights', () => {
  const p = (personId: string, grants: [string, string][]): Principal => ({
    userId: 'u',
    personId,
    username: 'x',
    name: 'x',
    hprNumber: null,
    referrerKind: null,
    locale: 'nb',
    csrfToken: '',
    grants: grants.map(([role, organizationId]) => ({ role: role as never, organizationId, organizationName: '' })),
  });
  const rec = { lisPersonId: 'lis', supervisorPersonId: 'sup', orgAndAncestors: ['dept', 'site', 'hf'] };
  it('a LIS never assesses or approves themself, whatever grants they hold', () => {
    const r = recordRights(
      p('lis', [
        ['lis', 'dept'],
        ['radiologist', 'dept'],
        ['department_leader', 'dept'],
      ]),
      rec,
    );
    expect(r).toMatchObject({ view: true, registerActivity: true, assess: false, approveCompetence: false, suitability: false, planMeeting: false });
  });
  it('specialists of the department or above approve competence; leaders assess; only supervisor and leader see suitability', () => {
    expect(recordRights(p('s2', [['radiologist', 'hf']]), rec)).toMatchObject({ approveCompetence: true, assess: true, suitability: false });
    expect(recordRights(p('l', [['department_leader', 'dept']]), rec)).toMatchObject({ approveCompetence: false, assess: true, suitability: true });
    expect(recordRights(p('sup', [['radiologist', 'dept']]), rec)).toMatchObject({ approveCompetence: true, suitability: true, planMeeting: true });
    expect(recordRights(p('o', [['radiologist', 'other']]), rec).view).toBe(false);
    expect(recordRights(p('o', [['department_leader', 'other-dept']]), rec).view).toBe(false);
  });
});
