// R4 narrative.html: Narrative.div is "limited XHTML" — invariants txt-1 ("The narrative SHALL
// contain only the basic html formatting elements and attributes described in chapters 7-11
// (except section 4 of chapter 9) and 15 of the HTML 4.0 standard, <a> elements (either name or
// href), images and internally contained style attributes") and txt-2 ("The narrative SHALL have
// some non-whitespace content"); "The XHTML content SHALL NOT contain a head, a body, external
// stylesheet references, scripts, forms, base/link/xlink, frames, iframes and objects". R4
// security.html#narrative: a receiver must not pass active content on. Radvis keeps the narrative
// a record system sends and serves it back to every FHIR reader, so it is checked on the way in.
//
// Parsing is strict XML with namespaces by `saxes` (the well-formedness and namespace rules
// XHTML needs, maintained, no dependencies beyond its character tables; no FHIR library for
// JavaScript checks txt-1 — @medplum/core's validator accepts any string as xhtml). The element
// and attribute whitelists are the ones the HL7 reference validator applies for txt-1.
import { SaxesParser } from 'saxes';
import type { FieldError } from '../../http/errors.ts';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Elements txt-1 allows (HTML 4.0 chapters 7–11 and 15, a, img; not script, style, form, iframe, object …). */
const ELEMENTS = new Set(
  'p br div h1 h2 h3 h4 h5 h6 a span b em i strong small big tt dfn q var abbr acronym cite blockquote hr address bdo kbd sub sup ul ol li dl dt dd pre table caption colgroup col thead tr tfoot tbody th td code samp img map area'.split(
    ' ',
  ),
);
/** Attributes allowed on any element (core, i18n and table attributes). No event handler (`on…`) is among them. */
const ATTRIBUTES = new Set(
  'title style class id lang xml:lang dir accesskey tabindex span width align valign char charoff abbr axis headers scope rowspan colspan'.split(' '),
);
/** Attributes allowed on one element only. */
const ELEMENT_ATTRIBUTES = new Set(
  'a.href a.name a.charset a.type a.hreflang a.rel a.rev a.shape a.coords img.src img.border img.alt img.longdesc img.height img.width img.usemap img.ismap map.name area.shape area.coords area.href area.nohref area.alt blockquote.cite q.cite table.summary table.width table.border table.frame table.rules table.cellspacing table.cellpadding pre.space td.nowrap'.split(
    ' ',
  ),
);
/** Attributes holding a URL: only these schemes (and relative or fragment references) are allowed — no javascript:, vbscript:, data: other than a raster image … */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'longdesc', 'usemap']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'urn']);

/**
 * The problems of one Narrative.div value (`field` is its FHIRPath location, e.g.
 * `ServiceRequest.text.div`): not well-formed XML; the root not a `div` in the XHTML namespace; an
 * element or attribute outside the txt-1 whitelist (script, style, iframe, form, object, event
 * handlers …); a URL attribute with a scheme other than http(s), mailto, tel or urn (javascript:
 * and data: are active content); an element in another namespace; a processing instruction or
 * DOCTYPE; or no non-whitespace text or image (txt-2). Empty when the narrative is allowed.
 */
export function narrativeProblems(div: string, field: string): FieldError[] {
  const out: FieldError[] = [];
  const add = (message: string) => {
    if (!out.some((e) => e.message === message)) out.push({ field, message });
  };
  const parser = new SaxesParser({ xmlns: true, position: false });
  let depth = 0;
  let roots = 0;
  let content = false;
  parser.on('opentag', (tag) => {
    if (depth === 0) {
      roots++;
      if (tag.local !== 'div' || tag.uri !== XHTML_NS) add(`must be a <div> in the XHTML namespace (${XHTML_NS}) (txt-1)`);
    }
    depth++;
    if (tag.uri !== XHTML_NS) add(`element <${tag.name}> is not XHTML (txt-1)`);
    else if (!ELEMENTS.has(tag.local)) add(`element <${tag.local}> is not allowed in a narrative (txt-1: no scripts, styles, forms, frames or objects)`);
    if (tag.local === 'img') content = true;
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      const name = a.prefix === 'xml' ? `xml:${a.local}` : a.prefix ? null : a.local;
      if (name === null || !(ATTRIBUTES.has(name) || ELEMENT_ATTRIBUTES.has(`${tag.local}.${name}`))) {
        add(`attribute ${a.name} on <${tag.local}> is not allowed in a narrative (txt-1)`);
        continue;
      }
      if (URL_ATTRIBUTES.has(name)) {
        // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): read it as they do.
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec([...a.value].filter((c) => c.charCodeAt(0) > 0x20).join(''))?.[1]?.toLowerCase();
        // An image may be carried inside the narrative as a raster data: URL (never SVG, which can hold script).
        const inlineImage = tag.local === 'img' && name === 'src' && /^data:image\/(png|gif|jpeg|webp)[;,]/i.test(a.value.trim());
        if (scheme !== undefined && !SAFE_SCHEMES.has(scheme) && !inlineImage)
          add(`attribute ${name} on <${tag.local}> uses the URL scheme ${scheme}:, which is not allowed (active content)`);
      }
    }
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.on('text', (t) => {
    if (depth === 0 ? t.trim() !== '' : false) add('text outside the root <div> (txt-1)');
    if (depth > 0 && t.trim() !== '') content = true;
  });
  parser.on('cdata', (t) => {
    if (t.trim() !== '') content = true;
  });
  parser.on('processinginstruction', () => add('processing instructions are not allowed in a narrative (txt-1)'));
  parser.on('doctype', () => add('a DOCTYPE is not allowed in a narrative (txt-1)'));
  parser.on('error', (e) => {
    throw e;
  });
  try {
    parser.write(div).close();
  } catch (e) {
    return [{ field, message: `not well-formed XHTML: ${(e as Error).message.split('\n')[0]}` }];
  }
  if (roots !== 1 && out.length === 0) add('must be exactly one <div> element (txt-1)');
  if (!content) add('must have some non-whitespace content (txt-2)');
  return out;
}

/**
 * Every Narrative.div in a resource (its `text`, and the `text` of contained resources — any
 * object with a `div` string beside a `status`), each checked with `narrativeProblems`; `root`
 * names the resource type in the FHIRPath locations (`ServiceRequest.text.div`).
 */
export function resourceNarrativeProblems(resource: unknown, root: string): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.div === 'string' && path.endsWith('.text')) out.push(...narrativeProblems(o.div, `${path}.div`));
    for (const [k, x] of Object.entries(o)) if (k !== 'div') walk(x, `${path}.${k}`);
  };
  walk(resource, root);
  return out;
}
