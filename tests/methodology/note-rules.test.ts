import { describe, expect, it } from 'vitest';
import { checkBrandColours, checkLogo, contrastOnWhite, contrastWarnings, DEFAULT_PALETTE, MAX_LOGO_BYTES } from '../../server/methodology/brand-rules.ts';
import {
  buildDisclosureChecklist,
  buildMethodologyNote,
  EMPTY_ANSWERS,
  formatBritishDate,
  formatFieldworkPeriod,
  joinWithAnd,
  ukDateOf,
  variableNameOf,
  withArticle,
  type SurveyFacts,
} from '../../server/methodology/note.ts';

// The pure rules behind the methodology note, the disclosure checklist and chart brands: wording,
// dates in British style, the checklist's met/missing items, colour contrast and logo checks.

const PIF_PRIVACY = { en: 'Voluntary.' };

/** Facts of the Parent-Infant Foundation's public poll (no company named, no commissioner). */
const pifPublic = (overrides: Partial<SurveyFacts> = {}): SurveyFacts => ({
  slug: 'pif-public',
  title: 'Babies and their families',
  metadata: {
    organisation: 'Parent-Infant Foundation',
    population: 'adults aged 18 or over',
    geography: 'United Kingdom',
    method: 'online',
    fieldwork: { start: '2024-02-12', end: '2024-03-08' },
    privacyNotice: PIF_PRIVACY,
  },
  responses: { count: 2000, firstDate: '2024-02-12', lastDate: '2024-03-08' },
  ...overrides,
});

describe('dates and words', () => {
  it('writes dates and fieldwork periods in British style', () => {
    expect(formatBritishDate('2024-03-01')).toBe('1 March 2024');
    expect(formatFieldworkPeriod('2024-02-23', '2024-03-01')).toBe('between 23 February and 1 March 2024');
    expect(formatFieldworkPeriod('2024-02-12', '2024-02-18')).toBe('between 12 and 18 February 2024');
    expect(formatFieldworkPeriod('2023-12-30', '2024-01-02')).toBe('between 30 December 2023 and 2 January 2024');
    expect(formatFieldworkPeriod('2024-03-05', '2024-03-05')).toBe('on 5 March 2024');
  });

  it('takes a response date in UK time, not UTC', () => {
    // 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April; in winter UTC and UK time agree.
    expect(ukDateOf('2024-03-31T23:30:00.000Z')).toBe('2024-04-01');
    expect(ukDateOf('2024-02-23T23:30:00.000Z')).toBe('2024-02-23');
  });

  it('puts "the" before bodies and places that need it, and not before brand names', () => {
    expect(withArticle('Department of Health and Social Care')).toBe('the Department of Health and Social Care');
    expect(withArticle('Parent-Infant Foundation')).toBe('the Parent-Infant Foundation');
    expect(withArticle('United Kingdom')).toBe('the United Kingdom');
    expect(withArticle('The Children’s Society')).toBe('The Children’s Society');
    expect(withArticle('Censuswide')).toBe('Censuswide');
    expect(withArticle('England')).toBe('England');
  });

  it('names weighting variables from question ids and lists them with "and"', () => {
    expect(['q_gender', 'q_age_band', 'q_region'].map(variableNameOf)).toEqual(['gender', 'age band', 'region']);
    expect(joinWithAnd(['gender', 'age band', 'region'])).toBe('gender, age band and region');
    expect(joinWithAnd(['gender', 'region'])).toBe('gender and region');
    expect(joinWithAnd(['region'])).toBe('region');
  });
});

describe('the methodology note', () => {
  it('names the organisation as having conducted a poll it ran itself, with no "on behalf of"', () => {
    expect(buildMethodologyNote(pifPublic(), EMPTY_ANSWERS, null)).toBe(
      'The research was conducted by the Parent-Infant Foundation among a sample of 2,000 adults aged 18 or over in the United Kingdom. ' +
        'The data was collected between 12 February and 8 March 2024 using an online survey. The data is unweighted.',
    );
  });

  it('says on whose behalf a named company conducted it, and adds the weighting and the statement given', () => {
    const facts = pifPublic({
      metadata: { ...pifPublic().metadata, conductedBy: 'Censuswide', method: 'telephone' },
      responses: { count: 1234567, firstDate: '2024-02-12', lastDate: '2024-03-08' },
    });
    const note = buildMethodologyNote(facts, { tablesUrl: null, codeOfConduct: '  Censuswide is a member of the British Polling Council  ' }, { variables: ['gender', 'region'] });
    expect(note).toBe(
      'The research was conducted by Censuswide on behalf of the Parent-Infant Foundation among a sample of 1,234,567 adults aged 18 or over in the United Kingdom. ' +
        'The data was collected between 12 February and 8 March 2024 using a telephone survey. ' +
        'Data were weighted to be representative of adults aged 18 or over in the United Kingdom by gender and region. ' +
        'Censuswide is a member of the British Polling Council.',
    );
  });

  it('leaves out the dates when neither the file nor the responses give them, and dates from responses otherwise', () => {
    const noDates = pifPublic({ metadata: { ...pifPublic().metadata, fieldwork: undefined }, responses: { count: 0, firstDate: null, lastDate: null } });
    expect(buildMethodologyNote(noDates, EMPTY_ANSWERS, null)).toBe(
      'The research was conducted by the Parent-Infant Foundation among a sample of 0 adults aged 18 or over in the United Kingdom. The data was collected using an online survey. The data is unweighted.',
    );
    const fromResponses = { ...noDates, responses: { count: 3, firstDate: '2024-05-01', lastDate: '2024-05-01' } };
    expect(buildMethodologyNote(fromResponses, EMPTY_ANSWERS, null)).toContain('The data was collected on 1 May 2024 using an online survey.');
  });
});

describe('the disclosure checklist', () => {
  const status = (facts: SurveyFacts, answers = EMPTY_ANSWERS) =>
    Object.fromEntries(buildDisclosureChecklist(facts, answers).items.map((item) => [item.id, [item.required, item.met, item.value]]));

  it('is complete for a survey whose file and data give every required item', () => {
    const checklist = buildDisclosureChecklist(pifPublic(), EMPTY_ANSWERS);
    expect(checklist.complete).toBe(true);
    expect(checklist.missingRequired).toEqual([]);
    expect(status(pifPublic())).toEqual({
      commissioner: [true, true, 'Parent-Infant Foundation'],
      fieldwork: [true, true, '12 February 2024 to 8 March 2024'],
      method: [true, true, 'Online'],
      universe: [true, true, 'adults aged 18 or over in the United Kingdom'],
      percentages: [true, true, 'Each chart and headline exported from the press studio carries its figures and base.'],
      sampleSize: [true, true, '2,000 complete responses'],
      geography: [true, true, 'United Kingdom'],
      questionWording: [false, true, 'Attune includes the full question wording with every chart and data table.'],
      tablesUrl: [false, false, null],
      codeOfConduct: [false, false, null],
    });
  });

  it('marks the dates and sample size missing, with how to fix them, when there are neither fieldwork dates nor responses', () => {
    const facts = pifPublic({ metadata: { ...pifPublic().metadata, fieldwork: undefined }, responses: { count: 0, firstDate: null, lastDate: null } });
    const checklist = buildDisclosureChecklist(facts, { tablesUrl: 'https://example.org/t', codeOfConduct: null });
    expect(checklist.complete).toBe(false);
    expect(checklist.missingRequired.map((item) => item.id)).toEqual(['fieldwork', 'sampleSize']);
    expect(checklist.missingRequired[0]!.howToFix).toBe(
      'Add metadata.fieldwork.start and metadata.fieldwork.end (YYYY-MM-DD) to the survey file, then publish it as a new version (Versions tab of the survey).',
    );
    expect(checklist.items.find((item) => item.id === 'tablesUrl')).toMatchObject({ met: true, value: 'https://example.org/t', howToFix: null });
  });

  it('takes missing fieldwork dates from the first and last responses, saying so', () => {
    const facts = pifPublic({ metadata: { ...pifPublic().metadata, fieldwork: { start: '2024-02-12' } }, responses: { count: 5, firstDate: '2024-02-13', lastDate: '2024-02-20' } });
    expect(status(facts).fieldwork).toEqual([true, true, '12 February 2024 to 20 February 2024 (from the first and last responses)']);
  });

  it('prefers the commissioner to the organisation, and reports a missing method from the file', () => {
    // The schema defaults the method to online when publishing; stored definitions are read back as
    // plain JSON, so the checklist still checks rather than trusts that default.
    const { method: _method, ...withoutMethod } = pifPublic().metadata;
    const facts = pifPublic({ metadata: { ...withoutMethod, commissioner: 'Department for Education' } as SurveyFacts['metadata'] });
    const checklist = buildDisclosureChecklist(facts, EMPTY_ANSWERS);
    expect(status(facts).commissioner).toEqual([true, true, 'Department for Education']);
    expect(checklist.missingRequired.map((item) => [item.id, item.source, item.howToFix])).toEqual([
      ['method', 'survey-file', 'Add metadata.method (online, telephone, in-person or mixed) to the survey file, then publish it as a new version (Versions tab of the survey).'],
    ]);
  });
});

describe('brand colours and logos', () => {
  it('computes WCAG contrast against white (hand-checked values)', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 10);
    expect(contrastOnWhite('#FFFFFF')).toBeCloseTo(1, 10);
    // WebAIM: #767676 is the lightest grey with 4.5:1 on white (4.54:1).
    expect(contrastOnWhite('#767676')).toBeCloseTo(4.54, 2);
    // #FFDD00: G = ((221/255 + 0.055) / 1.055)^2.4 = 0.7231, L = 0.2126 + 0.7152 * 0.7231 = 0.7298, 1.05 / 0.7798 = 1.3465.
    expect(contrastOnWhite('#FFDD00')).toBeCloseTo(1.3465, 3);
    // Greys either side of 3:1: 0x94 gives 3.03, 0x95 gives 2.995.
    expect(contrastOnWhite('#949494')).toBeGreaterThan(3);
    expect(contrastOnWhite('#959595')).toBeLessThan(3);
  });

  it('accepts up to six #RRGGBB colours, upper-cased, and warns about those below 3:1 on white', () => {
    const check = checkBrandColours(['#12436d', ' ', '#959595', '']);
    expect(check).toEqual({
      ok: true,
      colours: ['#12436D', '#959595'],
      warnings: ['#959595 has a contrast of 2.99:1 against white (below 3:1): bars in it are hard to see and their labels hard to read'],
    });
    expect(contrastWarnings(DEFAULT_PALETTE)).toEqual([]);
    expect(checkBrandColours([])).toEqual({ ok: true, colours: [], warnings: [] });
  });

  it('refuses colours that are not #RRGGBB, repeats, and more than six', () => {
    expect(checkBrandColours(['blue', '#12436D', '#12436d', '#FFF'])).toEqual({
      ok: false,
      fields: {
        'colours[0]': '"blue" is not a colour as #RRGGBB, e.g. #12436D',
        'colours[2]': '#12436D is already in the list',
        'colours[3]': '"#FFF" is not a colour as #RRGGBB, e.g. #12436D',
      },
    });
    const seven = ['#000001', '#000002', '#000003', '#000004', '#000005', '#000006', '#000007'];
    expect(checkBrandColours(seven)).toEqual({ ok: false, fields: { colours: 'at most 6 colours, not 7' } });
  });

  it('accepts a PNG by its signature and a plain SVG, and refuses other files, unsafe SVGs and files over 200 KB', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(checkLogo(png, 'image/png')).toEqual({ ok: true, logo: { mediaType: 'image/png', base64: Buffer.from(png).toString('base64') } });
    const svg = new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>');
    expect(checkLogo(svg, 'image/svg+xml')).toMatchObject({ ok: true, logo: { mediaType: 'image/svg+xml' } });
    const gif = new TextEncoder().encode('GIF89a....');
    expect(checkLogo(gif, 'image/gif')).toEqual({ ok: false, message: 'The logo must be a PNG or an SVG file (it says image/gif)' });
    for (const unsafe of ['<svg><script>alert(1)</script></svg>', '<svg onload="x()"></svg>', '<svg><image href="https://evil.example/x.png"/></svg>']) {
      expect(checkLogo(new TextEncoder().encode(unsafe), 'image/svg+xml').ok).toBe(false);
    }
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(png);
    expect(checkLogo(big, 'image/png')).toEqual({ ok: false, message: 'The logo is 201 KB; logos are limited to 200 KB' });
    expect(checkLogo(new Uint8Array(), 'image/png')).toEqual({ ok: false, message: 'The logo file is empty' });
  });
});
