// /api/directory: organizations, areas, machines, exam catalogue (server routes:
// src/server/directory/routes.ts). Field names are the database's (snake_case).
import { Type, type Static } from 'typebox';
import { ROLES } from '../roles.ts';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

export const ORGANIZATION_KINDS = [
  'rhf',
  'hf',
  'site',
  'department',
  'private_hospital',
  'private_institute',
  'gp_practice',
  'specialist_practice',
  'network',
] as const;
export const OrganizationKind = Type.Enum(ORGANIZATION_KINDS);

export const OrganizationsQuery = Type.Object({
  kind: Type.Optional(OrganizationKind),
  parent: Type.Optional(Type.String({ maxLength: 100 })),
  region: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const Organization = Type.Object({
  id: Type.String(),
  kind: OrganizationKind,
  name: Type.String(),
  short_name: Nullable(Type.String()),
  parent_id: Nullable(Type.String()),
  region_id: Nullable(Type.String()),
  area_id: Nullable(Type.String()),
  municipality_number: Nullable(Type.String()),
  /** Enhetsregisteret organization number (9 digits). */
  org_number: Nullable(Type.String()),
  /** Besøksadresse of a site (printed on patient letters). */
  visiting_address: Nullable(Type.String()),
  active: Type.Boolean(),
});
export type Organization = Static<typeof Organization>;
export const Organizations = Type.Array(Organization);

/** A machine (modality) at a site; kind is the DICOM modality code (CT, MR, PT …). */
export const Modality = Type.Object({
  id: Type.String(),
  site_org_id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  /** DICOM Application Entity title. */
  ae_title: Type.String(),
  /** Opening hours per weekday, e.g. { "mon": ["07:30", "15:30"] }; a missing day is closed. */
  opening_hours: Type.Record(Type.String(), Type.Array(Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }), { minItems: 2, maxItems: 2 })),
  shifts: Type.Integer(),
  active: Type.Boolean(),
});
export type Modality = Static<typeof Modality>;

/** A purchase agreement between a health trust (or RHF) and a private provider. */
export const PurchaseAgreement = Type.Object({
  id: Type.String(),
  buyer_org_id: Type.String(),
  buyer_name: Type.String(),
  provider_org_id: Type.String(),
  provider_name: Type.String(),
  modalities: Type.Array(Type.String()),
  annual_volume: Nullable(Type.Integer()),
  valid_from: CalendarDate,
  valid_to: Nullable(CalendarDate),
});

export const OrganizationDetail = Type.Object({
  ...Organization.properties,
  children: Organizations,
  modalities: Type.Array(Modality),
  agreements: Type.Array(PurchaseAgreement),
});
export type OrganizationDetail = Static<typeof OrganizationDetail>;

export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });

/** A hospital referral area (opptaksområde) with its population in the year asked for. */
export const Area = Type.Object({
  id: Type.String(),
  name: Type.String(),
  region_id: Type.String(),
  region_name: Type.String(),
  population: Type.Integer(),
});
export type Area = Static<typeof Area>;
export const Areas = Type.Array(Area);

export const AgeSexPopulation = Type.Object({ sex: Type.Union([Type.Literal('M'), Type.Literal('F')]), age_from: Type.Integer(), population: Type.Integer() });
export type AgeSexPopulation = Static<typeof AgeSexPopulation>;
export const Municipality = Type.Object({ number: Type.String(), name: Type.String(), area_id: Type.String(), population: Type.Integer() });

/** An area with its population by sex and 5-year age band (age_from) and its municipalities. */
export const AreaDetail = Type.Object({
  id: Type.String(),
  name: Type.String(),
  region_id: Type.String(),
  region_name: Type.String(),
  year: Type.Integer(),
  population: Type.Array(AgeSexPopulation),
  municipalities: Type.Array(Municipality),
});
export type AreaDetail = Static<typeof AreaDetail>;

export const ExamCodesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

/** An NCRP exam code (Norsk klassifikasjon av radiologiske prosedyrer). */
export const ExamCode = Type.Object({
  code: Type.String(),
  name: Type.String(),
  name_en: Nullable(Type.String()),
  modality: Type.String(),
  body_part: Type.String(),
  /** True when checked against the published NCRP list. */
  verified: Type.Boolean(),
  source: Nullable(Type.String()),
});
export type ExamCode = Static<typeof ExamCode>;
export const ExamCodes = Type.Array(ExamCode);

// ---- /api/patients (server: src/server/directory/routes.ts; every read is access-logged) ----

/** A patient as the app shows it (directory/patients.ts presentPatient). */
export const Patient = Type.Object({
  id: Type.String(),
  /** Fødselsnummer or D-number (11 digits). */
  fnr: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  birthDate: CalendarDate,
  /** Whole years today. */
  age: Type.Integer(),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
  municipalityNumber: Type.String(),
  municipalityName: Type.String(),
  /** Hospital referral area (opptaksområde) of the municipality. */
  areaId: Type.String(),
});
export type Patient = Static<typeof Patient>;
export const Patients = Type.Array(Patient);

// ---- /api/admin (server: src/server/auth/admin-routes.ts) ----

const Role = Type.Enum(ROLES);
const RoleGrantView = Type.Object({ role: Role, organizationId: Type.String(), organizationName: Type.String() });

/** A user account an administrator manages (auth/store.ts listUsers). */
export const ManagedUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  active: Type.Boolean(),
  /** Locked after repeated failed logins (until an administrator unlocks or the lock expires). */
  locked: Type.Boolean(),
  personId: Type.String(),
  name: Type.String(),
  hprNumber: Nullable(Type.String()),
  profession: Type.String(),
  referrerKind: Nullable(Type.String()),
  grants: Type.Array(RoleGrantView),
});
export type ManagedUser = Static<typeof ManagedUser>;
export const ManagedUsers = Type.Array(ManagedUser);

/** The id of what was created. */
export const Created = Type.Object({ id: Type.String() });

/** A trusted CDS client (CDS Hooks 2.0 §Trusting CDS Clients): a record system and its public keys. */
export const CdsClient = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The `iss` of the client's JWTs. */
  issuer: Type.String(),
  organizationId: Type.String(),
  /** The client's public keys as a JWK Set (public members only), or null when jwksUrl is used. */
  jwks: Nullable(Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: true })),
  jwksUrl: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.Optional(Type.String()),
});
export type CdsClient = Static<typeof CdsClient>;
export const CdsClients = Type.Array(CdsClient);

/** A covering arrangement in a practice: who may see whose referrals (access gate). Null person: everyone in the practice. */
export const ReferralCover = Type.Object({
  id: Type.String(),
  organization_id: Type.String(),
  covering_person_id: Nullable(Type.String()),
  covered_person_id: Nullable(Type.String()),
  valid_from: Timestamp,
  valid_to: Nullable(Timestamp),
  created_by: Nullable(Type.String()),
  created_at: Timestamp,
});
export type ReferralCover = Static<typeof ReferralCover>;
export const ReferralCovers = Type.Array(ReferralCover);
