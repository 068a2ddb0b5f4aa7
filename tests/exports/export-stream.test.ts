import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NewResponseRow } from '../../server/db/schema.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { EXPORT_V1, SLUG } from './fixtures.ts';

// The export body is streamed a batch of 1,000 responses at a time: several thousand responses
// arrive as several chunks and completely, in order; a failure part-way errors the body instead of
// ending it, so a truncated download can never pass for a whole one. (Memory over 10,000 and
// 100,000 responses is measured by tests/bench/export.bench.ts, not here.)

const ROWS = 3500;
const pad = (n: number) => String(n).padStart(5, '0');

async function insertMany(ctx: TestContext, count: number): Promise<void> {
  const rows: NewResponseRow[] = [];
  for (let i = 0; i < count; i++) {
    const second = String(i % 60).padStart(2, '0');
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const hour = String(Math.floor(i / 3600)).padStart(2, '0');
    rows.push({
      id: `00000000-0000-4000-8000-0000000${pad(i)}`,
      submission_id: `bulk-${pad(i)}`,
      payload_hash: 'test',
      survey_slug: SLUG,
      survey_version: 1,
      status: 'complete',
      answers: JSON.stringify({ q_gender: i % 2 === 0 ? '1' : '2', q_view: String((i % 5) + 1), q_grid: { s1: '1', s2: '2', s3: '3', s4: '4', s5: '5' }, q_sources: ['tv'], ...(i % 2 === 1 ? { q_kids: i % 7 } : {}) }),
      reference: `B${pad(i)}`,
      source: 'api',
      is_demo: 0,
      language: 'en',
      started_at: null,
      submitted_at: `2026-03-01T${hour}:${minute}:${second}.000Z`,
      panel_id: null,
      invitation_id: null,
    });
  }
  for (let start = 0; start < rows.length; start += 250) await ctx.database.db.insertInto('responses').values(rows.slice(start, start + 250)).execute();
}

describe.each(ENGINES)('streamed export (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [EXPORT_V1] });
    await insertMany(ctx, ROWS);
    researcher = await signIn(ctx, 'researcher');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const exportBody = async () => {
    const res = await ctx.app.request(`/api/surveys/${SLUG}/export.csv`, { headers: researcher.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-rows')).toBe(String(ROWS));
    return res.body!.getReader();
  };

  it('delivers several thousand responses in chunks of a batch each, complete and in order', async () => {
    const reader = await exportBody();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(decoder.decode(value, { stream: true }));
    }
    // The header, then one chunk per batch of 1,000: 1,000 + 1,000 + 1,000 + 500.
    expect(chunks.map((chunk) => chunk.split('\r\n').length - 1)).toEqual([1, 1000, 1000, 1000, 500]);
    const lines = chunks.join('').split('\r\n').slice(0, -1);
    expect(lines[0]!.startsWith('\uFEFFsubmission_id,')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(Array.from({ length: ROWS }, (_, i) => `bulk-${pad(i)}`));
    // Men are not asked q_kids (empty), women give a number: spot-check both ends.
    expect(lines[1]).toMatch(/^bulk-00000,B00000,1,2026-03-01T00:00:00\.000Z,,api,0,0,0,0,1,1,1,2,3,4,5,1,0,0,,$/);
    expect(lines[ROWS]).toMatch(/^bulk-03499,B03499,1,2026-03-01T00:58:19\.000Z,,api,0,0,0,0,2,5,1,2,3,4,5,1,0,0,6,$/);
  });

  it('errors the body when the database fails part-way, instead of ending it as if complete', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reader = await exportBody();
    await reader.read(); // the header
    await reader.read(); // the first batch
    // Take the table away under the export; any batch not yet read must now fail.
    await ctx.database.db.schema.alterTable('responses').renameTo('responses_away').execute();
    let received = 0;
    let failure: unknown = null;
    let calls: unknown[][] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value).split('\r\n').length - 1;
      }
    } catch (error) {
      failure = error;
    } finally {
      await ctx.database.db.schema.alterTable('responses_away').renameTo('responses').execute();
      calls = [...logged.mock.calls];
      logged.mockRestore();
    }
    expect(failure).not.toBeNull();
    expect(received).toBeLessThan(ROWS - 1000);
    expect(calls).toEqual([[expect.stringContaining(`export of ${SLUG} failed part-way`), expect.anything()]]);
  });
});
