import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers.ts';

// Uploads get more than the usual 64 KB: each upload path is held to its own allowance, judged from
// the declared Content-Length before anything reads the body (or signs anyone in).
const KB = 1024;
const MB = 1024 * KB;
const UPLOADS = [
  { method: 'POST', path: '/studio/surveys/start-for-life-parents/data/import', within: 50 * MB, over: 101 * MB },
  { method: 'POST', path: '/studio/import', within: 1 * MB, over: 3 * MB },
  { method: 'POST', path: '/studio/surveys/start-for-life-parents/versions/import', within: 1 * MB, over: 3 * MB },
  { method: 'POST', path: '/studio/press/brands/house', within: 300 * KB, over: 500 * KB },
  { method: 'PUT', path: '/api/press/brands/house', within: 300 * KB, over: 500 * KB },
];

describe('request body limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { examples: false });
  });
  afterAll(() => ctx.database.drop());

  const send = (method: string, path: string, declared: number) =>
    ctx.app.request(path, { method, headers: { 'content-type': 'application/octet-stream', 'content-length': String(declared) }, body: 'x' });

  it.each(UPLOADS)('$method $path accepts more than 64 KB and refuses more than its own allowance', async ({ method, path, within, over }) => {
    expect((await send(method, path, within)).status).not.toBe(413);
    expect((await send(method, path, over)).status).toBe(413);
  });

  it('names the allowance in the API error', async () => {
    const refused = await send('PUT', '/api/press/brands/house', 500 * KB);
    expect(await refused.json()).toEqual({ error: { code: 'payload_too_large', message: 'Request bodies are limited to 400 KB' } });
  });

  it('holds a path or method that only resembles an upload to the usual 64 KB', async () => {
    const refused = await send('POST', '/studio/surveys/start-for-life-parents/data/import/extra', 65 * KB);
    expect(refused.status).toBe(413);
    expect((await send('PUT', '/studio/import', 65 * KB)).status).toBe(413);
  });
});
