// A topic as FHIR R4 PlanDefinition + Library (issue 11, "files and standards"), where it maps
// cleanly. Pure.
//
// What maps (R4 plandefinition.html, library.html):
//  - the topic → PlanDefinition (type eca-rule, the ECA rule of CDS Hooks' decision support);
//    id, url, version, name, title, status (active / retired), date, approvalDate (when approved),
//    effectivePeriod.start (the effective date), useContext focus = the NCRP exam codes,
//    relatedArtifact = the cited sources (type citation) and the Library (type depends-on).
//  - each rule → one action, in order, with selectionBehavior at-most-one on the group (the first
//    rule that holds decides): title = summary, description = explanation, condition
//    (kind applicability) = the rule's condition, documentation = its sources, and the advice
//    (rating, score, radiation) as the action's code and a dynamicValue-free `textEquivalent`.
//  - the whole topic file → Library (type logic-library) with the YAML as content
//    (contentType application/yaml, base64), so nothing is lost.
//
// What does NOT map (said in PlanDefinition.usage and docs/authoring.md):
//  - the rule language is Radvis' own (three-valued, fact ids of src/shared/facts.ts), not CQL or
//    FHIRPath: condition.expression.language is "text/x-radvis-rule"; a generic engine cannot run it.
//  - "ask only what can change the answer" (partial evaluation), derived facts, the topic's own red
//    flags and the reviewed readings of silence (defaults) have no PlanDefinition element.
//  - the free-text reader (how a Norwegian note becomes facts) is code, not content.
//  - the rating scale (appropriate / may be / usually not, score 1–9) has no standard code system;
//    it is given as codes of the Radvis system below.
//  - the topic's test cases have no place (they stay in the Library's YAML).
import type { Library, PlanDefinition, PlanDefinitionAction } from '@medplum/fhirtypes';
import { NCRP_OID } from '../../interop/fhir/service-request.ts';
import type { Outcome, Topic } from '../types.ts';

export const RULE_LANGUAGE = 'text/x-radvis-rule';
export const RATING_SYSTEM = 'https://radvis.no/fhir/CodeSystem/advice-rating';
/** NCRP (Volven 7270), the same system ServiceRequest uses (interop/fhir/service-request.ts). */
export const NCRP_SYSTEM = NCRP_OID;

/** FHIR search parameters of PlanDefinition and Library (search.html; plandefinition.html#search). */
export const PLAN_DEFINITION_SEARCH_PARAMS = [
  {
    name: '_id',
    type: 'token' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
    documentation: 'the topic id (comma-separated for several)',
  },
  {
    name: 'name',
    type: 'string' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/PlanDefinition-name',
    documentation: 'starts with, case-insensitive',
  },
  {
    name: 'title',
    type: 'string' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/PlanDefinition-title',
    documentation: 'starts with, case-insensitive; title:contains matches anywhere',
  },
  { name: 'status', type: 'token' as const, definition: 'http://hl7.org/fhir/SearchParameter/PlanDefinition-status', documentation: 'active | retired' },
  {
    name: 'version',
    type: 'token' as const,
    definition: 'http://hl7.org/fhir/SearchParameter/PlanDefinition-version',
    documentation: 'an exact version; every published version is searched when given',
  },
  { name: 'url', type: 'uri' as const, definition: 'http://hl7.org/fhir/SearchParameter/PlanDefinition-url', documentation: 'the canonical URL' },
];

export interface PublishedTopic {
  topic: Topic;
  /** The stored version's text (the Library's content). */
  sourceYaml: string;
  state: 'published' | 'retired';
  effectiveFrom: Date;
  approvedAt: Date | null;
  publishedAt: Date | null;
}

/** The canonical URL of a topic's PlanDefinition (stable across versions; `version` tells them apart). */
export function canonicalUrl(base: string, topicId: string, kind: 'PlanDefinition' | 'Library' = 'PlanDefinition'): string {
  return `${base.replace(/\/$/, '')}/${kind}/${topicId}`;
}

function action(o: Outcome, topic: Topic, title: string, condition?: string): PlanDefinitionAction {
  return {
    title,
    description: o.explanation.nb,
    textEquivalent: o.summary.nb,
    code: [
      {
        coding: [{ system: RATING_SYSTEM, code: o.rating }],
        text: `score ${o.score}; radiation ${o.radiation}`,
      },
    ],
    // Expression.language is an extensible binding in R4: another media type is allowed where none of the listed ones fits.
    ...(condition ? { condition: [{ kind: 'applicability', expression: { language: RULE_LANGUAGE as 'text/cql', expression: condition } }] } : {}),
    documentation: o.sources
      .map((id) => topic.sources.find((s) => s.id === id))
      .filter((s) => s !== undefined)
      .map((s) => ({ type: 'citation', display: s.title, url: s.url })),
  };
}

/** The PlanDefinition of a published (or retired) topic version. `base` is the FHIR base URL. */
export function toPlanDefinition(p: PublishedTopic, base: string): PlanDefinition {
  const t = p.topic;
  return {
    resourceType: 'PlanDefinition',
    id: t.id,
    meta: { versionId: t.version, lastUpdated: (p.publishedAt ?? p.effectiveFrom).toISOString() },
    url: canonicalUrl(base, t.id),
    version: t.version,
    name: t.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    title: t.title.nb,
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'eca-rule' }] },
    status: p.state === 'retired' ? 'retired' : 'active',
    date: (p.publishedAt ?? p.effectiveFrom).toISOString(),
    publisher: 'Radvis — nasjonalt fagnettverk for radiologi',
    description: t.title.en ? `${t.title.nb} / ${t.title.en}` : t.title.nb,
    usage:
      'Conditions are in the Radvis rule language (text/x-radvis-rule, three-valued over the Radvis fact catalogue), not CQL or FHIRPath. Partial evaluation (asking only for facts that change the rating), derived facts, the topic red flags and reviewed defaults are not represented; the full topic is in the Library.',
    ...(p.approvedAt ? { approvalDate: p.approvedAt.toISOString().slice(0, 10) } : {}),
    effectivePeriod: { start: p.effectiveFrom.toISOString() },
    useContext: t.appliesTo.examCodes.map((code) => ({
      code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'focus' },
      valueCodeableConcept: { coding: [{ system: NCRP_SYSTEM, code }] },
    })),
    relatedArtifact: [
      ...t.sources.map((s) => ({ type: 'citation' as const, display: `${s.publisher}: ${s.title} (${s.year})`, url: s.url })),
      { type: 'depends-on' as const, resource: `${canonicalUrl(base, t.id, 'Library')}|${t.version}` },
    ],
    library: [`${canonicalUrl(base, t.id, 'Library')}|${t.version}`],
    action: [
      {
        title: t.title.nb,
        groupingBehavior: 'logical-group',
        selectionBehavior: 'at-most-one',
        action: [...t.rules.map((r) => action(r.outcome, t, r.id, r.when.source)), action(t.otherwise, t, 'otherwise')],
      },
    ],
  };
}

/** The Library holding the topic's file text (YAML). */
export function toLibrary(p: PublishedTopic, base: string): Library {
  const t = p.topic;
  return {
    resourceType: 'Library',
    id: t.id,
    meta: { versionId: t.version, lastUpdated: (p.publishedAt ?? p.effectiveFrom).toISOString() },
    url: canonicalUrl(base, t.id, 'Library'),
    version: t.version,
    name: `${t.id.replace(/-/g, '_')}_rules`,
    title: t.title.nb,
    status: p.state === 'retired' ? 'retired' : 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'logic-library' }] },
    date: (p.publishedAt ?? p.effectiveFrom).toISOString(),
    description: 'The referral-advice topic in the Radvis content format (content/guidelines/README.md): rules, outcomes, sources, defaults and test cases.',
    content: [{ contentType: 'application/yaml', title: `${t.id}.yaml`, data: Buffer.from(p.sourceYaml, 'utf8').toString('base64') }],
  };
}
