import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../server/datasets/service.ts';
import { payloadHashOf } from '../../server/responses/service.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { startForLifeAnswers, startForLifeCsv } from './delivered-csv.ts';
import { pageText, upload } from './support.ts';

// A delivered file of a few thousand Start for Life parents on both engines: more rows than one
// multi-row INSERT holds, every answer stored as generated, and the same file again adds nothing.
// (The 100,000-row timing is a bench, tests/bench/import.bench.ts, not a test.)

const SLUG = 'start-for-life-parents';
const ROWS = 2500;

describe.each(ENGINES)('importing %s: a few thousand rows', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  const csv = startForLifeCsv(ROWS);

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    researcher = await signIn(ctx, 'researcher');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  it('stores every row as generated, in batches inside one transaction, and recognises the file again', async () => {
    const first = await upload(ctx, SLUG, researcher, { file: { name: 'censuswide.csv', content: csv } });
    expect(first.status).toBe(200);
    expect(pageText(await first.text())).toContain(`${ROWS.toLocaleString('en-GB')} rows read, ${ROWS.toLocaleString('en-GB')} new responses stored, 0 already imported`);

    const stored = await ctx.database.db
      .selectFrom('responses')
      .select(['panel_id', 'answers', 'payload_hash', 'reference', 'started_at', 'submitted_at'])
      .where('survey_slug', '=', SLUG)
      .execute();
    expect(stored).toHaveLength(ROWS);
    const expected = startForLifeAnswers(ROWS);
    const byId = new Map(stored.map((row) => [row.panel_id!, row]));
    expected.forEach((answers, i) => {
      const row = byId.get(`CW${String(i + 1).padStart(6, '0')}`)!;
      expect(JSON.parse(row.answers)).toEqual(answers);
      expect(row.payload_hash).toBe(payloadHashOf(SLUG, { version: 1, answers }));
      expect(Date.parse(row.submitted_at) - Date.parse(row.started_at!)).toBe((240 + ((i * 37) % 960)) * 1000);
    });
    expect(new Set(stored.map((row) => row.reference)).size).toBe(ROWS);

    // Imported responses are complete responses like any other: the analysis dataset sees them all.
    const dataset = await loadDataset(ctx.database.db, SLUG);
    expect(dataset.rows.filter((row) => row.source === 'import')).toHaveLength(ROWS);

    const again = await upload(ctx, SLUG, researcher, { file: { name: 'censuswide.csv', content: csv } });
    expect(pageText(await again.text())).toContain(`0 new responses stored, ${ROWS.toLocaleString('en-GB')} already imported`);
    const count = await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_slug', '=', SLUG).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(ROWS);
  });
});
