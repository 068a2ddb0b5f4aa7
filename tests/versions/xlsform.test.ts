import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition, formatProblem } from '../../server/surveys/definition-rules.ts';
import { readXlsFormWorkbook } from '../../server/versions/service.ts';
import { convertXlsForm, formatReportItem, parseRelevant, type SheetRow } from '../../server/versions/xlsform.ts';
import { PARENTS_XLSFORM, workbookBytes, type Sheets } from './xlsform-workbooks.ts';

// XLSForm to definition: every supported feature mapped, every unsupported row reported.

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'xlsform', 'parents-support.xlsx');

async function convert(sheets: Sheets, fallbackVersion = 1) {
  const conversion = convertXlsForm(await readXlsFormWorkbook(await workbookBytes(sheets)), { fallbackVersion });
  return { ...conversion, lines: conversion.report.map(formatReportItem), doc: conversion.document as any };
}

const questionsOf = (doc: any) => doc.pages.flatMap((p: any) => p.questions);
const q = (doc: any, id: string) => questionsOf(doc).find((x: any) => x.id === id);

describe('the committed parents-support.xlsx fixture', () => {
  it('is what make-xlsform-fixture.ts writes from PARENTS_XLSFORM', async () => {
    const committed = convertXlsForm(await readXlsFormWorkbook(new Uint8Array(readFileSync(FIXTURE))), { fallbackVersion: 1 });
    const fresh = await convert(PARENTS_XLSFORM);
    expect(committed.document).toEqual(fresh.document);
    expect(committed.report).toEqual(fresh.report);
  });

  it('maps settings, groups as pages, notes as intros, languages and every supported type', async () => {
    const { doc } = await convert(PARENTS_XLSFORM);
    expect(doc.slug).toBe('parents-support-2024');
    expect(doc.version).toBe(2024031501);
    expect(doc.title).toEqual({ en: 'Parents and support' });
    expect(doc.languages).toEqual(['en', 'cy']);
    expect(doc.pages.map((p: any) => p.id)).toEqual(['about_you', 'support', 'page_2']);
    expect(doc.pages[0].title).toEqual({ en: 'About you', cy: 'Amdanoch chi' });
    // The welcome note (outside any group, before it) becomes the intro of the first page with questions.
    expect(doc.pages[0].intro).toEqual({
      en: 'Thank you for taking part.\n\nIt takes about 5 minutes.',
      cy: 'Diolch am gymryd rhan.\n\nMae’n cymryd tua 5 munud.',
    });
    expect(doc.pages[1].intro).toEqual({ en: 'These questions are about support.', cy: 'Mae’r cwestiynau hyn am gymorth.' });
    // Nested group "inner" is flattened into "about_you".
    expect(doc.pages[0].questions.map((x: any) => x.id)).toEqual(['age_band', 'parent', 'children', 'hours_sleep']);

    expect(q(doc, 'age_band')).toEqual({
      id: 'age_band',
      type: 'single-choice',
      text: { en: 'How old are you?', cy: 'Faint yw eich oed?' },
      required: true,
      options: [
        { code: 'u25', label: { en: 'Under 25', cy: 'O dan 25' } },
        { code: '25_34', label: { en: '25 to 34', cy: '25 i 34' } },
        { code: '35plus', label: { en: '35 or over', cy: '35 neu hŷn' } },
      ],
    });
    expect(q(doc, 'parent').required).toBe(true); // TRUE() as a formula
    expect(q(doc, 'children')).toMatchObject({
      type: 'number',
      integer: true,
      min: 1,
      max: 10,
      required: true,
      hint: { en: 'Enter a number', cy: 'Rhowch rif' },
      showIf: { question: 'parent', in: ['yes'] },
    });
    expect(q(doc, 'hours_sleep')).toMatchObject({ type: 'number', integer: false, required: false });
    expect(q(doc, 'hours_sleep').min).toBeUndefined();
    expect(q(doc, 'sources')).toMatchObject({ type: 'multiple-choice', showIf: { question: 'parent', in: ['yes'] } });
    expect(q(doc, 'sources').options.map((o: any) => o.code)).toEqual(['hv', 'gp', 'family', 'other']);
    // The group's relevant and the question's own are combined.
    expect(q(doc, 'welcome_support').showIf).toEqual({
      all: [{ question: 'parent', in: ['yes'] }, { any: [{ question: 'sources', in: ['hv'] }, { not: { question: 'age_band', in: ['u25'] } }] }],
    });
    expect(q(doc, 'other_source')).toMatchObject({ type: 'short-text', required: false });
    expect(q(doc, 'other_source').showIf.all[1]).toEqual({ question: 'sources', answered: true });
    expect(q(doc, 'comments')).toMatchObject({ type: 'long-text', required: false });
    expect(q(doc, 'comments').showIf).toBeUndefined();
    expect(q(doc, 'visits_count')).toMatchObject({ type: 'number', integer: true });
    // Nothing unsupported slipped in.
    expect(questionsOf(doc).map((x: any) => x.id)).not.toContain('children_x2');
    expect(questionsOf(doc).map((x: any) => x.id)).not.toContain('child_age');
  });

  it('lists every row it could not carry over, by sheet and row', async () => {
    const { lines } = await convert(PARENTS_XLSFORM);
    expect(lines).toEqual([
      'survey row 3: type start is not supported; skipped',
      'survey row 7: constraint_message::english (en) is not used (Attune shows its own messages); ignored',
      'survey row 8: type calculate is not supported; skipped',
      'survey row 9: group "inner" is inside group "about_you"; nested groups are flattened, so its questions go on the page of "about_you" and its label is not shown',
      'survey row 10: constraint ". > 0" is not supported (only ". >= a and . <= b"); ignored',
      'survey row 15: appearance "minimal" is not supported; ignored',
      'survey row 18: type geopoint is not supported; skipped',
      'survey row 19: column "choice_filter" (country=${age_band}) is not supported; ignored',
      'survey row 21: repeat group "child" is not supported; it and everything inside it are skipped',
      'survey row 22: "child_age" is inside repeat group "child"; skipped',
      'survey row 24: relevant "string-length(${age_band}) > 2" cannot be used (it uses syntax Attune cannot read); the question is always shown',
      'survey row 25: type select_one_from_file schools.csv is not supported; skipped',
      'survey row 26: type range is not supported; skipped',
      'survey row 27: name "Visits-Count" becomes id "visits_count" (ids use a-z, 0-9 and _ and start with a letter)',
      'survey row 27: constraint "regex(., "[0-9]+")" is not supported (only ". >= a and . <= b"); ignored',
      'choices: column "country" is not supported (rows 15, 16); ignored',
      'settings row 2: form_id "Parents_Support_2024" becomes the slug "parents-support-2024"',
      'settings row 2: instance_name "concat(\'p-\', ${age_band})" is not supported; ignored',
    ]);
  });

  it('leaves only the metadata XLSForm lacks as definition problems', async () => {
    const { doc } = await convert(PARENTS_XLSFORM);
    const check = checkDefinition(doc);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual([
      'description: is required',
      'metadata.organisation: is required',
      'metadata.population: is required',
      'metadata.geography: is required',
      'metadata.privacyNotice: is required',
    ]);
  });
});

describe('convertXlsForm details', () => {
  const survey = (...rows: (string | null)[][]): Sheets['survey'] => [['type', 'name', 'label', 'required', 'relevant', 'appearance'], ...rows];
  const yesNo = [
    ['list_name', 'name', 'label'],
    ['yn', 'y', 'Yes'],
    ['yn', 'n', 'No'],
  ];

  it('reads a plain label column as English, or as the default language when that is Welsh', async () => {
    const english = await convert({ survey: survey(['text', 'name_q', 'Your name', 'no']) });
    expect(q(english.doc, 'name_q').text).toEqual({ en: 'Your name' });
    expect(english.doc.languages).toEqual(['en']);
    const welshDefault = await convert({
      survey: [
        ['type', 'name', 'label', 'label::English (en)'],
        ['text', 'enw', 'Eich enw', 'Your name'],
      ],
      settings: [['default_language'], ['Welsh (cy)']],
    });
    expect(q(welshDefault.doc, 'enw').text).toEqual({ en: 'Your name', cy: 'Eich enw' });
    expect(welshDefault.doc.languages).toEqual(['en', 'cy']);
  });

  it('reports label columns in languages Attune does not offer', async () => {
    const { lines, doc } = await convert({
      survey: [
        ['type', 'name', 'label::English (en)', 'label::French (fr)'],
        ['text', 'nom', 'Name', 'Nom'],
      ],
    });
    expect(q(doc, 'nom').text).toEqual({ en: 'Name' });
    expect(lines).toEqual(['survey: column "label::french (fr)": french (fr) is not supported (Attune offers English and Welsh); ignored']);
  });

  it('reads required as yes, true or TRUE(), and reports anything else', async () => {
    const { doc, lines } = await convert({
      survey: survey(['text', 'a', 'A', 'yes'], ['text', 'b', 'B', 'TRUE()'], ['text', 'c', 'C', 'no'], ['text', 'd', 'D', '${a} != \'\'']),
    });
    expect(questionsOf(doc).map((x: any) => x.required)).toEqual([true, true, false, false]);
    expect(lines).toEqual(["survey row 5: required \"${a} != ''\" is not yes or no; the question is optional"]);
  });

  it('uses settings.version when it is a whole number that fits, otherwise reports it', async () => {
    const make = (version: string) => convert({ survey: survey(['text', 'a', 'A']), settings: [['version'], [version]] }, 7);
    expect((await make('3')).doc.version).toBe(3);
    const bad = await make('v1.2');
    expect(bad.doc.version).toBe(7);
    expect(bad.lines).toEqual(['settings row 2: version "v1.2" is not a whole number Attune can store; the draft is version 7']);
    expect((await make('20240315011')).doc.version).toBe(7);
  });

  it('reports a select whose list is missing and "or_other"', async () => {
    const { doc, lines } = await convert({
      survey: survey(['select_one nolist', 'a', 'A'], ['select_one yn or_other', 'b', 'B']),
      choices: yesNo,
    });
    expect(q(doc, 'a').options).toEqual([]);
    expect(q(doc, 'b').options.map((o: any) => o.code)).toEqual(['y', 'n']);
    expect(lines).toEqual([
      'survey row 2: choice list "nolist" is not on the choices sheet; the question has no options',
      'survey row 3: "or_other" after the list name is not supported (no "other" option is added); ignored',
    ]);
  });

  it('makes choice names into valid codes and says so', async () => {
    const { doc, lines } = await convert({
      survey: survey(['select_one l', 'a', 'A']),
      choices: [
        ['list_name', 'name', 'label'],
        ['l', 'not sure', 'Not sure'],
        ['l', 'a.b', 'A or B'],
      ],
    });
    expect(q(doc, 'a').options.map((o: any) => o.code)).toEqual(['not_sure', 'a_b']);
    expect(lines).toEqual([
      'choices row 2: choice name "not sure" in list l becomes code "not_sure" (codes use only letters, digits, _ and -, at most 20)',
      'choices row 3: choice name "a.b" in list l becomes code "a_b" (codes use only letters, digits, _ and -, at most 20)',
    ]);
  });

  it('turns a group of only notes into the intro of the next page, and reports it', async () => {
    const { doc, lines } = await convert({
      survey: survey(['begin group', 'intro', 'Welcome'], ['note', 'hello', 'Hello there'], ['end group'], ['text', 'a', 'A']),
    });
    expect(doc.pages).toEqual([{ id: 'page_1', intro: { en: 'Hello there' }, questions: [{ id: 'a', type: 'short-text', text: { en: 'A' }, required: false }] }]);
    expect(lines).toEqual(['survey row 2: group "intro" has no questions Attune can use, so it is not a page; its notes are shown on the next page']);
  });

  it('reports relevant expressions it cannot express, naming the reason', async () => {
    const { doc, lines } = await convert({
      survey: survey(['integer', 'n', 'N'], ['text', 'a', 'A', 'no', '${n} = 3'], ['text', 'b', 'B', 'no', '${nope} = \'x\'']),
    });
    expect(q(doc, 'a').showIf).toBeUndefined();
    expect(lines).toEqual([
      'survey row 3: relevant "${n} = 3" cannot be used (${n} is an integer question; only answers to select questions can be compared); the question is always shown',
      'survey row 4: relevant "${nope} = \'x\'" cannot be used (${nope} is not a question in this form); the question is always shown',
    ]);
  });

  it('refuses a workbook without a survey sheet', async () => {
    await expect(readXlsFormWorkbook(await workbookBytes({ choices: yesNo }))).rejects.toThrow('no "survey" sheet');
  });
});

describe('parseRelevant', () => {
  const parse = (text: string) => parseRelevant(text);
  it('reads comparisons, selected(), and/or/not and brackets', () => {
    expect(parse("${a} = 'x'")).toEqual({ condition: { question: 'a', equals: 'x', negate: false } });
    expect(parse('${a} != "x"')).toEqual({ condition: { question: 'a', equals: 'x', negate: true } });
    expect(parse("selected(${a}, 'x')")).toEqual({ condition: { question: 'a', equals: 'x', negate: false } });
    expect(parse("${a} = 'x' and ${b} = 'y' and ${c} = 'z'")).toEqual({
      condition: { all: [{ question: 'a', equals: 'x', negate: false }, { question: 'b', equals: 'y', negate: false }, { question: 'c', equals: 'z', negate: false }] },
    });
    expect(parse("not(${a} = 'x') or (${b} = '1' and ${c} = 2)")).toEqual({
      condition: {
        any: [{ not: { question: 'a', equals: 'x', negate: false } }, { all: [{ question: 'b', equals: '1', negate: false }, { question: 'c', equals: '2', negate: false }] }],
      },
    });
    expect(parse("${a} != ''")).toEqual({ condition: { question: 'a', equals: null, negate: true } });
  });

  it('explains what it cannot read', () => {
    expect(parse('${a} > 3')).toEqual({ error: 'it uses syntax Attune cannot read' });
    expect(parse("count-selected(${a}) = 2")).toMatchObject({ error: expect.stringContaining('not supported') });
    expect(parse("${a} = 'x' and")).toEqual({ error: 'it ends too early' });
    expect(parse("(${a} = 'x'")).toMatchObject({ error: expect.stringContaining('expected ")"') });
  });
});

// Keep the SheetRow type in use so a change to the converter's input shape fails to compile here.
const _rowShape: SheetRow = { row: 2, cells: { type: 'text' } };
void _rowShape;
