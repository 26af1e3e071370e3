// The "register a record system" form (CDS Hooks clients): what the administrator types, checked
// in the browser before it is sent. The server checks again (auth/cds-clients.ts).
import type { MessageKey } from '../../shared/i18n/index.ts';

export interface CdsClientDraft {
  name: string;
  issuer: string;
  organizationId: string;
  keySource: 'jwks' | 'url';
  jwks: string;
  jwksUrl: string;
}

export interface CdsFormProblem {
  field: 'name' | 'issuer' | 'organizationId' | 'jwks' | 'jwksUrl';
  key: MessageKey;
}

export interface CdsClientBody {
  name: string;
  issuer: string;
  organizationId: string;
  jwks?: { keys: Record<string, unknown>[] };
  jwksUrl?: string;
}

const isUrl = (s: string) => {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
};

/** Problems with the draft, or the body to send when there are none. */
export function checkCdsClientDraft(d: CdsClientDraft): { problems: CdsFormProblem[]; body?: CdsClientBody } {
  const problems: CdsFormProblem[] = [];
  if (!d.name.trim()) problems.push({ field: 'name', key: 'form.error.required' });
  if (!d.issuer.trim()) problems.push({ field: 'issuer', key: 'form.error.required' });
  else if (!isUrl(d.issuer.trim())) problems.push({ field: 'issuer', key: 'cds.error.issuer' });
  if (!d.organizationId) problems.push({ field: 'organizationId', key: 'admin.error.noOrganization' });
  let jwks: CdsClientBody['jwks'];
  if (d.keySource === 'jwks') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(d.jwks);
    } catch {
      parsed = undefined;
    }
    // A single JWK is accepted and wrapped; a JWK Set must have keys.
    const set = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? ('keys' in parsed ? parsed : { keys: [parsed] }) : null;
    const keys = set && Array.isArray((set as { keys: unknown }).keys) ? ((set as { keys: unknown[] }).keys as Record<string, unknown>[]) : null;
    if (!keys || keys.length === 0 || keys.some((k) => !k || typeof k !== 'object' || typeof k.kty !== 'string'))
      problems.push({ field: 'jwks', key: 'cds.error.jwks' });
    else if (keys.some((k) => 'd' in k || 'k' in k)) problems.push({ field: 'jwks', key: 'cds.error.private' });
    else if (keys.some((k) => typeof k.kid !== 'string' || k.kid === '')) problems.push({ field: 'jwks', key: 'cds.error.kid' });
    else jwks = { keys };
  } else {
    const u = d.jwksUrl.trim();
    if (!isUrl(u)) problems.push({ field: 'jwksUrl', key: 'cds.error.url' });
    else {
      const url = new URL(u);
      const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) problems.push({ field: 'jwksUrl', key: 'cds.error.https' });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    body: {
      name: d.name.trim(),
      issuer: d.issuer.trim(),
      organizationId: d.organizationId,
      ...(d.keySource === 'jwks' ? { jwks } : { jwksUrl: d.jwksUrl.trim() }),
    },
  };
}
