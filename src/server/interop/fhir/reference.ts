// Reference search values (R4 search.html#reference): `[type]/[id]`, a bare `[id]`, or an absolute
// URL. Shared by every FHIR search Radvis serves, so an absolute URL means the same everywhere.

/** FHIR id syntax (R4 datatypes.html#id). */
const ID = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * The path of `url` below `base` when `url` lies on this server (same scheme, host and port —
 * case-insensitive, the default port implied — and under the base path on a segment boundary),
 * else null.
 */
function belowBase(url: string, base: string): string | null {
  let u: URL;
  let b: URL;
  try {
    u = new URL(url);
    b = new URL(base);
  } catch {
    return null;
  }
  if (u.protocol !== b.protocol || u.host !== b.host || u.search !== '' || u.hash !== '') return null;
  const prefix = `${b.pathname.replace(/\/$/, '')}/`;
  return u.pathname.startsWith(prefix) ? u.pathname.slice(prefix.length) : null;
}

/**
 * What a reference search value names, for a parameter whose targets in Radvis are of `type`
 * (search.html#reference):
 * - `Type/id` → the id when Type is `type`, else `'other'` (another resource type: matches nothing);
 * - a bare `id` → the id;
 * - an absolute URL → as `Type/id` when it lies under this server's FHIR base `base` (…/fhir);
 *   under any other base it is another server's resource, which no Radvis resource is: `'other'`
 *   (it used to be read as the local resource with the same id);
 * - a token `system|value` or anything else → null (not a reference: the caller answers 400).
 */
export function referenceTarget(value: string, type: string, base?: string): string | 'other' | null {
  // `system|value` is a token (an identifier), not a reference: the caller says to use :identifier.
  if (value.includes('|')) return null;
  let rel = value;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) {
    const below = base ? belowBase(value, base) : null;
    if (below === null) return /^https?:\/\/[^/]+\/.*[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/.test(value) || /^urn:/i.test(value) ? 'other' : null;
    rel = below;
  }
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/.exec(rel);
  if (m) return m[1] === type ? m[2]! : 'other';
  return rel === value && ID.test(value) ? value : null;
}

/**
 * A literal reference as this server reads it (R4 references.html#literal: "a relative reference,
 * or an absolute URL"; an absolute URL at this server's base names the same resource as the
 * relative one): `{base}/Organization/x` → `Organization/x` (with `/_history/{vid}` kept) when
 * `reference` lies under `base` (…/fhir; same scheme, host and port, on a segment boundary);
 * anything else — a relative, `#contained`, or another server's URL — is returned unchanged.
 */
export function localReference(reference: string, base: string | undefined): string {
  if (!base || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(reference)) return reference;
  const below = belowBase(reference, base);
  return below !== null && /^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/.test(below) ? below : reference;
}
