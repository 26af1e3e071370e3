// The advice editor in English (issue 11): the topic's title and the exams' names in English where the
// content has them — the heading, the "Add exam" list and the exam tags use these.
import { describe, expect, it } from 'vitest';
import { examNameIn, topicTitleIn } from './names.ts';

describe('names in the advice editor', () => {
  const doc = { title: { nb: 'MR kne ved knesmerter', en: 'MR knee for knee pain' } };
  it("the topic's title in the editor's language, Norwegian where it has no English, the id where it has none", () => {
    expect(topicTitleIn(doc, 'en', 'kne')).toBe('MR knee for knee pain');
    expect(topicTitleIn(doc, 'nb', 'kne')).toBe('MR kne ved knesmerter');
    expect(topicTitleIn({ title: { nb: 'MR kne ved knesmerter', en: ' ' } }, 'en', 'kne')).toBe('MR kne ved knesmerter');
    expect(topicTitleIn({}, 'en', 'kne')).toBe('kne');
  });
  it("an exam's name in English from the catalogue, Norwegian in bokmål", () => {
    const exam = { code: 'SNG0AG', name: 'MR kne', nameEn: 'MR knee', bodyPart: 'kne' };
    expect(examNameIn(exam, 'en')).toBe('MR knee');
    expect(examNameIn(exam, 'nb')).toBe('MR kne');
    expect(examNameIn({ name: 'MR kne', nameEn: '' }, 'en')).toBe('MR kne');
  });
});
