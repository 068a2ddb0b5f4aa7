import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionWriter } from '../../server/responses/submission-writer.ts';
import { recordSubmission } from '../../server/responses/service.ts';
import type { SurveyResults } from '../../server/results/service.ts';
import { buildResultsChart, chartHeightFor } from '../../web/charts/results-chart.ts';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type TestContext } from '../helpers.ts';
import { RESULTS_SURVEY_V1 } from './results-fixture.ts';
import { submitAll, V1_ANSWERS } from './seed.ts';

const SLUG = 'results-test';

/** The rows of the table with this id, as arrays of cell texts (tags stripped). */
function tableRows(html: string, tableId: string): string[][] {
  const table = html.match(new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`))?.[1];
  if (!table) throw new Error(`no table ${tableId}`);
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]!.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim(),
    ),
  );
}

describe.each(ENGINES)('results page on %s', (engine) => {
  let ctx: TestContext;
  let html: string;
  beforeAll(async () => {
    // A label that tries to close the JSON script element must stay inside it.
    const hostile = structuredClone(RESULTS_SURVEY_V1);
    (hostile.pages[1]!.questions[0] as { options: { label: { en: string } }[] }).options[1]!.label.en = 'No </script><script>alert(1)</script>';
    ctx = await createTestApp(engine, { definitions: [definitionFrom(hostile)] });
    await publishResults(ctx, SLUG);
    // Three times over, so that every base but the routed question's reaches 10 and shows percentages.
    for (let copy = 0; copy < 3; copy++) {
      await submitAll(ctx.app, SLUG, 1, V1_ANSWERS);
      await recordSubmission(
        { db: ctx.database.db, writer: createSubmissionWriter(ctx.database.db) },
        SLUG,
        { submissionId: randomUUID(), version: 1, answers: V1_ANSWERS[4]! },
        { source: 'demo', isDemo: true },
      );
    }
    const res = await ctx.app.request(`/results/${SLUG}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    html = await res.text();
  });
  afterAll(() => ctx.database.drop());

  it('says what the results are based on, flags demo data and links to the JSON', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h1 class="results-title">Results test survey</h1>');
    expect(html).toContain('Based on 15 complete responses from parents in a test in England (fieldwork 23 February to 1 March 2024).');
    expect(html).toContain('Includes 3 demo responses (synthetic data).');
    expect(html).toContain(`href="/api/surveys/${SLUG}/results"`);
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/results\.css\?v=[0-9a-f]+"/);
  });

  it('shows every figure in a data table, rounded only for display (works without JavaScript)', () => {
    // q_support over 15: disagree 6 (40%), agree 3, strongly agree 3, don't know 3 (20% each).
    expect(tableRows(html, 'table-q_support')).toEqual([
      ['Answer', 'Percentage', 'Number'],
      ['Strongly disagree', '-', '0'],
      ['Disagree', '40%', '6'],
      ['Neither agree nor disagree', '-', '0'],
      ['Agree', '20%', '3'],
      ['Strongly agree', '20%', '3'],
      ["Don't know", '20%', '3'],
      ['Net Agree or strongly agree', '40%', '6'],
      ['Net Disagree or strongly disagree', '40%', '6'],
      ['Base', '100%', '15'],
    ]);
    expect(html).toMatch(/<caption>I would welcome support\.<\/caption>/);
    expect(html).toContain('<th scope="row">Agree</th>');
    // Multiple choice over the 12 who answered: NHS 6 of 12, family 3, online 6.
    expect(tableRows(html, 'table-q_sources').slice(1, 4)).toEqual([
      ['Family', '25%', '3'],
      ['NHS', '50%', '6'],
      ['Online', '50%', '6'],
    ]);
    // Grid: statements as rows, the full scale, nets and base.
    expect(tableRows(html, 'table-q_advice')[1]).toEqual(["Letting the baby 'cry it out'", '-', '20%', '-', '60%', '20%', '-', '80%', '20%', '15']);
    // Number: mean of 2, 1, 4, 4 = 2.75.
    expect(tableRows(html, 'table-q_children')[1]).toEqual(['Mean (average)', '2.8']);
    // The routed question's base: 6 parents, too few for percentages (DOMAIN.md: suppress under 10).
    expect(html).toMatch(/<strong>Base:<\/strong> 6 respondents asked<\/p>/);
    expect(html).toContain('Fewer than 10 people answered this question: too few to report percentages.');
    expect(html).not.toContain('id="table-q_age_child"');
    // Text answers are counted, never shown.
    expect(html).toContain('3 respondents answered in their own words.');
    expect(html).not.toContain('A private comment');
  });

  it('embeds one chart per charted question: canvas, fixed-height container and its JSON config', async () => {
    const results = (await (await ctx.app.request(`/api/surveys/${SLUG}/results`)).json()) as SurveyResults;
    const charted = results.questions.filter((q) => buildResultsChart(q) !== null);
    expect(charted.map((q) => q.id)).toEqual(['q_eligible', 'q_parent', 'q_support', 'q_sources', 'q_advice']);
    expect(html.match(/<canvas /g)).toHaveLength(charted.length);
    for (const q of charted) {
      const config = buildResultsChart(q)!;
      expect(html).toContain(`<div class="results-chart__area" style="height:${chartHeightFor(config)}px"><canvas id="chart-${q.id}" role="img"`);
      const json = html.match(new RegExp(`<script type="application/json" id="chart-config-${q.id}">([\\s\\S]*?)</script>`))?.[1];
      expect(json, q.id).toBeDefined();
      expect(JSON.parse(json!)).toEqual(config);
    }
    expect(html).toContain('<script src="/assets/chart.umd.js?v=');
    expect(html).toContain('The chart needs JavaScript. Every figure is in the table for this question.');
  });

  it('escapes labels inside the embedded JSON so they cannot close the script element', () => {
    const json = html.match(/<script type="application\/json" id="chart-config-q_parent">([\s\S]*?)<\/script>/)![1]!;
    expect(json).not.toContain('<');
    expect(JSON.parse(json).data.labels[1].join(' ')).toBe('No </script><script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('renders a page (not JSON) for an unknown survey', async () => {
    const press = await signIn(ctx, 'press');
    const res = await ctx.app.request('/results/no-such-survey', { headers: press.headers });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('No survey &quot;no-such-survey&quot;');
    const missingVersion = await ctx.app.request(`/results/${SLUG}?version=9`);
    expect(missingVersion.status).toBe(404);
    expect(await missingVersion.text()).toContain('has no published version 9');
    const bad = await ctx.app.request(`/results/${SLUG}?version=latest`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('restricts the page to one version with ?version=N and links to the same JSON', async () => {
    const res = await ctx.app.request(`/results/${SLUG}?version=1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`href="/api/surveys/${SLUG}/results?versions=1"`);
  });

  it('renders an empty survey without charts or NaN', async () => {
    const empty = await createTestApp(engine, { definitions: [definitionFrom({ ...RESULTS_SURVEY_V1, slug: 'empty-survey' })] });
    await publishResults(empty, 'empty-survey');
    try {
      const res = await empty.app.request('/results/empty-survey');
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('Based on 0 complete responses');
      expect(page).toContain('There are no complete responses yet.');
      expect(page).not.toContain('<canvas');
      expect(page).not.toContain('NaN');
      expect(page).not.toContain('chart.umd.js');
      const api = await (await empty.app.request('/api/surveys/empty-survey/results')).json();
      expect(api.questions.find((q: { id: string }) => q.id === 'q_support').options[0].cells[0].percent).toBeNull();
    } finally {
      await empty.database.drop();
    }
  });
});
