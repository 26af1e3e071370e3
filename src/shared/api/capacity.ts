// /api/capacity: capacity planning to 2040 (issue 12) — demand projection, staff need by
// profession, levers as phased scenarios, on-call cost, the equipment fleet, saved scenarios
// shared within a region, CSV and PDF. Server routes: src/server/capacity/routes.ts.
// Aggregates only: no patient data.
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from './common.ts';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' });
/** A percentage 0–100 (anything outside is refused with 400). */
const Percent = Type.Number({ minimum: 0, maximum: 100 });
const Fte = Type.Number({ minimum: 0, maximum: 100000 });

export const CAPACITY_PROFESSIONS = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer'] as const;
const ByProfession = <T extends ReturnType<typeof Type.Number>>(t: T) =>
  Type.Object(
    { radiologist: Type.Optional(t), lis: Type.Optional(t), radiographer: Type.Optional(t), reporting_radiographer: Type.Optional(t) },
    { additionalProperties: false },
  );
const ProfessionValues = Type.Object({ radiologist: Type.Number(), lis: Type.Number(), radiographer: Type.Number(), reporting_radiographer: Type.Number() });
export type ProfessionValues = Static<typeof ProfessionValues>;

const Phase = { fromYear: Year, toYear: Year };
/** A lever phased in linearly: no effect up to fromYear, the full percent from toYear. */
export const PhasedLever = Type.Object({ percent: Percent, ...Phase }, { additionalProperties: false });
export const PhasedByProfession = Type.Object({ percent: ByProfession(Percent), ...Phase }, { additionalProperties: false });
/** Percent per exam type (modality, e.g. "MR"). */
export const PhasedByExamType = Type.Object(
  { percent: Type.Record(Type.String({ pattern: '^[A-Za-z]{2,3}$' }), Percent), ...Phase },
  { additionalProperties: false },
);

export const Levers = Type.Object(
  {
    /** Less overuse: fewer exams per exam type. */
    overuse: Type.Optional(PhasedByExamType),
    /** AI: less reading time (radiologist, LIS, reporting radiographer). */
    ai: Type.Optional(PhasedLever),
    /** Better equipment: less exam time (radiographer, machine). */
    equipment: Type.Optional(PhasedLever),
    /** Task sharing: radiologist minutes moved to reporting radiographers. */
    taskShift: Type.Optional(PhasedLever),
    /** Task sharing out of the professions (to other staff groups), per profession. */
    taskOffload: Type.Optional(PhasedByProfession),
    /** A combined workload reduction per profession, as a plan states it. */
    workload: Type.Optional(PhasedByProfession),
    /** Evening shifts: more machine hours per machine. */
    eveningShifts: Type.Optional(PhasedLever),
  },
  { additionalProperties: false },
);
export type Levers = Static<typeof Levers>;

export const ScenarioParams = Type.Object(
  {
    /** Where: all of Norway, a health region (e.g. "vest"), or a referral area (e.g. "bergen"; one per trust). */
    scope: Type.Union([Type.Literal('country'), Type.Literal('region'), Type.Literal('area')]),
    scopeId: Type.Optional(Id),
    /** Planning horizon (default 2040). */
    targetYear: Type.Optional(Year),
    /**
     * Demand: "population" = Radvis' use per 10,000 × the population projection; "stated" = a
     * growth percentage by a year, as a plan states it (needs `staff`).
     */
    demand: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('population') }, { additionalProperties: false }),
        Type.Object(
          { kind: Type.Literal('stated'), growthPercent: Type.Number({ minimum: -50, maximum: 300 }), byYear: Year, baseYear: Year },
          { additionalProperties: false },
        ),
      ]),
    ),
    /** Today's staff in FTE (default: the base-year need from the exam mix). */
    staff: Type.Optional(ByProfession(Fte)),
    /** Minutes per exam by exam type (default content/capacity/exam-minutes.csv). */
    minutes: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z]{2,3}$' }),
        Type.Object(
          {
            radiologist: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
            lis: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
            radiographer: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
            reporting_radiographer: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
            machine: Type.Optional(Type.Number({ minimum: 0, maximum: 600 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    /** Productive hours per FTE and year (default content/capacity/staffing.csv). */
    hoursPerFte: Type.Optional(ByProfession(Type.Number({ minimum: 100, maximum: 3000 }))),
    levers: Type.Optional(Levers),
  },
  { additionalProperties: false },
);
export type ScenarioParams = Static<typeof ScenarioParams>;

export const ScenarioYear = Type.Object({
  year: Type.Integer(),
  exams: Type.Record(Type.String(), Type.Number()),
  need: ProfessionValues,
  gap: ProfessionValues,
  /** The same year without any lever (the band's other edge). */
  needWithoutMeasures: ProfessionValues,
  machinesNeeded: Type.Record(Type.String(), Type.Number()),
  capacityIndex: Type.Number(),
});
export type ScenarioYear = Static<typeof ScenarioYear>;

export const ScenarioResult = Type.Object({
  scopeName: Type.String(),
  baseYear: Type.Integer(),
  targetYear: Type.Integer(),
  examTypes: Type.Array(Type.String()),
  staff: ProfessionValues,
  baseNeed: ProfessionValues,
  machines: Type.Record(Type.String(), Type.Number()),
  years: Type.Array(ScenarioYear),
  /** Where the numbers come from, for the page and the PDF. */
  basis: Type.Object({
    demand: Type.Union([Type.Literal('population'), Type.Literal('stated')]),
    /** Year of the exam data the use per 10,000 comes from (population demand). */
    rateYear: Nullable(Type.Integer()),
    projection: Type.Union([Type.Literal('synthetic'), Type.Literal('imported'), Type.Literal('none')]),
    projectionLabel: Nullable(Type.String()),
    /**
     * Where the use per 10,000 comes from (population demand): Radvis' own exams, an imported
     * table (POST use-rates) for every area of the scenario, or both ("mixed": some areas each);
     * 'none' for a stated growth. `useRatesLabel` names the imported table.
     */
    useRates: Type.Union([Type.Literal('radvis'), Type.Literal('imported'), Type.Literal('mixed'), Type.Literal('none')]),
    useRatesLabel: Nullable(Type.String()),
    /**
     * Areas of the scenario with no use per 10,000 from either source (population demand): they
     * count as no exams, so the totals cover only the other areas. Names, for the reader.
     */
    areasWithoutRates: Type.Array(Type.String()),
    /** How many areas the scenario covers. */
    areaCount: Type.Integer(),
    /** Exam types with exams but no minutes (carry no workload). */
    unpriced: Type.Array(Type.String()),
    hoursPerFte: ProfessionValues,
  }),
});
export type ScenarioResult = Static<typeof ScenarioResult>;

export const SaveScenario = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    /** Region the scenario is shared in (default: the caller's region; an analyst's scenario over all of Norway without one is national, analysts only). */
    regionId: Type.Optional(Id),
    params: ScenarioParams,
    /** When updating: the version read (409 if someone saved in between). */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type SaveScenario = Static<typeof SaveScenario>;

export const Scenario = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The region it is shared in; null for a national scenario (all of Norway), which only analysts see. */
  regionId: Type.Union([Type.String(), Type.Null()]),
  regionName: Type.Union([Type.String(), Type.Null()]),
  /** A national scenario: seen and opened by analysts only ("Kun analytikere"). */
  analystsOnly: Type.Boolean(),
  params: ScenarioParams,
  createdBy: Type.String(),
  updatedAt: Timestamp,
  version: Type.Integer(),
  editable: Type.Boolean(),
});
export type Scenario = Static<typeof Scenario>;
export const Scenarios = Type.Array(Scenario);
export const ScenarioIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const FormatQuery = Type.Object({ format: Type.Optional(Type.Literal('csv')) }, { additionalProperties: false });

/** GET /api/capacity/scenarios/compare: two to four saved scenarios of the caller's region(s), by id. */
export const MAX_COMPARED_SCENARIOS = 4;
export const CompareQuery = Type.Object(
  {
    /** Two to four saved scenario ids, comma-separated (400 otherwise; 404 for one the caller may not see). */
    ids: Type.String({ minLength: 1, maxLength: 1000 }),
    format: Type.Optional(Type.Literal('csv')),
  },
  { additionalProperties: false },
);
/** Query of GET /api/capacity/scenarios/compare/report.pdf: the same ids as the comparison. */
export const CompareReportQuery = Type.Object(
  {
    /** Two to four saved scenario ids, comma-separated (400 otherwise; 404 for one the caller may not see). */
    ids: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
/**
 * Base data two scenarios can differ in, which make their "without measures" lines differ: the
 * areas, the base year, the demand (population or a stated growth), where the use per 10,000 comes
 * from, minutes per exam, productive hours per FTE, and today's FTE when a stated growth starts from them.
 */
export const BaseAspect = Type.Union([
  Type.Literal('area'),
  Type.Literal('baseYear'),
  Type.Literal('demand'),
  Type.Literal('useRates'),
  Type.Literal('minutes'),
  Type.Literal('hoursPerFte'),
  Type.Literal('staff'),
]);
export type BaseAspect = Static<typeof BaseAspect>;
export const ScenarioComparison = Type.Object({
  /** The scenarios in the order asked, each with its own result (the same as GET scenarios/{id}/result). */
  scenarios: Type.Array(Type.Object({ scenario: Scenario, result: ScenarioResult })),
  /** True when the scenarios share their base data, so one line "without measures" holds for all. */
  sameBase: Type.Boolean(),
  /** What differs in the base data (empty when sameBase). */
  baseDifferences: Type.Array(BaseAspect),
  /** The shared need without measures per year over all the scenarios' years (sameBase); null otherwise (each result has its own). */
  withoutMeasures: Nullable(Type.Array(Type.Object({ year: Type.Integer(), need: ProfessionValues }))),
  /** The scenarios' target years, ascending (one table each). */
  targetYears: Type.Array(Type.Integer()),
});
export type ScenarioComparison = Static<typeof ScenarioComparison>;

export const ProjectionImport = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    /** The CSV text as StatBank exports it (docs/capacity.md lists the columns). */
    csv: Type.String({ minLength: 1, maxLength: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);
export const ProjectionImportResult = Type.Object({
  importId: Type.String(),
  rows: Type.Integer(),
  cells: Type.Integer(),
  areas: Type.Array(Type.String()),
  years: Type.Array(Type.Integer()),
  alternative: Nullable(Type.String()),
});

/** POST /api/capacity/use-rates: a table of use per 10,000 (use-rate-csv.ts documents the columns). */
export const UseRateImport = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    csv: Type.String({ minLength: 1, maxLength: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);
export const UseRateImportResult = Type.Object({
  importId: Type.String(),
  rows: Type.Integer(),
  year: Type.Integer(),
  areas: Type.Array(Type.String()),
  examTypes: Type.Array(Type.String()),
});
export type UseRateImportResult = Static<typeof UseRateImportResult>;

export const OnCallRequest = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { label: Type.String({ minLength: 1, maxLength: 200 }), fteChange: Type.Number({ minimum: -1000, maximum: 1000 }) },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        maxItems: 100,
      },
    ),
    costPerFteNok: Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type OnCallRequest = Static<typeof OnCallRequest>;
export const OnCallResult = Type.Object({ netFte: Type.Number(), annualCostChangeNok: Type.Number(), annualSavingNok: Type.Number() });

export const CapacityMeta = Type.Object({
  regions: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  areas: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), regionId: Type.String() })),
  /** Regions the caller may save scenarios in. */
  editableRegions: Type.Array(Type.String()),
  /** Whether the caller may import a projection (analyst). */
  mayImport: Type.Boolean(),
  examTypes: Type.Array(Type.String()),
  defaults: Type.Object({
    targetYear: Type.Integer(),
    hoursPerFte: ProfessionValues,
    minutes: Type.Record(
      Type.String(),
      Type.Object({
        radiologist: Type.Number(),
        lis: Type.Number(),
        radiographer: Type.Number(),
        reporting_radiographer: Type.Number(),
        machine: Type.Number(),
      }),
    ),
    /** Default overuse percent per exam type: the low-value share the analytics measure. */
    overuse: Type.Record(Type.String(), Type.Number()),
    /** The exam types a low-value indicator measured (the others' 0 is "not measured", not "none"). */
    overuseMeasured: Type.Array(Type.String()),
  }),
  projection: Type.Object({ kind: Type.Union([Type.Literal('synthetic'), Type.Literal('imported')]), label: Type.String(), importedAt: Nullable(Timestamp) }),
  /** Imported use rates in force (null: Radvis' own exams for every area); `areas` are the area ids the table covers. */
  useRates: Nullable(Type.Object({ label: Type.String(), year: Type.Integer(), importedAt: Timestamp, areas: Type.Array(Type.String()) })),
  presets: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), params: ScenarioParams })),
  onCallCase: Type.Object({ name: Type.String(), request: OnCallRequest }),
});
export type CapacityMeta = Static<typeof CapacityMeta>;

export const FleetQuery = Type.Object(
  { region: Type.Optional(Id), horizon: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), format: Type.Optional(Type.Literal('csv')) },
  { additionalProperties: false },
);
export const FleetMachine = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  siteName: Type.String(),
  installedYear: Nullable(Type.Integer()),
  lifetimeYears: Type.Integer(),
  replacementYear: Nullable(Type.Integer()),
  replacementCostNok: Type.Number(),
  /** Booked or performed exam minutes / open minutes in the last 12 months (0–1+), null without open hours. */
  utilization: Nullable(Type.Number()),
  risk: Type.Array(Type.Union([Type.Literal('age'), Type.Literal('utilization'), Type.Literal('unknown-age')])),
  editable: Type.Boolean(),
});
export const FleetResponse = Type.Object({
  machines: Type.Array(FleetMachine),
  plan: Type.Array(
    Type.Object({ year: Type.Integer(), machines: Type.Integer(), investmentNok: Type.Number(), byKind: Type.Record(Type.String(), Type.Integer()) }),
  ),
  utilizationThreshold: Type.Number(),
  /** The region shown, by name; null: every region (an analyst's national view). */
  regionName: Nullable(Type.String()),
  /** The plan's years: this year to the horizon. */
  period: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
});
export type FleetResponse = Static<typeof FleetResponse>;
export const SaveEquipment = Type.Object(
  {
    installedYear: Type.Integer({ minimum: 1970, maximum: 2100 }),
    lifetimeYears: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 40 }))),
    replacementCostNok: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  },
  { additionalProperties: false },
);
export const MachineIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
