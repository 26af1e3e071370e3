// Messages of the training pages (specialist training of LIS: plans, goals, supervision,
// competence approvals) and the worklist's note on reporting without countersigning.
export const nb = {
  'trn.worklist.reportsAlone': 'Endelig uten kontrasignering',
};

export const en: Record<keyof typeof nb, string> = {
  'trn.worklist.reportsAlone': 'Final without countersigning',
};
