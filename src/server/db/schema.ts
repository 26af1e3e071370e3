// Table types for Kysely, kept by hand in step with migrations/ (a test compares them with the
// live schema's columns, so a drift fails the suite).
import type { ColumnType, Generated } from 'kysely';
import type { Profession, ReferrerKind, Role } from '../../shared/roles.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type NullableDateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A JSON column with a database default. */
type GeneratedJson = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface RegionTable {
  id: string;
  name: string;
}
export interface HospitalAreaTable {
  id: string;
  name: string;
  region_id: string;
}
export interface AreaPopulationTable {
  area_id: string;
  year: number;
  sex: 'M' | 'F';
  age_from: number;
  population: number;
}
export interface MunicipalityTable {
  number: string;
  name: string;
  area_id: string;
  population: Generated<number>;
}

export type OrganizationKind =
  'rhf' | 'hf' | 'site' | 'department' | 'private_hospital' | 'private_institute' | 'gp_practice' | 'specialist_practice' | 'network';
export interface OrganizationTable {
  id: string;
  kind: OrganizationKind;
  name: string;
  short_name: string | null;
  parent_id: string | null;
  region_id: string | null;
  area_id: string | null;
  municipality_number: string | null;
  org_number: string | null;
  /** Besøksadresse of a site, printed on patient letters (migration 0176). */
  visiting_address: ColumnType<string | null, string | null | undefined, string | null>;
  active: Generated<boolean>;
  /** Ids above this organization, nearest first; set by the database on insert, never by hand (migration 0192). */
  ancestor_ids: ColumnType<string[], never, never>;
}

export interface PurchaseAgreementTable {
  id: string;
  buyer_org_id: string;
  provider_org_id: string;
  modalities: string[];
  annual_volume: number | null;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
}

/** DICOM Modality (0008,0060) defined terms, PS3.3 C.7.3.1.1.1 (PET is "PT"). */
export type ModalityKind = 'CR' | 'DX' | 'CT' | 'MR' | 'US' | 'NM' | 'PT' | 'MG' | 'RF' | 'XA';
export type OpeningHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string]>>;
export interface ModalityTable {
  id: string;
  site_org_id: string;
  kind: ModalityKind;
  name: string;
  ae_title: string;
  opening_hours: Json<OpeningHours>;
  shifts: Generated<number>;
  active: Generated<boolean>;
  /** Migration 0090: bumped on every change of the machine's shifts (optimistic concurrency). */
  schedule_version: Generated<number>;
  schedule_changed_at: Timestamp | null;
  schedule_changed_by: string | null;
  /** Migration 0185: the Specific Character Set the machine reads worklist answers in. */
  dicom_character_set: Generated<'ISO_IR 192' | 'ISO_IR 100'>;
}

// ---- booking (migration 0090) ----
export type ShiftKind = 'day' | 'evening' | 'night' | 'weekend';
/** A machine's shift on an ISO weekday (1 = Monday … 7 = Sunday), Norwegian wall-clock time. */
export interface ModalityShiftTable {
  id: Generated<number>;
  modality_id: string;
  weekday: number;
  start_time: DateOnly;
  end_time: DateOnly;
  kind: Generated<ShiftKind>;
}
/** How long an exam occupies a machine: per kind, narrowed by exam code and/or machine. */
export interface SlotTypeTable {
  id: Generated<number>;
  modality_kind: string;
  exam_code: string | null;
  modality_id: string | null;
  duration_minutes: number;
}
export interface DepartmentBookingSettingTable {
  department_org_id: string;
  direct_booking_exam_codes: string[];
  direct_booking_due_days: Generated<number>;
  updated_at: GeneratedTimestamp;
}

// Shared with the web app (src/shared/roles.ts).
export { ROLES, type Profession, type ReferrerKind, type Role } from '../../shared/roles.ts';
export interface PersonTable {
  id: string;
  hpr_number: string | null;
  given_name: string;
  family_name: string;
  profession: Profession;
  referrer_kind: ReferrerKind | null;
  email: string | null;
}

export interface UserAccountTable {
  id: string;
  person_id: string;
  username: string;
  password_hash: string | null;
  active: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  locale: Generated<'nb' | 'en'>;
  created_at: GeneratedTimestamp;
  last_login_at: Timestamp | null;
}

export interface RoleAssignmentTable {
  id: string;
  user_id: string;
  role: Role;
  organization_id: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface PatientTable {
  id: string;
  fnr: string;
  given_name: string;
  family_name: string;
  birth_date: DateOnly;
  sex: 'M' | 'F';
  municipality_number: string;
  gp_person_id: string | null;
}

export type AccessAction = 'read' | 'search' | 'create' | 'update' | 'delete' | 'export';
export interface AccessLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  user_id: string | null;
  actor_name: string;
  role: string | null;
  organization_id: string | null;
  /** One patient; NULL for a list view, which names its patients in patient_ids (migration 0050). */
  patient_id: string | null;
  patient_ids: string[] | null;
  resource_type: string;
  resource_id: string | null;
  action: AccessAction;
  context: string;
  client: string | null;
  outcome: Generated<'allowed' | 'refused'>;
  reason: string | null;
}

export interface ExamCodeTable {
  code: string;
  name: string;
  name_en: string | null;
  modality: string;
  body_part: string;
  verified: Generated<boolean>;
  source: string | null;
}

export type ReferralStatus =
  'draft' | 'submitted' | 'accepted' | 'returned' | 'redirected' | 'info_requested' | 'scheduled' | 'performed' | 'reported' | 'cancelled';
export type Urgency = 'emergency' | 'urgent' | 'routine' | 'planned';
export interface ReferralTable {
  id: string;
  patient_id: string;
  referrer_person_id: string;
  referrer_org_id: string;
  department_org_id: string;
  exam_code: string;
  indication_system: 'ICPC-2' | 'ICD-10' | null;
  indication_code: string | null;
  clinical_question: string | null;
  clinical_note: string | null;
  urgency: Generated<Urgency>;
  status: ReferralStatus;
  low_value: boolean | null;
  patient_area_id: string | null;
  patient_age: number | null;
  patient_sex: 'M' | 'F' | null;
  created_at: GeneratedTimestamp;
  submitted_at: Timestamp | null;
  /** ServiceRequest.authoredOn as the client sent it (migration 0390); null = written in Radvis / before 0390. */
  authored_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The first instant `authored_on` may mean, for search; null with it. */
  authored_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  assessed_at: Timestamp | null;
  scheduled_at: Timestamp | null;
  performed_at: Timestamp | null;
  reported_at: Timestamp | null;
  /** The first signed report (preliminary, or final when it went straight to final); migration 0241. */
  preliminary_reported_at: Timestamp | null;
  source: Generated<'app' | 'fhir' | 'synthetic'>;
  facts: GeneratedJson;
  contraindications: GeneratedJson;
  advice: Json | null;
  identifier_system: string | null;
  identifier_value: string | null;
  version: Generated<number>;
  updated_at: GeneratedTimestamp;
  fhir_resource: Json | null;
  /** Legal deadline for assessment (migration 0075). */
  assessment_due_date: NullableDateOnly;
  /** The department's priority category chosen on acceptance (migration 0075). */
  priority_category: string | null;
  /** Date by which the exam should be done, set on acceptance (migration 0075). */
  exam_due_date: NullableDateOnly;
  /** The number people use for the referral (migration 0080); the id stays internal. */
  referral_number: Generated<number>;
  /** Set on acceptance (migration 0080). */
  protocol: string | null;
  planned_modality: string | null;
  planned_site_org_id: string | null;
  assessed_by_person_id: string | null;
}

export interface ExamTable {
  id: string;
  referral_id: string;
  exam_code: string;
  modality_id: string | null;
  performing_org_id: string;
  patient_area_id: string | null;
  performed_at: Timestamp;
  reported_at: Timestamp | null;
}

export interface AppMetaTable {
  key: string;
  value: Json;
  updated_at: GeneratedTimestamp;
}
export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: GeneratedTimestamp;
}

// ---- referrals (0002_referrals.sql, 0003_referrals.sql; owned by src/server/referrals) ----
export interface AdviceEventTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  source: 'app' | 'cds-hooks';
  user_id: string | null;
  client: string | null;
  external_user: string | null;
  draft_id: string | null;
  hook_instance: string | null;
  card_uuid: string | null;
  referral_id: string | null;
  exam_code: string;
  topic_id: string;
  topic_version: string;
  rating: string;
  score: number | null;
  facts: Json;
  missing_facts: GeneratedJson;
  /** The uuids of the suggestions the CDS card offered (migration 0290; [] for app advice). */
  suggestion_uuids: ColumnType<string[], string | undefined, string>;
  /** The CDS service that issued the card (migration 0411); null for app advice and older rows. */
  service_id: string | null;
}
export interface ReferralDecisionTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  /** null only for 'withdrawn' (watchful waiting chosen; nothing was sent). */
  referral_id: string | null;
  user_id: string | null;
  topic_id: string;
  topic_version: string;
  rating: string;
  decision: 'followed' | 'overridden' | 'alternative_accepted' | 'withdrawn';
  reason_code: string | null;
  reason_text: string | null;
  draft_id: string | null;
  patient_id: string | null;
  exam_code: string | null;
}
export interface CdsFeedbackTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  service_id: string;
  card_uuid: string;
  outcome: 'accepted' | 'overridden';
  accepted_suggestions: Json | null;
  override_reason: Json | null;
  outcome_timestamp: Timestamp;
  client: string | null;
}
/** CDS cards that are not advice (no advice_event row), kept so feedback on them is checked (migration 0291). */
export interface CdsIssuedCardTable {
  card_uuid: string;
  issued_at: GeneratedTimestamp;
  service_id: string;
  client: string;
  suggestion_uuids: ColumnType<string[], string | undefined, string>;
}
export interface ApiClientTable {
  id: string;
  name: string;
  organization_id: string;
  token_hash: string;
  scopes: string[];
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
}
/** A JWK Set (RFC 7517) of public keys. */
export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

export interface CdsClientTable {
  id: string;
  name: string;
  issuer: string;
  organization_id: string;
  jwks: Json<JsonWebKeySet> | null;
  jwks_url: string | null;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
}
// ---- end referrals ----

// cds-hardening (issue 7): used CDS JWT ids, shared by instances (migration 0020).
export interface CdsJtiTable {
  key_hash: string;
  expires_at: Date | string;
}

// ---- OpenID Connect login (auth/oidc) ----
export interface OidcLoginTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}
// ---- end OpenID Connect login ----

// ---- scheduling (0040): requested procedures, scheduled and performed procedure steps ----
/** 'cancelled' (migration 0090): the booking was cancelled before the exam; it frees the slot. */
export type StepStatus = 'scheduled' | 'in_progress' | 'completed' | 'discontinued' | 'cancelled';
export interface RequestedProcedureTable {
  id: string;
  referral_id: string;
  patient_id: string;
  department_org_id: string;
  accession_number: string;
  requested_procedure_id: string;
  study_instance_uid: string;
  description: string;
  priority: Generated<'STAT' | 'HIGH' | 'ROUTINE' | 'MEDIUM' | 'LOW'>;
  comments: string | null;
  created_at: GeneratedTimestamp;
}
export interface ScheduledProcedureStepTable {
  id: string;
  requested_procedure_id: string;
  sps_id: string;
  modality_id: string;
  modality: string;
  start_date: DateOnly;
  start_time: DateOnly;
  description: string;
  performing_physician: string | null;
  status: Generated<StepStatus>;
  created_at: GeneratedTimestamp;
  status_changed_at: GeneratedTimestamp;
  /** Minutes the step occupies its machine (migration 0090); live steps on one machine never overlap. */
  duration_minutes: Generated<number>;
}
export interface ProcedureStepEventTable {
  id: Generated<number>;
  step_id: string;
  at: GeneratedTimestamp;
  from_status: StepStatus | null;
  to_status: StepStatus;
  source: 'app' | 'mpps' | 'demo';
  detail: string | null;
  /** Who made the change in the app (migration 0090); NULL for MPPS and demo. */
  actor_user_id: Generated<string | null>;
}
export interface PerformedProcedureStepTable {
  sop_instance_uid: string;
  step_id: string | null;
  modality_id: string;
  status: 'in_progress' | 'completed' | 'discontinued';
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  discontinuation_reason: string | null;
  attributes: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** The scheduled steps one performed step performs (migration 0410; the MPPS group case, PS3.4 Table F.7.2-1). */
export interface PerformedStepLinkTable {
  sop_instance_uid: string;
  step_id: string;
}

// cds-hardening (issue 7): Idempotency-Key on POST /api/referrals (migration 0021).
export interface ReferralIdempotencyTable {
  user_id: string;
  key: string;
  body_hash: string;
  status: number | null;
  response: unknown;
  created_at: Generated<Date>;
}

/** Every identifier of a referral (ServiceRequest.identifier); migration 0270. */
export interface ReferralIdentifierTable {
  referral_id: string;
  /** Position in ServiceRequest.identifier as received (0-based). */
  position: number;
  /** null: sent without a system. */
  system: string | null;
  value: string;
}

export interface DB {
  modality_shift: ModalityShiftTable;
  slot_type: SlotTypeTable;
  department_booking_setting: DepartmentBookingSettingTable;
  cds_jti: CdsJtiTable;
  oidc_login: OidcLoginTable;
  requested_procedure: RequestedProcedureTable;
  scheduled_procedure_step: ScheduledProcedureStepTable;
  procedure_step_event: ProcedureStepEventTable;
  performed_procedure_step: PerformedProcedureStepTable;
  performed_step_link: PerformedStepLinkTable;
  referral_idempotency: ReferralIdempotencyTable;
  advice_event: AdviceEventTable;
  referral_decision: ReferralDecisionTable;
  cds_feedback: CdsFeedbackTable;
  cds_issued_card: CdsIssuedCardTable;
  api_client: ApiClientTable;
  cds_client: CdsClientTable;
  region: RegionTable;
  hospital_area: HospitalAreaTable;
  area_population: AreaPopulationTable;
  municipality: MunicipalityTable;
  organization: OrganizationTable;
  purchase_agreement: PurchaseAgreementTable;
  modality: ModalityTable;
  person: PersonTable;
  user_account: UserAccountTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  patient: PatientTable;
  access_log: AccessLogTable;
  exam_code: ExamCodeTable;
  referral: ReferralTable;
  referral_identifier: ReferralIdentifierTable;
  exam: ExamTable;
  app_meta: AppMetaTable;
  schema_migration: SchemaMigrationTable;
  // 0060 access gate
  referral_cover: ReferralCoverTable;
  api_client_requester: ApiClientRequesterTable;
  // 0080 assessment
  assessment_setting: AssessmentSettingTable;
  vetting_share_agreement: VettingShareAgreementTable;
  vetting_share_member: VettingShareMemberTable;
  referral_event: ReferralEventTable;
  // 0320, 0321
  exam_after_end_ack: ExamAfterEndAckTable;
  patient_name_part: PatientNamePartTable;
  referral_version: ReferralVersionTable;
  redirect_rule: RedirectRuleTable;
  priority_category: PriorityCategoryTable;
  radiographer_assessment_approval: RadiographerAssessmentApprovalTable;
  referral_message: ReferralMessageTable;
  // 0120 reading
  reader_profile: ReaderProfileTable;
  reading_list: ReadingListTable;
  reading_deadline: ReadingDeadlineTable;
  reading_case: ReadingCaseTable;
  reading_handover: ReadingHandoverTable;
  reading_handover_rule: ReadingHandoverRuleTable;
  reading_case_event: ReadingCaseEventTable;
  ai_finding: AiFindingTable;
  ai_priority_rule: AiPriorityRuleTable;
  ai_missed_finding: AiMissedFindingTable;
  // 0130 reporting
  report: ReportTable;
  report_version: ReportVersionTable;
  report_addendum: ReportAddendumTable;
  report_review: ReportReviewTable;
  reader_exam_approval: ReaderExamApprovalTable;
  referrer_notification: ReferrerNotificationTable;
  department_alert: DepartmentAlertTable;
  reading_department_setting: ReadingDepartmentSettingTable;
  // 0140 authoring
  guideline_topic: GuidelineTopicTable;
  guideline_version: GuidelineVersionTable;
  guideline_version_event: GuidelineVersionEventTable;
  // 0100 analytics
  analytics_calendar: AnalyticsCalendarTable;
  analytics_dirty: AnalyticsDirtyTable;
  analytics_exam_count: AnalyticsExamCountTable;
  analytics_referral_count: AnalyticsReferralCountTable;
  analytics_referral_rollup: AnalyticsReferralRollupTable;
  analytics_indicator_count: AnalyticsIndicatorCountTable;
  analytics_decision_count: AnalyticsDecisionCountTable;
  // 0214 year totals of the month-level exam counts and rollup
  analytics_exam_year: AnalyticsExamYearTable;
  analytics_referral_rollup_year: AnalyticsReferralRollupYearTable;
  // 0310 referrals ended without an exam
  analytics_referral_end_count: AnalyticsReferralEndCountTable;
  // 0085 task sharing quality
  task_sharing_setting: TaskSharingSettingTable;
  blind_assessment: BlindAssessmentTable;
  // 0150 capacity
  capacity_scenario: CapacityScenarioTable;
  capacity_projection_import: CapacityProjectionImportTable;
  capacity_projection: CapacityProjectionTable;
  capacity_equipment: CapacityEquipmentTable;
  // 0265 imported use rates
  capacity_use_rate_import: CapacityUseRateImportTable;
  capacity_use_rate: CapacityUseRateTable;
  // 0160 training
  competence_approval: CompetenceApprovalTable;
  learning_goal: LearningGoalTable;
  training_plan: TrainingPlanTable;
  training_rotation: TrainingRotationTable;
  training_record: TrainingRecordTable;
  training_record_rotation: TrainingRecordRotationTable;
  goal_activity: GoalActivityTable;
  goal_completion: GoalCompletionTable;
  goal_assessment: GoalAssessmentTable;
  suitability_note: SuitabilityNoteTable;
  supervision_meeting: SupervisionMeetingTable;
  supervision_participant: SupervisionParticipantTable;
  supervision_action: SupervisionActionTable;
  training_notification: TrainingNotificationTable;
  // 0205 training plan versions
  training_plan_version: TrainingPlanVersionTable;
  training_record_version: TrainingRecordVersionTable;
  learning_goal_title_log: LearningGoalTitleLogTable;
  // 0170 second opinion / consult
  consult_request: ConsultRequestTable;
}

// ---- 0085 task sharing quality ----
export interface TaskSharingSettingTable {
  department_org_id: string;
  sample_percent: Generated<number>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}
export interface BlindAssessmentTable {
  referral_id: string;
  department_org_id: string;
  first_person_id: string;
  first_user_id: string | null;
  /** A priority category code of the department, or 'returned'. */
  first_outcome: string;
  first_assessed_at: Timestamp;
  sampled_at: GeneratedTimestamp;
  sample_percent: number;
  second_person_id: string | null;
  second_user_id: string | null;
  second_outcome: string | null;
  assessed_at: Timestamp | null;
}

// ---- 0060 access gate ----
export interface ReferralCoverTable {
  id: string;
  organization_id: string;
  covering_person_id: string | null;
  covered_person_id: string | null;
  valid_from: GeneratedTimestamp;
  valid_to: Timestamp | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}
export interface ApiClientRequesterTable {
  client_id: string;
  person_id: string;
  granted_by: string | null;
  granted_at: GeneratedTimestamp;
}

// ---- 0080 assessment ----
export interface AssessmentSettingTable {
  department_org_id: string;
  standard_days: Generated<number>;
  emergency_days: Generated<number>;
  urgent_days: Generated<number>;
  cancer_pathway_days: Generated<number>;
  red_flag_days: Generated<number>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}
export interface VettingShareAgreementTable {
  id: string;
  name: string;
  region_id: string | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: NullableDateOnly;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}
export interface VettingShareMemberTable {
  agreement_id: string;
  organization_id: string;
}
/** An earlier version of a referral (migration 0180): the row as it was before an update. */
export interface ReferralVersionTable {
  referral_id: string;
  version: number;
  updated_at: Timestamp;
  snapshot: Json;
}

export interface ReferralEventTable {
  id: Generated<number>;
  referral_id: string;
  at: GeneratedTimestamp;
  kind: string;
  from_status: string | null;
  to_status: string;
  actor_user_id: string | null;
  actor_person_id: string | null;
  actor_role: string | null;
  reason_code: string | null;
  reason_text: string | null;
  data: Json | null;
}
/** The parts of a patient's name, folded for the list searches (migration 0321; kept by triggers). */
export interface PatientNamePartTable {
  part: string;
  patient_id: string;
}
/** Who acknowledged an exam started at the modality after its referral had ended (migration 0320). */
export interface ExamAfterEndAckTable {
  event_id: number;
  acknowledged_at: GeneratedTimestamp;
  acknowledged_by_user_id: string;
  acknowledged_by_name: string;
}
/** Where a department lets its assessors redirect referrals (migration 0175). */
export interface RedirectRuleTable {
  id: string;
  department_org_id: string;
  target_org_id: string;
  modalities: Generated<string[]>;
  exam_codes: Generated<string[]>;
  condition: 'always' | 'followed_up_outside_hospital';
  note: string | null;
  created_by_user_id: string;
  created_at: GeneratedTimestamp;
  deactivated_by_user_id: string | null;
  deactivated_at: Date | null;
}
export interface PriorityCategoryTable {
  department_org_id: string;
  code: string;
  label_nb: string;
  label_en: string;
  days: number | null;
  sort: Generated<number>;
}
export interface RadiographerAssessmentApprovalTable {
  person_id: string;
  department_org_id: string;
  modality: string;
  approved_by: string | null;
  approved_at: GeneratedTimestamp;
}
export interface ReferralMessageTable {
  id: Generated<number>;
  referral_id: string;
  at: GeneratedTimestamp;
  author_user_id: string | null;
  author_person_id: string | null;
  side: 'department' | 'referrer';
  body: string;
}

// ---- 0120 reading ----
export type ReaderRole = 'radiologist' | 'lis' | 'reporting_radiographer';
export type ReadingPriority = 'acute' | 'cancer_pathway' | 'urgent' | 'routine' | 'planned';
export interface ReaderProfileTable {
  person_id: string;
  role: ReaderRole;
  home_org_id: string;
  subspecialties: Generated<string[]>;
  solo_exam_codes: Generated<string[]>;
  available: Generated<boolean>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}
export interface ReadingListTable {
  id: string;
  name: string;
  owner_org_id: string;
  regional: Generated<boolean>;
  modalities: string[] | null;
  body_parts: string[] | null;
  exam_codes: string[] | null;
  priorities: string[] | null;
  site_org_ids: string[] | null;
  trust_org_ids: string[] | null;
  subspecialty: string | null;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  /** 0420: a list Radvis makes shows the message 'rd.listName.<name_key>' in the reader's language; null: the name as typed. */
  name_key: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ReadingDeadlineTable {
  priority: ReadingPriority;
  rank: number;
  hours: number;
}
export interface ReadingCaseTable {
  exam_id: string;
  referral_id: string;
  patient_id: string;
  performing_org_id: string;
  site_org_id: string | null;
  trust_org_id: string | null;
  exam_code: string;
  modality: string;
  body_part: string;
  accession_number: string | null;
  study_instance_uid: string | null;
  base_priority: ReadingPriority;
  priority: ReadingPriority;
  priority_rank: number;
  ai_flag: Generated<boolean>;
  performed_at: Timestamp;
  due_at: Timestamp;
  open: Generated<boolean>;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  claim_expires_at: Timestamp | null;
  /** When the case left the lists: its first signed report. */
  closed_at: Timestamp | null;
  /** The first signed report (preliminary, or final when it went straight to final); migration 0240. */
  preliminary_at: Timestamp | null;
  /** The final report (exam.reported_at); migration 0240. */
  final_at: Timestamp | null;
}
export interface ReadingHandoverTable {
  exam_id: string;
  list_id: string;
  by_user_id: string | null;
  at: GeneratedTimestamp;
}
export interface ReadingHandoverRuleTable {
  from_org_id: string;
  list_id: string;
  by_user_id: string | null;
  at: GeneratedTimestamp;
}
export interface ReadingCaseEventTable {
  id: Generated<number>;
  exam_id: string;
  at: GeneratedTimestamp;
  kind:
    | 'next'
    | 'claim'
    | 'release'
    | 'reassign'
    | 'handover'
    | 'ai_finding'
    | 'ai_verdict'
    | 'consult_request'
    | 'consult_answer'
    | 'consult_withdraw'
    | 'consult_apply';
  user_id: string | null;
  person_id: string | null;
  detail: Json | null;
}
export type AiFindingCode = 'fracture' | 'intracranial_haemorrhage' | 'pulmonary_embolism' | 'pneumothorax' | 'lung_nodule';
export interface AiFindingTable {
  id: string;
  exam_id: string;
  client_id: string;
  code: AiFindingCode;
  confidence: number;
  received_at: GeneratedTimestamp;
  resource: Json;
  verdict: 'confirmed' | 'rejected' | null;
  verdict_by: string | null;
  verdict_at: Timestamp | null;
}
export interface AiPriorityRuleTable {
  code: string;
  min_confidence: number;
  priority: ReadingPriority;
}
export interface AiMissedFindingTable {
  exam_id: string;
  code: AiFindingCode;
  person_id: string;
  at: GeneratedTimestamp;
}
// ---- 0130 reporting (src/server/reporting) ----
export type ReportStatus = 'draft' | 'preliminary' | 'final';
/** RADPEER scores (ACR): 1 agree; 2 discrepancy in interpretation not ordinarily expected to be made; 3 should be made most of the time; a/b = unlikely / likely clinically significant. */
export type RadpeerScore = '1' | '2a' | '2b' | '3a' | '3b';
export interface ReportTable {
  id: string;
  exam_id: string;
  template_id: string;
  sections: Json;
  status: ReportStatus;
  author_person_id: string;
  author_role: string;
  needs_countersign: Generated<boolean>;
  finalized_by_person_id: string | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  preliminary_at: Timestamp | null;
  final_at: Timestamp | null;
  /** 0350: when a preliminary report was released to the referrer (acute exam, department setting on). */
  referrer_preliminary_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 0421: countersigning changed the answer the referrer saw as preliminary (per report, not per referral). */
  answer_changed: Generated<boolean>;
}
export interface ReportVersionTable {
  report_id: string;
  version: number;
  status: ReportStatus;
  sections: Json;
  action: 'save' | 'preliminary' | 'finalize' | 'countersign' | 'consult';
  person_id: string;
  at: GeneratedTimestamp;
  /** 0190: the consult whose answer this version inserted (action 'consult'). */
  consult_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ReportAddendumTable {
  id: string;
  report_id: string;
  text: string;
  author_person_id: string;
  created_at: GeneratedTimestamp;
  /** 0190: the consult whose answer this addendum is. */
  consult_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ReportReviewTable {
  report_id: string;
  reviewer_person_id: string;
  author_person_id: string;
  score: RadpeerScore;
  comment: string | null;
  changed: boolean;
  at: GeneratedTimestamp;
}
/** Since 0160 a view over competence_approval (active rows): read-only. */
export interface ReaderExamApprovalTable {
  person_id: string;
  exam_code: string;
  organization_id: string;
  approved_by: string | null;
  approved_at: GeneratedTimestamp;
}
/**
 * 0350 adds 'report-preliminary' (a preliminary answer released early) and 'report-changed' (changed on countersigning);
 * 0424 the department's steps: 'referral-returned', 'info-requested', 'exam-booked', 'booking-changed', 'booking-cancelled';
 * 0425 'referral-closed' (without exam), 'referral-merged' (duplicate), 'referral-redirected', 'exam-discontinued' (MPPS).
 */
export type ReferrerNotificationKind =
  | 'report-final'
  | 'report-addendum'
  | 'report-preliminary'
  | 'report-changed'
  | 'referral-returned'
  | 'info-requested'
  | 'exam-booked'
  | 'booking-changed'
  | 'booking-cancelled'
  | 'referral-closed'
  | 'referral-merged'
  | 'referral-redirected'
  | 'exam-discontinued';
/** 0350: a department's reading settings (one row per department; who changed it last and when). */
export interface ReadingDepartmentSettingTable {
  organization_id: string;
  preliminary_to_referrer: Generated<boolean>;
  changed_by_person_id: string;
  changed_at: GeneratedTimestamp;
}
export interface ReferrerNotificationTable {
  id: Generated<number>;
  person_id: string;
  referral_id: string;
  kind: ReferrerNotificationKind;
  created_at: GeneratedTimestamp;
  read_at: Timestamp | null;
  /** 0424: 'referral-returned' — the return reason code and the assessor's text. */
  reason_code: string | null;
  reason_text: string | null;
  /** 0424: the booked (or cancelled) time, Oslo wall clock. */
  slot_date: DateOnly | null;
  slot_start: DateOnly | null;
  /** 0425: 'referral-merged' — the referral it was merged into. */
  other_referral_id: string | null;
  /** 0425: 'referral-redirected' — the department or institute it was sent on to. */
  other_org_id: string | null;
}
/** 0426: an alert to the receiving department (a booked exam withdrawn by the referrer), acknowledged by someone there. */
export interface DepartmentAlertTable {
  id: Generated<number>;
  department_org_id: string;
  referral_id: string;
  kind: 'booked-withdrawn';
  slot_date: DateOnly | null;
  slot_start: DateOnly | null;
  machine_name: string | null;
  reason_text: string | null;
  created_at: GeneratedTimestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by_person_id: string | null;
}

// ---- 0100 analytics (src/server/analytics): aggregates kept incrementally ----
type BigCount = ColumnType<string | number, number, number>;
export interface AnalyticsCalendarTable {
  day: DateOnly;
  working_day_number: number;
}
export interface AnalyticsDirtyTable {
  year: number;
  area_id: string;
  /** UTC calendar month 1–12 (migration 0213). */
  month: number;
  marked_at: GeneratedTimestamp;
}
export interface AnalyticsExamCountTable {
  year: number;
  area_id: string;
  /** UTC calendar month 1–12 (migration 0213). */
  month: number;
  sex: string;
  age_from: number;
  exam_code: string;
  modality: string;
  exam_group: string;
  provider_kind: 'public' | 'private';
  trust_id: string;
  exams: number;
}
export interface AnalyticsReferralCountTable {
  year: number;
  area_id: string;
  /** UTC calendar month 1–12 (migration 0213). */
  month: number;
  sex: string;
  age_from: number;
  exam_code: string;
  modality: string;
  exam_group: string;
  referrer_org_id: string;
  referrer_person_id: string;
  trust_id: string;
  provider_kind: 'public' | 'private';
  referrals: number;
  assessed: number;
  assessed_in_time: number;
  assessment_days_sum: BigCount;
  returned: number;
  performed: number;
  exam_days_sum: BigCount;
  reported: number;
  report_hours_sum: BigCount;
  /** Referrals with a first signed report (preliminary, else final) and their summed whole hours from the exam (migration 0241). */
  preliminary: Generated<number>;
  preliminary_hours_sum: Generated<BigCount>;
  /** Referrals closed by the department without an exam, and withdrawn by the referrer (migration 0310). */
  closed: Generated<number>;
  withdrawn: Generated<number>;
}
/** analytics_referral_count without the referrer columns (migration 0211). */
export type AnalyticsReferralRollupTable = Omit<AnalyticsReferralCountTable, 'referrer_org_id' | 'referrer_person_id'>;
/** analytics_exam_count summed over the months of each year (migration 0214). */
export type AnalyticsExamYearTable = Omit<AnalyticsExamCountTable, 'month'>;
/** analytics_referral_rollup summed over the months of each year (migration 0214). */
export type AnalyticsReferralRollupYearTable = Omit<AnalyticsReferralRollupTable, 'month'>;
/**
 * Referrals ended without an exam (migration 0310), with every dimension of analytics_referral_count:
 * by the department ('department', with its CLOSE_REASONS code) or withdrawn by the referrer
 * ('referrer', reason_code '').
 */
export interface AnalyticsReferralEndCountTable {
  year: number;
  area_id: string;
  month: number;
  sex: string;
  age_from: number;
  exam_code: string;
  modality: string;
  exam_group: string;
  referrer_org_id: string;
  referrer_person_id: string;
  trust_id: string;
  provider_kind: 'public' | 'private';
  ended_by: 'department' | 'referrer';
  reason_code: string;
  referrals: number;
}
export interface AnalyticsIndicatorCountTable {
  year: number;
  area_id: string;
  /** UTC calendar month 1–12 (migration 0213). */
  month: number;
  sex: string;
  age_from: number;
  indicator_id: string;
  modality: string;
  exam_code: string;
  referrer_org_id: string;
  referrer_person_id: string;
  trust_id: string;
  denominator: number;
  numerator: number;
}
export interface AnalyticsDecisionCountTable {
  year: number;
  area_id: string;
  /** UTC calendar month 1–12 (migration 0213). */
  month: number;
  referrer_org_id: string;
  referrer_person_id: string;
  trust_id: string;
  topic_id: string;
  rating: string;
  decision: string;
  reason_code: string;
  decisions: number;
}

// ---- 0150 capacity ----
export interface CapacityScenarioTable {
  id: string;
  /** NULL: a national scenario, seen by analysts only (0380). */
  region_id: string | null;
  name: string;
  params: Json<Record<string, unknown>>;
  created_by: string;
  updated_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  version: Generated<number>;
}
export interface CapacityProjectionImportTable {
  id: Generated<string>;
  label: string;
  alternative: string | null;
  rows: number;
  imported_by: string;
  imported_at: GeneratedTimestamp;
}
export interface CapacityProjectionTable {
  area_id: string;
  year: number;
  sex: 'M' | 'F';
  age_from: number;
  population: number;
  import_id: string;
}
export interface CapacityUseRateImportTable {
  id: Generated<string>;
  label: string;
  rate_year: number;
  rows: number;
  imported_by: string;
  imported_at: GeneratedTimestamp;
}
export interface CapacityUseRateTable {
  area_id: string;
  exam_type: string;
  sex: 'M' | 'F';
  age_from: number;
  per_10000: number;
  import_id: string;
}
export interface CapacityEquipmentTable {
  modality_id: string;
  installed_year: number;
  lifetime_years: number | null;
  replacement_cost_nok: ColumnType<string | number | null, number | null | undefined, number | null>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

// 0140 authoring
export type GuidelineVersionState = 'draft' | 'in_review' | 'approved' | 'published' | 'retired' | 'withdrawn';
export interface GuidelineTopicTable {
  id: string;
  body_region: string;
  silent: Generated<boolean>;
  silent_changed_by: string | null;
  silent_changed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}
export interface GuidelineVersionTable {
  id: string;
  topic_id: string;
  version: string;
  state: GuidelineVersionState;
  document: Json<Record<string, unknown>>;
  source_yaml: string;
  revision: Generated<number>;
  based_on_id: string | null;
  origin: 'import' | 'edit' | 'rollback';
  change_note: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
  editors: ColumnType<string[], string[] | undefined, string[]>;
  submitted_by: string | null;
  submitted_at: Timestamp | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  published_by: string | null;
  published_at: Timestamp | null;
  effective_from: Timestamp | null;
  retired_by: string | null;
  retired_at: Timestamp | null;
  checks: Json<Record<string, unknown>> | null;
}
export interface GuidelineVersionEventTable {
  id: Generated<number>;
  version_id: string;
  at: GeneratedTimestamp;
  user_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
}

// ---- 0160 training (src/server/training) ----
export type Specialty = 'nuclear_medicine' | 'radiology' | 'fkm';
export type SupervisionTheme = 'career' | 'professional' | 'research' | 'personal' | 'radiation_protection' | 'work_environment';
export interface CompetenceApprovalTable {
  id: string;
  person_id: string;
  exam_code: string;
  organization_id: string;
  approved_by_person_id: string | null;
  approved_at: GeneratedTimestamp;
  note: string | null;
  withdrawn_by_person_id: string | null;
  withdrawn_at: Timestamp | null;
  withdrawal_reason: string | null;
}
export interface LearningGoalTable {
  specialty: Specialty;
  number: number;
  title: string | null;
  source: string;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}
export interface TrainingPlanTable {
  id: string;
  organization_id: string;
  specialty: Exclude<Specialty, 'fkm'>;
  name: string;
  source: string | null;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  /** 0191: the last change of the plan. */
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface TrainingRotationTable {
  id: string;
  plan_id: string;
  seq: number;
  from_years: number;
  to_years: number;
  trust: string;
  hospital: string;
  section: string;
  external: Generated<boolean>;
  goal_numbers: number[];
  /** 0191: removed from the plan (kept for the records and notifications that name it). */
  removed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  removed_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface TrainingRecordTable {
  id: string;
  person_id: string;
  plan_id: string;
  organization_id: string;
  supervisor_person_id: string;
  start_date: DateOnly;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}
export interface TrainingRecordRotationTable {
  record_id: string;
  rotation_id: string;
  planned_start: DateOnly;
  planned_end: DateOnly;
  /** 0205: moved in this LIS's individual plan (keeps its dates when the department plan changes). */
  moved_reason: ColumnType<string | null, string | null | undefined, string | null>;
  moved_by: ColumnType<string | null, string | null | undefined, string | null>;
  moved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
/** 0205: a version of a department plan (snapshot: src/shared/training-versions.ts `PlanSnapshot`). */
export interface TrainingPlanVersionTable {
  plan_id: string;
  version: number;
  kind: 'created' | 'edited' | 'baseline';
  snapshot: Json<Record<string, unknown>>;
  reason: string | null;
  changed_by: string | null;
  changed_at: GeneratedTimestamp;
}
/** 0205: every imported learning-goal title, with the one it replaced. */
export interface LearningGoalTitleLogTable {
  id: Generated<number>;
  specialty: Specialty;
  number: number;
  title: string;
  previous_title: string | null;
  source: string;
  imported_by: string | null;
  imported_at: GeneratedTimestamp;
}
/** 0205: a version of a LIS's individual plan. */
export interface TrainingRecordVersionTable {
  record_id: string;
  version: number;
  kind: 'created' | 'moved' | 'plan_changed' | 'baseline' | 'details_changed';
  plan_version: number | null;
  snapshot: Json<Record<string, unknown>>;
  reason: string | null;
  changed_by: string | null;
  changed_at: GeneratedTimestamp;
}
export interface GoalActivityTable {
  id: string;
  record_id: string;
  specialty: Specialty;
  goal_number: number;
  kind: 'procedure' | 'course' | 'e_learning' | 'other';
  count: Generated<number>;
  description: string;
  done_on: DateOnly;
  registered_by: string;
  registered_at: GeneratedTimestamp;
}
export interface GoalCompletionTable {
  record_id: string;
  specialty: Specialty;
  goal_number: number;
  completed_at: GeneratedTimestamp;
}
export interface GoalAssessmentTable {
  id: string;
  record_id: string;
  specialty: Specialty;
  goal_number: number;
  outcome: 'approved' | 'not_yet';
  plan: string | null;
  assessed_by: string;
  assessed_at: GeneratedTimestamp;
}
export interface SuitabilityNoteTable {
  id: string;
  record_id: string;
  text: string;
  author: string;
  at: GeneratedTimestamp;
}
export interface SupervisionMeetingTable {
  id: string;
  organization_id: string;
  kind: 'individual' | 'group';
  supervisor_person_id: string;
  planned_at: Timestamp;
  held_at: Timestamp | null;
  themes: SupervisionTheme[];
  summary: string | null;
  created_by: string;
  created_at: GeneratedTimestamp;
}
export interface SupervisionParticipantTable {
  meeting_id: string;
  record_id: string;
}
export interface SupervisionActionTable {
  id: string;
  meeting_id: string;
  text: string;
  due_date: NullableDateOnly;
  done_at: Timestamp | null;
}
export interface TrainingNotificationTable {
  id: Generated<number>;
  person_id: string;
  record_id: string;
  kind: 'goal-group-complete';
  rotation_id: string | null;
  created_at: GeneratedTimestamp;
  read_at: Timestamp | null;
}

// ---- 0170 second opinion / consult ----
export type ConsultKind = 'second_opinion' | 'consult';
export type ConsultStatus = 'open' | 'answered' | 'withdrawn';
export type ConsultAgreement = 'agree' | 'partly' | 'disagree';
export interface ConsultRequestTable {
  id: string;
  exam_id: string;
  kind: ConsultKind;
  question: string;
  requested_by_person_id: string;
  requested_by_user_id: string;
  target_org_id: string;
  target_subspecialty: string | null;
  target_person_id: string | null;
  due_at: Date;
  status: ColumnType<ConsultStatus, ConsultStatus | undefined, ConsultStatus>;
  created_at: GeneratedTimestamp;
  answer_text: string | null;
  agreement: ConsultAgreement | null;
  addendum_proposal: string | null;
  answered_by_person_id: string | null;
  answered_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  /** 0190: when, by whom and as what the answer was applied to the report (once). */
  applied_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  applied_by_person_id: ColumnType<string | null, string | null | undefined, string | null>;
  applied_as: ColumnType<'addendum' | 'report' | null, 'addendum' | 'report' | null | undefined, 'addendum' | 'report' | null>;
}
