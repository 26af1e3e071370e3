// Who is ordering? CDS Hooks 2.0 order-select/order-sign give `context.userId` as
// `Practitioner/{id}` or `PractitionerRole/{id}` (the spec's own R4 example uses PractitionerRole).
// Radvis needs the user's referral rights (chiropractors and manual therapists have limited ones,
// content/codes/referral-rights.yaml), so it finds the person behind either form:
//   1. `Practitioner/{id}` where id is one of our person ids or HPR numbers → our directory;
//   2. otherwise the resource itself, from prefetch.user (discovery asks for `{{context.userId}}`)
//      or read from the client's allowed fhirServer; a PractitionerRole leads on to its
//      practitioner (prefetch.practitioner, a contained resource, an HPR identifier on the
//      reference, or a read from fhirServer);
//   3. from a Practitioner resource: its HPR number (identifier system urn:oid:2.16.578.1.12.4.1.4.4,
//      or the NamingSystem URI http://hl7.no/fhir/NamingSystem/HPR, HL7 Norway no-basis) looked up in our directory, else its HPR category
//      (qualification, Volven 9060: LE lege → full rights, KI kiropraktor, MT manuellterapeut →
//      limited; MT as NAV's HPR rules use it — a clinical editor must confirm the mapping).
// A PractitionerRole never widens the rights of its practitioner, and when the user is named twice
// (two HPR numbers, a reference and an identifier that disagree) the narrower rights count. When none of this gives an
// answer, the user gets least rights (deny by default, routes.ts): advice only, and a card saying the
// rights are not confirmed where they decide the answer. Several codes on one PractitionerRole: the
// narrowest counts (kindFromRoleCategories).
import type { ReferrerKind } from '../../db/schema.ts';
import { isHprSystem } from '../../directory/identifiers.ts';

export const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';
export const HPR_CATEGORY_SYSTEMS = [
  'urn:oid:2.16.578.1.12.4.1.1.9060',
  'http://helsedir.no/fhir/CodeSystem/no-kodeverk-9060',
  'http://ehelse.no/fhir/CodeSystem/no-kodeverk-9060',
];

/** Volven 9060 categories that decide referral rights; other categories say nothing here. */
const CATEGORY_KIND: Record<string, ReferrerKind | 'physician'> = { LE: 'physician', KI: 'chiropractor', MT: 'manual_therapist' };

export type UserRef = { type: 'Practitioner' | 'PractitionerRole'; id: string };

/** Parses `Practitioner/{id}` or `PractitionerRole/{id}` (FHIR id syntax); anything else → null. */
export function parseUserId(userId: string | undefined): UserRef | null {
  const m = userId ? /^(Practitioner|PractitionerRole)\/([A-Za-z0-9\-.]{1,64})$/.exec(userId) : null;
  return m ? { type: m[1] as UserRef['type'], id: m[2] } : null;
}

/** The user's referral rights: `kind` null means full rights (a physician); `resolved` false means unknown. */
export type UserRights = { resolved: true; kind: ReferrerKind | null; via: 'directory' | 'prefetch' | 'fhirServer' } | { resolved: false };

export interface UserLookup {
  /** Our directory: the referrer kind of a person by our id or HPR number; undefined when unknown. */
  local(idOrHpr: string): Promise<{ kind: ReferrerKind | null } | undefined>;
  /** Reads a resource from the client's allowed fhirServer; null when there is none or it fails. */
  remote(type: string, id: string): Promise<Record<string, unknown> | null>;
  /**
   * Reads a resource of `type` by absolute URL, only when the URL lies under the client's allowed
   * fhirServer (normalized, `{base}/{type}/{id}`); null otherwise — nothing is fetched.
   */
  remoteUrl?(url: string, type: string): Promise<Record<string, unknown> | null>;
}

type Resource = Record<string, unknown>;
interface Coding {
  system?: unknown;
  code?: unknown;
}

/** Where unbundleUser keeps a prefetched Bundle's Practitioners by entry fullUrl (not a prefetch key a client can send). */
const PRACTITIONER_URLS = Symbol('practitionersByFullUrl');

const isObj = (x: unknown): x is Resource => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** Every HPR number among the identifiers (distinct, in order). */
function hprsOf(identifiers: unknown): string[] {
  const out: string[] = [];
  for (const i of arr(identifiers)) {
    // The OID or the NamingSystem URI (breakit28: a GP named under http://hl7.no/fhir/NamingSystem/HPR got least rights).
    if (isObj(i) && isHprSystem(i.system) && typeof i.value === 'string' && /^\d{4,9}$/.test(i.value) && !out.includes(i.value)) out.push(i.value);
  }
  return out;
}

/** Referrer kinds with limited referral rights (content/codes/referral-rights.yaml `limited`). */
const LIMITED: ReadonlySet<ReferrerKind> = new Set(['chiropractor', 'manual_therapist'] as ReferrerKind[]);

type Kind = { kind: ReferrerKind | null };

/**
 * The rights when several sources name the user (two HPR numbers on one Practitioner, a
 * PractitionerRole whose practitioner reference and identifier name different people): never the
 * widest — a limited kind wins over full rights; two different limited kinds cannot be told apart
 * and give `'conflict'` (the caller treats the user as unknown: 412 when the rights matter).
 */
function narrowest(found: (Kind | undefined)[]): Kind | undefined | 'conflict' {
  const known = found.filter((k): k is Kind => k !== undefined);
  if (known.length === 0) return undefined;
  const limited = [...new Set(known.map((k) => k.kind).filter((k): k is ReferrerKind => k !== null && LIMITED.has(k)))];
  if (limited.length > 1) return 'conflict';
  if (limited.length === 1) return { kind: limited[0] };
  return known[0];
}

function categoriesOf(concepts: unknown[]): string[] {
  const out: string[] = [];
  for (const c of concepts) {
    for (const coding of arr(isObj(c) ? c.coding : undefined) as Coding[]) {
      if (isObj(coding) && typeof coding.system === 'string' && HPR_CATEGORY_SYSTEMS.includes(coding.system) && typeof coding.code === 'string')
        out.push(coding.code.toUpperCase());
    }
  }
  return out;
}

/** Rights from HPR categories: a physician category gives full rights; else the first limited one. */
function kindFromCategories(categories: string[]): { kind: ReferrerKind | null } | undefined {
  const kinds = categories.map((c) => CATEGORY_KIND[c]).filter((k) => k !== undefined);
  if (kinds.length === 0) return undefined;
  if (kinds.includes('physician')) return { kind: null };
  return { kind: kinds[0] as ReferrerKind };
}

/**
 * Rights from a PractitionerRole's own codes (R4 PractitionerRole.code and specialty, 0..*): the
 * role is the capacity the user orders in, and a role never widens — so with several codes the
 * narrowest counts (a limited kind over a physician's; two different limited kinds → 'conflict',
 * the user is then unknown and gets least rights). A Practitioner's qualifications are different:
 * a person may hold several, and a physician's is what lets them refer (kindFromCategories).
 */
function kindFromRoleCategories(categories: string[]): Kind | undefined | 'conflict' {
  return narrowest(
    categories
      .map((c) => CATEGORY_KIND[c])
      .filter((k) => k !== undefined)
      .map((k) => ({ kind: k === 'physician' ? null : k })),
  );
}

async function fromPractitioner(p: Resource, lookup: UserLookup): Promise<Kind | undefined | 'conflict'> {
  // Several HPR numbers on one Practitioner: the narrowest rights among the known ones.
  const known = await Promise.all(hprsOf(p.identifier).map((h) => lookup.local(h)));
  if (known.some((k) => k !== undefined)) return narrowest(known);
  return kindFromCategories(categoriesOf(arr(p.qualification).map((q) => (isObj(q) ? q.code : undefined))));
}

function matches(r: unknown, ref: UserRef): r is Resource {
  return isObj(r) && r.resourceType === ref.type && (r.id === undefined || r.id === ref.id);
}

/**
 * A client may prefetch the user with a search (`PractitionerRole?_id={{userPractitionerRoleId}}
 * &_include=PractitionerRole:practitioner`) and send a searchset Bundle as prefetch.user: the
 * entry that is the user becomes `user`, and an included Practitioner `practitioner`.
 */
function unbundleUser(prefetch: Record<string, unknown> | undefined, ref: UserRef): Record<string, unknown> | undefined {
  const user = prefetch?.user;
  if (!isObj(user) || user.resourceType !== 'Bundle') return prefetch;
  const resources = arr(user.entry)
    .map((e) => (isObj(e) ? e.resource : undefined))
    .filter(isObj);
  const self = resources.find((r) => r.resourceType === ref.type && r.id === ref.id);
  // Every other Practitioner in the Bundle: the role's practitioner reference picks its own by id
  // (a Bundle may hold more than one, e.g. with `_include` of several roles) or by the entry's
  // fullUrl — a `urn:uuid:` (or absolute) reference resolves to the entry with that fullUrl, R4
  // bundle.html#references (breakit28: such a role's practitioner was not found, least rights).
  const practitioners = resources.filter((r) => r.resourceType === 'Practitioner' && r !== self);
  const practitionerUrls = new Map<string, Resource>();
  for (const e of arr(user.entry)) {
    if (isObj(e) && typeof e.fullUrl === 'string' && isObj(e.resource) && e.resource.resourceType === 'Practitioner' && e.resource !== self)
      practitionerUrls.set(e.fullUrl, e.resource);
  }
  return {
    ...prefetch,
    user: self ?? null,
    ...(practitioners.length && !isObj(prefetch?.practitioner) ? { practitioners } : {}),
    [PRACTITIONER_URLS]: practitionerUrls,
  };
}

/**
 * The rights of the practitioner a PractitionerRole's `practitioner.reference` names:
 * `Practitioner/{id}` (our directory by id or HPR number, else the prefetched Practitioner with that
 * id — `prefetch.practitioner` or one of a Bundle's — else a read from the allowed fhirServer), or an
 * absolute URL, which is read only when it lies under the client's allowed fhirServer
 * (`lookup.remoteUrl`); any other server's URL is never fetched.
 */
async function fromReference(reference: string, prefetch: Record<string, unknown> | undefined, lookup: UserLookup): Promise<Kind | undefined | 'conflict'> {
  const inBundle = (prefetch as { [PRACTITIONER_URLS]?: Map<string, Resource> } | undefined)?.[PRACTITIONER_URLS]?.get(reference);
  if (inBundle) return fromPractitioner(inBundle, lookup);
  if (/^https?:/i.test(reference)) {
    const p = lookup.remoteUrl ? await lookup.remoteUrl(reference, 'Practitioner') : null;
    return p && p.resourceType === 'Practitioner' ? fromPractitioner(p, lookup) : undefined;
  }
  const m = /^Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  if (!m) return undefined;
  const local = await lookup.local(m[1]);
  if (local) return local;
  const candidates = [prefetch?.practitioner, ...arr(prefetch?.practitioners)];
  const pf = candidates.find((c) => isObj(c) && c.resourceType === 'Practitioner' && (c.id === undefined || c.id === m[1]));
  const p = isObj(pf) ? pf : await lookup.remote('Practitioner', m[1]);
  return p && p.resourceType === 'Practitioner' ? fromPractitioner(p, lookup) : undefined;
}

/**
 * Finds the referral rights of the CDS user (see the file comment for the order of sources).
 * `prefetch` is the request's prefetch object (`user`, optionally `practitioner`).
 */
export async function resolveUserRights(userId: string | undefined, prefetch0: Record<string, unknown> | undefined, lookup: UserLookup): Promise<UserRights> {
  const ref = parseUserId(userId);
  if (!ref) return { resolved: false };
  const prefetch = unbundleUser(prefetch0, ref);
  if (ref.type === 'Practitioner') {
    const known = await lookup.local(ref.id);
    if (known) return { resolved: true, kind: known.kind, via: 'directory' };
  }
  let via: 'prefetch' | 'fhirServer' = 'prefetch';
  let user: Resource | null = matches(prefetch?.user, ref) ? (prefetch!.user as Resource) : null;
  if (!user) {
    user = await lookup.remote(ref.type, ref.id);
    via = 'fhirServer';
    if (user && !matches(user, ref)) user = null;
  }
  if (!user) return { resolved: false };
  if (ref.type === 'Practitioner') {
    const r = await fromPractitioner(user, lookup);
    return r && r !== 'conflict' ? { resolved: true, kind: r.kind, via } : { resolved: false };
  }
  // PractitionerRole: the practitioner's rights decide; the role's own code may name a category too.
  const roleCategories = categoriesOf([...arr(user.code), ...arr(user.specialty)]);
  const pr = isObj(user.practitioner) ? user.practitioner : {};
  const reference = typeof pr.reference === 'string' ? pr.reference : undefined;
  // The practitioner may be named twice — by an HPR identifier and by a reference. Both are read,
  // and when they disagree the narrower rights count (a role never widens its practitioner's).
  const named: (Kind | undefined | 'conflict')[] = [];
  const hprs = isObj(pr.identifier) ? hprsOf([pr.identifier]) : [];
  if (hprs.length) named.push(await lookup.local(hprs[0]));
  if (reference?.startsWith('#')) {
    const contained = arr(user.contained).find((c) => isObj(c) && c.resourceType === 'Practitioner' && `#${String(c.id)}` === reference);
    if (isObj(contained)) named.push(await fromPractitioner(contained, lookup));
  } else if (reference) named.push(await fromReference(reference, prefetch, lookup));
  if (named.includes('conflict')) return { resolved: false };
  const practitioner = narrowest(named as (Kind | undefined)[]);
  if (practitioner === 'conflict') return { resolved: false };
  const fromRole = kindFromRoleCategories(roleCategories);
  if (fromRole === 'conflict') return { resolved: false };
  // A role never widens its practitioner's rights: a limited practitioner stays limited.
  if (practitioner) return { resolved: true, kind: practitioner.kind ?? fromRole?.kind ?? null, via };
  return fromRole ? { resolved: true, kind: fromRole.kind, via } : { resolved: false };
}
