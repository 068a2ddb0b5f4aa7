import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodologyNote } from '../../server/methodology/service.ts';
import type { FigureQuery } from '../../server/press-items/figures.ts';
import { savePressItem, setPressItemPublished, type PressItem } from '../../server/press-items/service.ts';
import type { SurveyResults } from '../../server/results/service.ts';
import { describeAuthorship } from '../../web/views/results-page.tsx';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type TestContext } from '../helpers.ts';
import { RESULTS_SURVEY_V1 } from '../results/results-fixture.ts';
import { submitAll, V1_ANSWERS } from '../results/seed.ts';

// The public results page as a press release's reader meets it: published headlines and charts with
// the figures they were published with, the methodology note and disclosure items, the downloads,
// then every question. Figures are worked by hand from tests/results/seed.ts.

const SLUG = RESULTS_SURVEY_V1.slug;
const PRIVATE = 'private-survey';
const SYSTEM = { label: 'system' as const };

/** The rows of the table with this id, as arrays of cell texts (tags stripped). */
function tableRows(html: string, tableId: string): string[][] {
  const table = html.match(new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`))?.[1];
  if (!table) throw new Error(`no table ${tableId}`);
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()),
  );
}

/** The text of an element found by a regular expression's first group, tags stripped and entities of quotes decoded. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

const supportQuery = (answer: FigureQuery['answer'], survey = SLUG): FigureQuery => ({ survey, question: 'q_support', answer });

describe.each(ENGINES)('public results page on %s', (engine) => {
  let ctx: TestContext;
  let headline: PressItem;
  let chart: PressItem;
  let oddChart: PressItem;
  let draft: PressItem;
  let withdrawn: PressItem;
  let html: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(RESULTS_SURVEY_V1), definitionFrom({ ...RESULTS_SURVEY_V1, slug: PRIVATE })] });
    await publishResults(ctx, SLUG);
    // Three copies of the four complete responses: q_support is 5, 4, 9 (don't know), 2, three times each, so
    // the agree net is 6 of 12 = 50% and the disagree net 3 of 12 = 25%.
    for (let copy = 0; copy < 3; copy++) await submitAll(ctx.app, SLUG, 1, V1_ANSWERS);
    await submitAll(ctx.app, PRIVATE, 1, V1_ANSWERS);
    const sentence = 'Half (50%) of parents in a test would welcome support.';
    headline = await savePressItem(
      ctx.database.db,
      { surveySlug: SLUG, kind: 'headline', title: 'Welcome support', spec: { queries: [supportQuery({ kind: 'net', id: 'top2' })], settings: { sentence } } },
      SYSTEM,
    );
    chart = await savePressItem(
      ctx.database.db,
      {
        surveySlug: SLUG,
        kind: 'chart',
        title: 'Support chart',
        spec: {
          queries: [supportQuery({ kind: 'net', id: 'top2' }), supportQuery({ kind: 'net', id: 'bottom2' })],
          // As the chart studio saves them (web/charts/press-chart.ts PressChartSettings): the title is edited, the rest generated.
          settings: {
            type: 'options',
            categories: ['Agree', 'Disagree'],
            series: [{ label: 'Percentage' }],
            cells: [
              { category: 0, series: 0 },
              { category: 1, series: 0 },
            ],
            texts: { title: 'Half of parents would welcome support' },
          },
        },
      },
      SYSTEM,
    );
    // Settings the chart builder cannot read still show the chart, one bar per figure.
    oddChart = await savePressItem(
      ctx.database.db,
      { surveySlug: SLUG, kind: 'chart', title: 'Odd settings', spec: { queries: [supportQuery({ kind: 'option', id: '5' }), supportQuery({ kind: 'option', id: '4' })], settings: {} } },
      SYSTEM,
    );
    draft = await savePressItem(
      ctx.database.db,
      { surveySlug: SLUG, kind: 'headline', title: 'Draft', spec: { queries: [supportQuery({ kind: 'option', id: '2' })], settings: { sentence: 'A quarter DRAFT-NOT-PUBLISHED disagree.' } } },
      SYSTEM,
    );
    withdrawn = await savePressItem(
      ctx.database.db,
      { surveySlug: SLUG, kind: 'chart', title: 'Withdrawn', spec: { queries: [supportQuery({ kind: 'option', id: '9' })], settings: { title: 'WITHDRAWN-CHART' } } },
      SYSTEM,
    );
    for (const item of [headline, chart, oddChart, withdrawn]) await setPressItemPublished(ctx.database.db, item.id, true, SYSTEM);
    await setPressItemPublished(ctx.database.db, withdrawn.id, false, SYSTEM);
    // A published item of another survey belongs on that survey's page only.
    const other = await savePressItem(
      ctx.database.db,
      { surveySlug: PRIVATE, kind: 'headline', title: 'Other', spec: { queries: [supportQuery({ kind: 'net', id: 'top2' }, PRIVATE)], settings: { sentence: 'OTHER-SURVEY-HEADLINE' } } },
      SYSTEM,
    );
    await setPressItemPublished(ctx.database.db, other.id, true, SYSTEM);

    // New responses after publication move the live figures: three more who disagree (code 2).
    await submitAll(ctx.app, SLUG, 1, [V1_ANSWERS[4]!, V1_ANSWERS[4]!, V1_ANSWERS[4]!]);
    const res = await ctx.app.request(`/results/${SLUG}`);
    expect(res.status).toBe(200);
    html = await res.text();
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('names the survey and who conducted it for whom, with contents in heading order', async () => {
    const results = (await (await ctx.app.request(`/api/surveys/${SLUG}/results`)).json()) as SurveyResults;
    expect(html).toContain('<h1 class="results-title">Results test survey</h1>');
    // The fixture names no polling company, so the organisation is both.
    expect(html).toContain('<p class="results-byline">Research by Test Charity</p>');
    const headings = [...html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: textOf(m[2]!) }));
    expect(headings.filter((h) => h.level <= 2).map((h) => h.text)).toEqual(['Results test survey', 'Key findings', 'Charts', 'About this research', 'Data tables', 'All results', 'Notes']);
    // Never skip a level going down (h1 -> h2 -> h3).
    for (let i = 1; i < headings.length; i++) expect(headings[i]!.level, headings[i]!.text).toBeLessThanOrEqual(headings[i - 1]!.level + 1);
    expect(describeAuthorship({ ...results.survey, conductedBy: 'Censuswide', commissioner: 'Department of Health and Social Care' })).toBe(
      'Research by Censuswide for the Department of Health and Social Care',
    );
    expect(describeAuthorship({ ...results.survey, organisation: 'Parent-Infant Foundation', conductedBy: null, commissioner: null })).toBe('Research by the Parent-Infant Foundation');
    for (const target of ['key-findings', 'published-charts', 'about-this-research', 'data-tables', 'all-results']) {
      expect(html).toContain(`href="#${target}"`);
      expect(html).toContain(`id="${target}"`);
    }
  });

  it('shows a published headline with the base and margin of error it was published with, not the live ones', () => {
    const item = html.match(new RegExp(`<li class="results-headline" id="headline-${headline.id}">([\\s\\S]*?)</li>`))?.[1];
    expect(item).toBeDefined();
    // Frozen: 6 of 12 agree; margin 1.96 * sqrt(0.5 * 0.5 / 12) = 0.2829 -> ±28.3 points.
    expect(textOf(item!)).toBe(
      'Half (50%) of parents in a test would welcome support. Base: 12 parents in a test in England Margin of error: ±28.3 points (95% confidence)',
    );
    // Live, the agree net is now 6 of 15 = 40%: "All results" says so, the headline does not move.
    expect(tableRows(html, 'table-q_support').find((row) => row[0] === 'Net Agree or strongly agree')).toEqual(['Net Agree or strongly agree', '40%', '6']);
  });

  it('shows a published chart as a picture and a table of its frozen figures, with its title, subtitle, base, notes and source', () => {
    expect(tableRows(html, `press-table-${chart.id}`)).toEqual([
      ['Answer', 'Percentage', 'Base (unweighted)'],
      // Frozen 6/12 and 3/12 (live they are now 6/15 and 6/15); starred: a base under 50 is low.
      ['Agree', '50%*', '12'],
      ['Disagree', '25%*', '12'],
    ]);
    const section = html.match(new RegExp(`<section class="results-press-chart"[^>]*id="chart-${chart.id}">([\\s\\S]*?)</section>`))![1]!;
    expect(textOf(section)).toContain('Half of parents would welcome support Parents in a test in England, 23 Feb – 1 Mar 2024');
    const lines = [...section.matchAll(/<div class="results-press-chart__lines">([\s\S]*?)<\/div>/g)].map((m) => textOf(m[1]!))[0];
    expect(lines).toBe(
      'Base: all parents in a test (12) Question: "I would welcome support." * Low base (under 50): treat with caution. Source: Test Charity survey, 12 parents in a test, 23 Feb – 1 Mar 2024',
    );
    // The picture reserves its space (width and height) and says in words what it shows.
    const image = section.match(/<img [^>]*>/)![0];
    expect(image).toContain(`src="/results/${SLUG}/charts/${chart.id}/chart.png"`);
    expect(image).toMatch(/width="1200" height="\d+"/);
    expect(image).toContain('alt="Horizontal bar chart. Half of parents would welcome support. Parents in a test in England, 23 Feb – 1 Mar 2024. Agree: 50%*; Disagree: 25%*.');
  });

  it('lists published items in the order they were written, not the order they were last changed', () => {
    // The chart was saved before the odd one, and both were published after both were saved.
    expect(html.indexOf(`id="chart-${chart.id}"`)).toBeGreaterThan(0);
    expect(html.indexOf(`id="chart-${chart.id}"`)).toBeLessThan(html.indexOf(`id="chart-${oddChart.id}"`));
  });

  it('shows a chart whose settings the builder cannot read as one bar per figure', () => {
    expect(tableRows(html, `press-table-${oddChart.id}`).slice(1)).toEqual([
      ['Strongly agree', '25%*', '12'],
      ['Agree', '25%*', '12'],
    ]);
    expect(html).toContain('>Odd settings</h3>');
  });

  it('serves a published chart\'s picture as a PNG of its size, and nothing for drafts, withdrawn or other surveys\' charts', async () => {
    const res = await ctx.app.request(`/results/${SLUG}/charts/${chart.id}/chart.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const height = Number(html.match(new RegExp(`src="/results/${SLUG}/charts/${chart.id}/chart.png" width="1200" height="(\\d+)"`))![1]);
    // The IHDR chunk: width then height, big-endian, from byte 16.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, height]);
    const again = await ctx.app.request(`/results/${SLUG}/charts/${chart.id}/chart.png`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const id of [draft.id, withdrawn.id, headline.id, crypto.randomUUID()]) expect((await ctx.app.request(`/results/${SLUG}/charts/${id}/chart.png`)).status, id).toBe(404);
    expect((await ctx.app.request(`/results/${PRIVATE}/charts/${chart.id}/chart.png`, { headers: (await signIn(ctx, 'press')).headers })).status).toBe(404);
    expect((await ctx.app.request(`/results/${SLUG}/charts/not-an-id/chart.png`)).status).toBe(400);
    // Drawn once, then served from memory: the same bytes.
    const second = Buffer.from(await (await ctx.app.request(`/results/${SLUG}/charts/${chart.id}/chart.png`)).arrayBuffer());
    expect(second.equals(png)).toBe(true);
  });

  it('takes a withdrawn chart off the page and its picture with it, even once drawn', async () => {
    const href = `/results/${SLUG}/charts/${oddChart.id}/chart.png`;
    expect((await ctx.app.request(href)).status).toBe(200);
    await setPressItemPublished(ctx.database.db, oddChart.id, false, SYSTEM);
    try {
      expect((await ctx.app.request(href)).status).toBe(404);
      expect(await (await ctx.app.request(`/results/${SLUG}`)).text()).not.toContain(oddChart.id);
    } finally {
      await setPressItemPublished(ctx.database.db, oddChart.id, true, SYSTEM);
    }
  });

  it('never shows unpublished, withdrawn or other surveys\' items', () => {
    expect(html).not.toContain('DRAFT-NOT-PUBLISHED');
    expect(html).not.toContain(draft.id);
    expect(html).not.toContain('WITHDRAWN-CHART');
    expect(html).not.toContain(withdrawn.id);
    expect(html).not.toContain('OTHER-SURVEY-HEADLINE');
  });

  it('has the methodology note under "About this research" and the disclosure items as a definition list', async () => {
    const about = html.match(/<section class="results-section" aria-labelledby="about-this-research">([\s\S]*?)<\/section>/)![1]!;
    const note = await methodologyNote(ctx.database.db, SLUG);
    expect(note).toContain('The research was conducted by');
    expect(textOf(about)).toContain(note);
    const items = [...about.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [m[1], textOf(m[2]!)]);
    expect(items).toEqual([
      ['Commissioned by', 'Test Charity'],
      ['Fieldwork dates', '23 February to 1 March 2024'],
      ['Method', 'Online'],
      // 12 complete before publication and 3 after.
      ['Sample size', '15 complete responses'],
      ['Population', 'parents in a test'],
      ['Geography', 'England'],
    ]);
  });

  it('links to the full data tables, which anyone may download for a survey that publishes its results', async () => {
    for (const [href, type] of [
      [`/api/surveys/${SLUG}/tables.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [`/api/surveys/${SLUG}/tables.csv`, 'text/csv; charset=utf-8'],
      [`/api/surveys/${SLUG}/results`, 'application/json'],
    ] as const) {
      expect(html).toContain(`<a href="${href}">`);
      const res = await ctx.app.request(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('content-type'), href).toBe(type);
    }
  });

  it('answers anonymous readers only for a survey that publishes its results', async () => {
    // A person is sent to sign in (as for every workspace page); the API answers 401.
    const anonymous = await ctx.app.request(`/results/${PRIVATE}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
    expect(await anonymous.text()).not.toContain('OTHER-SURVEY-HEADLINE');
    expect((await ctx.app.request(`/api/surveys/${PRIVATE}/results`)).status).toBe(401);
    expect((await ctx.app.request(`/api/surveys/${PRIVATE}/tables.csv`)).status).toBe(401);
    // Staff preview it, published items included.
    const press = await signIn(ctx, 'press');
    const preview = await ctx.app.request(`/results/${PRIVATE}`, { headers: press.headers });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('OTHER-SURVEY-HEADLINE');
  });

  it('the front page links to the results of surveys that publish them, and only those', async () => {
    const front = await (await ctx.app.request('/')).text();
    expect(front).toContain(`<a href="/results/${SLUG}">`);
    expect(front).not.toContain(`/results/${PRIVATE}`);
  });

  it('keeps the HTML small: two stylesheets, two scripts and one lazy picture per published chart, all from this site', () => {
    // Budget (documented in the README): at most 60 KB of HTML for this 8-question survey with three
    // press items (about 36 KB today), and no more than 4 + one per published chart requests after it.
    expect(Buffer.byteLength(html)).toBeLessThan(60_000);
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!.split('?')[0]);
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!.split('?')[0]);
    const images = [...html.matchAll(/<img [^>]*src="([^"]+)"[^>]*>/g)];
    expect(stylesheets).toEqual(['/assets/attune.css', '/assets/results.css']);
    expect(scripts).toEqual(['/assets/chart.umd.js', '/assets/results-charts.js']);
    expect(images.map((m) => m[1]).sort()).toEqual([chart.id, oddChart.id].map((id) => `/results/${SLUG}/charts/${id}/chart.png`).sort());
    for (const [image] of images) expect(image).toContain('loading="lazy"');
    expect(html).not.toMatch(/<iframe |@import|https?:\/\//);
  });
});
