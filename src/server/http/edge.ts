// Checks every request meets at the edge, before any route's own schema: what reaches SQL holds
// no NUL (PostgreSQL text cannot) and no number that is not finite or beyond the safe-integer
// range (`1e999` parses as Infinity); compressed bodies are refused with 415 (Radvis reads
// identity-encoded bodies only); API answers are never cached (they carry patient data).
import type { FastifyInstance } from 'fastify';
import { BadUrl, Invalid, UnsupportedMediaType, type FieldError } from './errors.ts';

const MAX_DEPTH = 64;

/**
 * Walks a parsed value and returns the first problems found (at most 10): strings or keys with
 * U+0000, numbers that are not finite or beyond ±2^53−1, nesting deeper than 64.
 */
export function findUnsafeValues(value: unknown, root: string): FieldError[] {
  const out: FieldError[] = [];
  // The path to the value being looked at, joined only when a problem is found (a body is walked
  // on every request; building every node's path string cost more than the checks).
  const path: (string | number)[] = [root];
  const at = () => path.join('.');
  const walk = (v: unknown, depth: number) => {
    if (out.length >= 10) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) out.push({ field: at(), message: 'must not contain NUL (U+0000)' });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) out.push({ field: at(), message: 'must be a finite number within ±9007199254740991' });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return void out.push({ field: at(), message: `nested deeper than ${MAX_DEPTH}` });
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          walk(v[i], depth + 1);
          path.pop();
        }
      } else
        for (const k in v) {
          if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
          if (k.includes('\u0000')) out.push({ field: at(), message: 'a key must not contain NUL (U+0000)' });
          path.push(k);
          walk((v as Record<string, unknown>)[k], depth + 1);
          path.pop();
        }
    }
  };
  walk(value, 0);
  return out;
}

/** A query parameter's name decoded for an error message, or a placeholder when it cannot be. */
function readableName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return '(name not readable)';
  }
}

/**
 * The names of query-string parameters whose percent-encoding cannot be decoded as UTF-8
 * (`q=%E0%A4%A`, `%zz`), at most 10. Fastify's query parser keeps such text as it is, so a search
 * would silently run on a value the client never meant; RFC 3986 § 2.1 percent-encoding, WHATWG
 * URL `application/x-www-form-urlencoded` (`+` is a space).
 */
export function badlyEncodedQueryParameters(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0 || !url.includes('%', q)) return [];
  const out: string[] = [];
  for (const part of url.slice(q + 1).split('&')) {
    if (!part.includes('%')) continue;
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      out.push(readableName(part.split('=')[0]!).slice(0, 64) || '(empty)');
      if (out.length >= 10) break;
    }
  }
  return out;
}

/** Paths whose answers may hold patient data: never stored by a browser or proxy. */
function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/fhir') || url.startsWith('/cds-services');
}

export function registerEdgeChecks(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const enc = request.headers['content-encoding'];
    if (enc !== undefined && enc.trim().toLowerCase() !== 'identity') {
      throw new UnsupportedMediaType(`Content-Encoding ${enc} is not supported; send the body uncompressed`);
    }
    const bad = badlyEncodedQueryParameters(request.url);
    if (bad.length > 0) {
      throw new BadUrl(
        `Bad percent-encoding in the query string: ${bad.join(', ')}`,
        bad.map((field) => ({ field: `query.${field}`, message: 'bad percent-encoding' })),
      );
    }
  });
  app.addHook('preValidation', async (request) => {
    const problems = [...findUnsafeValues(request.params, 'params'), ...findUnsafeValues(request.query, 'query'), ...findUnsafeValues(request.body, 'body')];
    if (problems.length > 0) {
      const fields = problems.map((p) => ({ ...p, field: p.field.replace(/^body\./, '') }));
      throw new Invalid(`Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (isApiPath(request.url) && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
  });
}
