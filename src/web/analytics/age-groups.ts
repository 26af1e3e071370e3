// The filters' age groups and their names: shared with the server's CSV title lines (src/shared/age-groups.ts).
export { AGE_GROUPS, ageGroupLabel } from '../../shared/age-groups.ts';
