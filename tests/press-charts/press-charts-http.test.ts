import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { getDisclosureChecklist } from '../../server/methodology/service.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { createTestApp, definitionFrom, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// The chart studio through HTTP on the example surveys filled by `attune demo`, on both engines: the
// "97% of professionals vs 75% of the public" chart previewed, saved, exported (behind the disclosure
// gate), downloaded as CSV and embedded once published. Expected shares are counted here from the
// stored answers, not read back from the analysis code.

const PROFESSIONALS_FIGURE = 'pif-professionals|q_views:s_early_relationships_critical|net:top2';
const PUBLIC_FIGURE = 'pif-public|q_attitudes:s_early_relationships_critical|net:top2';
const CHART_FORM = {
  type: 'groups',
  figure1: PROFESSIONALS_FIGURE,
  group1: 'professionals',
  figure2: PUBLIC_FIGURE,
  group2: 'the public',
};

/** A survey whose file names no fieldwork dates and which has no responses: its disclosure is incomplete. */
const BARE = 'bare-poll';
const barePoll = () =>
  definitionFrom({
    slug: BARE,
    version: 1,
    title: { en: 'A bare poll' },
    description: { en: 'For testing the export gate.' },
    languages: ['en'],
    metadata: { organisation: 'Example Trust', population: 'adults', geography: 'Wales', privacyNotice: { en: 'Voluntary.' } },
    pages: [{ id: 'p1', questions: [{ id: 'q_ok', type: 'single-choice', text: { en: 'OK?' }, options: [{ code: '1', label: { en: 'Yes' } }, { code: '2', label: { en: 'No' } }] }] }],
  });

/** PNG width and height from the IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

/** The chart.js configuration embedded in a page. */
function configIn(html: string) {
  const match = /<script type="application\/json" id="[a-z]+-config">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no chart configuration on the page');
  return JSON.parse(match[1]!) as { data: { labels: string[][]; datasets: { data: number[] }[] }; options: { scales: { x: { min: number } }; plugins: { title: { text: string[] } } } };
}

describe.each(ENGINES)('chart studio on %s', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let shares: { professionals: { p: number; base: number }; public: { p: number; base: number } };
  let chartId: string;

  /** Share answering 4 or 5 to a grid statement, of those who answered it. */
  const shareOf = (rows: { survey_slug: string; answers: Answers }[], slug: string, question: string, statement: string) => {
    let base = 0;
    let hits = 0;
    for (const row of rows) {
      if (row.survey_slug !== slug) continue;
      const code = (row.answers[question] as Record<string, string> | undefined)?.[statement];
      if (code === undefined) continue;
      base++;
      if (code === '4' || code === '5') hits++;
    }
    return { p: (hits / base) * 100, base };
  };

  const get = (path: string, as: SignedIn | null = press) => ctx.app.request(path, { headers: as?.headers ?? {} });

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [barePoll()], examples: true });
    await fillDemoResponses(ctx.database.db);
    press = await signIn(ctx, 'press');
    const rows = (await ctx.database.db.selectFrom('responses').select(['survey_slug', 'answers']).where('status', '=', 'complete').execute()).map((row) => ({
      survey_slug: row.survey_slug,
      answers: JSON.parse(row.answers) as Answers,
    }));
    shares = {
      professionals: shareOf(rows, 'pif-professionals', 'q_views', 's_early_relationships_critical'),
      public: shareOf(rows, 'pif-public', 'q_attitudes', 's_early_relationships_critical'),
    };
  });
  afterAll(() => ctx.database.drop());

  it('previews the 97% of professionals vs 75% of the public chart from the demo data', async () => {
    expect(Math.round(shares.professionals.p)).toBe(97);
    expect(Math.round(shares.public.p)).toBe(75);
    const res = await get(`/studio/press/charts/new?${new URLSearchParams(CHART_FORM)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const config = configIn(html);
    expect(config.data.labels).toEqual([['professionals'], ['the public']]);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]!.data[0]).toBeCloseTo(shares.professionals.p, 9);
    expect(config.data.datasets[0]!.data[1]).toBeCloseTo(shares.public.p, 9);
    expect(config.options.scales.x.min).toBe(0);
    expect(config.options.plugins.title.text.join(' ')).toBe('97% of professionals vs 75% of the public (agree or strongly agree)');
    // The data table carries every figure with its base.
    expect(html).toContain(`<td>${shares.public.base.toLocaleString('en-GB')}</td>`);
    expect(html).toContain('Save chart');
  });

  it('previews a diverging Likert chart and grouped bars by a break from the demo data', async () => {
    const likert = await get(
      `/studio/press/charts/new?${new URLSearchParams({ type: 'likert', row1: 'pif-public|q_attitudes:s_early_relationships_critical', rowLabel1: 'Early relationships', row2: 'pif-public|q_attitudes:s_health_services_support' })}`,
    );
    expect(likert.status).toBe(200);
    const likertConfig = configIn(await likert.text()) as unknown as { data: { labels: string[][]; datasets: { label: string; data: [number, number][] }[] }; options: { scales: { x: { min: number; max: number } } } };
    // Five drawn points (don't know is named beside the statement), one bar per row, centred on zero.
    expect(likertConfig.data.datasets.map((d) => d.label)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(likertConfig.data.labels[0]!.join(' ')).toMatch(/^Early relationships \(don't know \d+%\)$/);
    expect(likertConfig.options.scales.x.min).toBe(-likertConfig.options.scales.x.max);
    const [neitherStart, neitherEnd] = likertConfig.data.datasets[2]!.data[0]!;
    expect(neitherStart).toBeCloseTo(-neitherEnd, 12);
    const agreeEnd = likertConfig.data.datasets[4]!.data[0]![1];
    // The right edge is half the neutral share plus agree and strongly agree: 75% plus half of "neither".
    expect(agreeEnd - neitherEnd).toBeCloseTo(shares.public.p, 9);

    const grouped = await get(`/studio/press/charts/new?${new URLSearchParams({ type: 'grouped', question: 'start-for-life-parents|q_felt_guilty', break: 'q_gender' })}`);
    expect(grouped.status).toBe(200);
    const groupedConfig = configIn(await grouped.text());
    expect(groupedConfig.data.labels).toHaveLength(3);
    expect(groupedConfig.data.datasets).toHaveLength(4);
    expect(groupedConfig.options.scales.x.min).toBe(0);
    const sameBreak = await get(`/studio/press/charts/new?${new URLSearchParams({ type: 'grouped', question: 'start-for-life-parents|q_gender', break: 'q_gender' })}`);
    expect(sameBreak.status).toBe(400);
    expect(await sameBreak.text()).toContain('must be a different question');
  });

  it('names what is missing instead of drawing an incomplete chart', async () => {
    const res = await get(`/studio/press/charts/new?${new URLSearchParams({ type: 'groups', figure1: PROFESSIONALS_FIGURE })}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('choose at least two figures to compare');
    const refused = await postForm(ctx.app, '/studio/press/charts/new', { type: 'likert', row1: 'start-for-life-parents|q_felt_guilty' }, press);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('must be a scale question or grid statement');
  });

  it('saves the chart with frozen figures and shows it', async () => {
    const res = await postForm(ctx.app, '/studio/press/charts/new', { ...CHART_FORM, title: '97% of professionals say early relationships are critical' }, press);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/studio\/press\/charts\/[^/?]+\?done=saved$/);
    chartId = location.split('/').pop()!.split('?')[0]!;
    const page = await get(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Saved: the figures are frozen with this chart.');
    expect(html).toContain('The live figures match the frozen ones.');
    expect(configIn(html).options.plugins.title.text.join(' ')).toBe('97% of professionals say early relationships are critical');
    expect(html).toContain('Publish this chart');
  });

  it('gates image exports on the disclosure checklist, with an override that is recorded', async () => {
    expect((await getDisclosureChecklist(ctx.database.db, BARE)).complete).toBe(false);
    const saved = await postForm(ctx.app, '/studio/press/charts/new', { type: 'options', question: `${BARE}|q_ok` }, press);
    expect(saved.status).toBe(303);
    const bareId = saved.headers.get('location')!.split('/').pop()!.split('?')[0]!;
    for (const file of ['chart.png', 'chart.svg', 'chart.pdf']) {
      const blocked = await get(`/studio/press/charts/${bareId}/${file}`);
      expect(blocked.status).toBe(303);
      expect(blocked.headers.get('location')).toBe(`/studio/press/charts/${bareId}?blocked=${file.slice(6)}#disclosure-blocked`);
    }
    const page = await (await get(`/studio/press/charts/${bareId}?blocked=png`)).text();
    expect(page).toContain('The British Polling Council disclosure is incomplete');
    expect(page).toContain(`${BARE}: Sample size`);
    expect(page).toContain('Reason to publish anyway');
    // The data itself is not an export for publication.
    expect((await get(`/studio/press/charts/${bareId}/data.csv`)).status).toBe(200);

    const overridden = await get(`/studio/press/charts/${bareId}/chart.png?override=${encodeURIComponent('Embargoed release; tables follow')}`);
    expect(overridden.status).toBe(200);
    expect(overridden.headers.get('content-type')).toBe('image/png');
    expect(pngSize(Buffer.from(await overridden.arrayBuffer()))).toEqual({ width: 1200, height: 675 });
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'in', ['press.disclosure_overridden', 'press.exported']).execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['press.disclosure_overridden', 'press.exported']);
    expect(audit.find((entry) => entry.action === 'press.disclosure_overridden')!.detail).toContain('Embargoed release; tables follow');
  });

  it('exports PNG at 2x, SVG and PDF of a chart whose surveys disclose everything', async () => {
    expect((await getDisclosureChecklist(ctx.database.db, 'pif-public')).complete).toBe(true);
    expect((await getDisclosureChecklist(ctx.database.db, 'pif-professionals')).complete).toBe(true);
    const png2x = await get(`/studio/press/charts/${chartId}/chart.png?scale=2`);
    expect(png2x.status).toBe(200);
    expect(pngSize(Buffer.from(await png2x.arrayBuffer()))).toEqual({ width: 2400, height: 1350 });
    expect(png2x.headers.get('content-disposition')).toBe('attachment; filename="97-of-professionals-say-early-relationships-are-critical.2x.png"');

    const svg = await get(`/studio/press/charts/${chartId}/chart.svg`);
    expect(svg.status).toBe(200);
    const svgText = await svg.text();
    expect(svgText).toContain('<title id="chart-title">97% of professionals say early relationships are critical</title>');
    // Two bars, both in the palette's first colour.
    expect(svgText.match(/<path fill="#12436D"/gi) ?? []).toHaveLength(2);

    const pdf = Buffer.from(await (await get(`/studio/press/charts/${chartId}/chart.pdf`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);

    expect((await get(`/studio/press/charts/${chartId}/chart.png?scale=9`)).status).toBe(400);
  });

  it('downloads the chart data as CSV with bases', async () => {
    const res = await get(`/studio/press/charts/${chartId}/data.csv`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('bar,series,survey,question,statement,answer,subgroup,weighting,percent,unweighted_base,weighted_base,effective_base,base_flag,margin_of_error_points,interval_low_percent,interval_high_percent,data_cut_off');
    expect(lines).toHaveLength(3);
    const professionals = lines[1]!.split(',');
    expect(professionals.slice(0, 4)).toEqual(['professionals', '', 'pif-professionals', 'q_views']);
    expect(Number(professionals[8])).toBeCloseTo(shares.professionals.p, 9);
    expect(Number(professionals[9])).toBe(shares.professionals.base);
  });

  it('embeds only published charts, publicly', async () => {
    expect((await get(`/embed/charts/${chartId}`, null)).status).toBe(404);
    expect((await get(`/embed/charts/${chartId}/chart.png`, null)).status).toBe(404);
    const published = await postJson(ctx.app, `/api/press/items/${chartId}/publish`, { published: true }, { ...press.headers, 'x-csrf-token': press.csrf });
    expect(published.status).toBe(200);
    const embed = await get(`/embed/charts/${chartId}`, null);
    expect(embed.status).toBe(200);
    const html = await embed.text();
    expect(html).toContain(`src="/embed/charts/${chartId}/chart.png?scale=2"`);
    // The page has a heading naming the chart, for screen readers (the image shows the title).
    expect(html).toMatch(/<h1 class="press-embed__heading">97% of professionals/);
    expect(html).toMatch(/alt="Horizontal bar chart comparing groups\. 97% of professionals say early relationships are critical\./);
    expect(html).toContain('<th scope="row">the public</th><td>75%</td>');
    const image = await get(`/embed/charts/${chartId}/chart.png?scale=2`, null);
    expect(image.status).toBe(200);
    expect(pngSize(Buffer.from(await image.arrayBuffer()))).toEqual({ width: 2400, height: 1350 });
    const page = await (await get(`/studio/press/charts/${chartId}`)).text();
    expect(page).toContain(`&lt;iframe src=&quot;http://localhost/embed/charts/${chartId}&quot;`);
    // A headline id is not a chart.
    expect((await get('/embed/charts/no-such-chart', null)).status).toBe(404);
  });

  it('refuses anonymous visitors in the studio', async () => {
    const res = await get('/studio/press/charts/new', null);
    expect([302, 303, 401]).toContain(res.status);
  });
});
