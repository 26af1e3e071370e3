// Narrative XHTML (R4 narrative.html txt-1/txt-2) and choice elements (R4 json.html) as the
// structure check reads them: what is refused, and what a record system's ordinary narrative keeps.
import { describe, expect, it } from 'vitest';
import { choiceProblems } from './definitions.ts';
import { narrativeProblems } from './narrative.ts';
import { toServiceRequest } from './service-request.ts';

const X = 'xmlns="http://www.w3.org/1999/xhtml"';
const bad = (div: string) => narrativeProblems(div, 'ServiceRequest.text.div').map((e) => e.message);

describe('narrativeProblems (txt-1, txt-2)', () => {
  it.each([
    [`<div ${X}><script>alert(1)</script>x</div>`, /<script>/],
    [`<div ${X}><style>p{}</style>x</div>`, /<style>/],
    [`<div ${X}><iframe src="https://e.example"/>x</div>`, /<iframe>/],
    [`<div ${X}><form><p>x</p></form></div>`, /<form>/],
    [`<div ${X}><object data="x"/>x</div>`, /<object>/],
    [`<div ${X}><p onclick="x()">x</p></div>`, /onclick/],
    [`<div ${X}><img src="x.png" onerror="x()" alt="x"/></div>`, /onerror/],
    [`<div ${X}><a href="javascript:alert(1)">x</a></div>`, /javascript:/],
    [`<div ${X}><a href=" JaVa&#x09;Script:alert(1)">x</a></div>`, /javascript:/],
    [`<div ${X}><img src="data:image/svg+xml,&lt;svg/&gt;" alt="x"/></div>`, /data:/],
    [`<div ${X}><svg xmlns="http://www.w3.org/2000/svg"/>x</div>`, /not XHTML/],
    [`<div>x</div>`, /XHTML namespace/],
    [`<p ${X}>x</p>`, /<div>/],
    [`<div ${X}>  </div>`, /txt-2/],
    [`<div ${X}><p>x</div>`, /well-formed/],
    [`<div ${X}>x</div><div ${X}>y</div>`, /well-formed|exactly one/],
    [`<?xml-stylesheet href="x.css"?><div ${X}>x</div>`, /processing instruction/],
  ])('%s is refused', (div, why) => {
    const problems = bad(div);
    expect(problems.length, JSON.stringify(problems)).toBeGreaterThan(0);
    expect(problems.join(' | ')).toMatch(why);
  });

  it.each([
    `<div ${X}><p>Henvisning: MR kne, <b>hastegrad</b> rutine &amp; ø/æ/å.</p></div>`,
    `<div ${X} xml:lang="nb" lang="nb"><table class="t"><tbody><tr><th scope="col">A</th><td colspan="2" style="color:red">1</td></tr></tbody></table></div>`,
    `<div ${X}><a href="https://radvis.example/fhir/ServiceRequest/1">lenke</a> <a href="#x">x</a> <a name="x">y</a></div>`,
    `<div ${X}><img src="data:image/png;base64,iVBORw0KGgo=" alt="bilde"/></div>`,
    `<div ${X}><ul><li>en</li><li>to</li></ul><!-- kommentar --></div>`,
  ])('%s is allowed', (div) => {
    expect(bad(div)).toEqual([]);
  });
});

describe('choiceProblems (one choice per element, anywhere in the resource)', () => {
  it('names every choice element given with two types, nested ones included', () => {
    const problems = choiceProblems(
      {
        resourceType: 'ServiceRequest',
        occurrenceDateTime: '2026-12-20',
        occurrencePeriod: { start: '2027-01-10' },
        extension: [{ url: 'http://e.example/x', valueString: 'a', valueBoolean: true }],
        note: [{ authorString: 'a', authorReference: { reference: 'Practitioner/x' }, text: 't' }],
      },
      'ServiceRequest',
    ).map((e) => e.field);
    expect(problems.sort()).toEqual(['ServiceRequest.extension[0].value[x]', 'ServiceRequest.note[0].author[x]', 'ServiceRequest.occurrence[x]']);
  });

  it('a primitive with its _ sibling is one choice; one choice of each element is fine', () => {
    expect(
      choiceProblems(
        { resourceType: 'ServiceRequest', occurrenceDateTime: '2026-12-20', _occurrenceDateTime: { extension: [] }, asNeededBoolean: true },
        'ServiceRequest',
      ),
    ).toEqual([]);
    expect(
      choiceProblems({ resourceType: 'ServiceRequest', occurrenceTiming: {}, _occurrenceDateTime: { id: 'x' } }, 'ServiceRequest').map((e) => e.field),
    ).toEqual(['ServiceRequest.occurrence[x]']);
  });
});

describe('toServiceRequest (what is served)', () => {
  const view = (text: unknown) =>
    ({
      id: 'r1',
      version: 1,
      updated_at: '2026-12-01T08:00:00Z',
      patient_id: 'p1',
      fnr: '31836000067',
      given_name: 'A',
      family_name: 'B',
      exam_code: 'SNG0AG',
      exam_name: 'MR kne',
      department_org_id: 'd1',
      department_name: 'Radiologi',
      referrer_person_id: 'gp1',
      referrer_hpr: null,
      referrer_given_name: 'C',
      referrer_family_name: 'D',
      indication_system: null,
      indication_code: null,
      clinical_question: null,
      clinical_note: null,
      urgency: 'routine',
      status: 'submitted',
      submitted_at: null,
      authored_on: null,
      identifier_system: null,
      identifier_value: null,
      fhir_resource: { resourceType: 'ServiceRequest', text },
    }) as const;
  it('serves a stored narrative R4 allows, and leaves out one with active content (stored before the check)', () => {
    const ok = { status: 'generated', div: `<div ${X}><p>Henvisning</p></div>` };
    expect(toServiceRequest(view(ok)).text).toEqual(ok);
    expect(toServiceRequest(view({ status: 'generated', div: `<div ${X}><script>alert(1)</script>x</div>` })).text).toBeUndefined();
    expect(toServiceRequest(view(undefined)).text).toBeUndefined();
  });
});
