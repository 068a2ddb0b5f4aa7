import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

// The methodology page and the brands page over HTTP on both engines: what each role sees, the
// answers form (errors keep what was typed and save nothing), and brand forms with a logo upload.

const SLUG = 'start-for-life-parents';
const PAGE = `/studio/press/surveys/${SLUG}/methodology`;
const BRANDS = '/studio/press/brands';
const DHSC = 'Department of Health and Social Care';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Page text with tags dropped and whitespace collapsed, for reading like a person. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('the methodology and brands pages (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let researcher: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
    press = await signIn(ctx, 'press');
    researcher = await signIn(ctx, 'researcher');
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const get = (path: string, as: SignedIn) => ctx.app.request(path, { headers: as.headers });
  const audits = (action: string) => ctx.database.db.selectFrom('audit_log').select(['subject', 'detail']).where('action', '=', action).execute();
  const postMultipart = (path: string, form: FormData, as: SignedIn) => {
    form.append('_csrf', as.csrf);
    return ctx.app.request(path, { method: 'POST', headers: as.headers, body: form });
  };

  it('shows press officers the note, the checklist with what is missing and how to fix it, and the answers form', async () => {
    const res = await get(PAGE, press);
    expect(res.status).toBe(200);
    const text = textOf(await res.text());
    expect(text).toContain(
      'The research was conducted by Censuswide on behalf of the Department of Health and Social Care among a sample of 0 parents (aged 17+) of under 2 year olds in England.',
    );
    expect(text).toContain('1 required item is missing: sample size.');
    expect(text).toContain('Sample size Required ✗ Missing How to fix: No complete responses count yet');
    expect(text).toContain('Dates of interviewing Required ✓ Met 23 February 2024 to 1 March 2024');
    expect(text).toContain('Web address for the full tables Where practical ✗ Missing');
    expect(text).toContain('Save answers');

    const answered = await postJson(ctx.app, `/api/surveys/${SLUG}/responses`, { submissionId: randomUUID(), version: 1, answers: START_FOR_LIFE_ANSWERS });
    expect(answered.status).toBe(201);
    const after = textOf(await (await get(PAGE, press)).text());
    expect(after).toContain('among a sample of 1 parents');
    expect(after).toContain('Every required item is met.');
  });

  it('refuses a bad web address with the value kept and nothing saved, then saves good answers (audited)', async () => {
    const bad = await postForm(ctx.app, PAGE, { tablesUrl: 'www.example.org/tables', codeOfConduct: 'Censuswide is a member of the BPC.' }, press);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(textOf(html)).toContain('Web address for the full tables: must be a web address starting https:// or http://');
    expect(html).toContain('value="www.example.org/tables"');
    expect(html).toContain('Censuswide is a member of the BPC.</textarea>');
    expect(await audits('press.disclosure_changed')).toEqual([]);

    const good = await postForm(ctx.app, PAGE, { tablesUrl: 'https://www.example.org/tables', codeOfConduct: 'Censuswide is a member of the BPC.' }, press);
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`${PAGE}?done=saved`);
    const page = textOf(await (await get(`${PAGE}?done=saved`, press)).text());
    expect(page).toContain('Disclosure answers saved.');
    expect(page).toContain('in England. The data was collected between 23 February and 1 March 2024 using an online survey. The data is unweighted. Censuswide is a member of the BPC.');
    expect(page).toContain('Web address for the full tables Where practical ✓ Met https://www.example.org/tables');
    expect((await audits('press.disclosure_changed')).map((a) => a.subject)).toEqual([SLUG]);
    expect((await get('/studio/press/surveys/no-such-survey/methodology', press)).status).toBe(404);
    expect((await get(`${PAGE}?weighting=no-such-scheme`, press)).status).toBe(404);
  });

  it('shows press officers the brands without forms, and researchers with them', async () => {
    const forPress = await get(BRANDS, press);
    expect(forPress.status).toBe(200);
    const pressText = textOf(await forPress.text());
    expect(pressText).toContain('Researchers and admins change brands; you can see them here.');
    expect(pressText).toContain(`${DHSC} No colours set: charts use the default Analysis Function palette: #12436D contrast 10.24:1`);
    expect(pressText).toContain('Parent-Infant Foundation');
    expect(pressText).not.toContain('Save the brand');
    const forResearcher = textOf(await (await get(BRANDS, researcher)).text());
    expect(forResearcher).toContain(`Save the brand of ${DHSC}`);
    expect(forResearcher).toContain('Save the brand of Parent-Infant Foundation');
    const refused = await postForm(ctx.app, `${BRANDS}/${encodeURIComponent(DHSC)}`, { colours: '#000000' }, press);
    expect(refused.status).toBe(403);
  });

  it('saves colours and a logo from the form, keeps typed values on errors, and removes the logo', async () => {
    const path = `${BRANDS}/${encodeURIComponent(DHSC)}`;
    const invalid = await postForm(ctx.app, path, { colours: ['#00703c', 'teal', '', '', '', ''] }, researcher);
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(textOf(invalidHtml)).toContain(`${DHSC}: colour 2: "teal" is not a colour as #RRGGBB, e.g. #12436D`);
    expect(invalidHtml).toContain('value="teal"');
    expect(await audits('press.brand_changed')).toEqual([]);

    const form = new FormData();
    for (const colour of ['#00703C', '#FFDD00', '', '', '', '']) form.append('colours', colour);
    form.append('logo', new File([PNG], 'logo.png', { type: 'image/png' }));
    const saved = await postMultipart(path, form, researcher);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${BRANDS}?done=brand-saved#brand-department-of-health-and-social-care`);
    const html = await (await get(`${BRANDS}?done=brand-saved`, researcher)).text();
    const text = textOf(html);
    expect(text).toContain('Brand saved.');
    // #00703C: L = 0.7152 * ((0x70/255 + 0.055)/1.055)^2.4 + 0.0722 * ((0x3C/255 + 0.055)/1.055)^2.4 = 0.1191, 1.05 / 0.1691 = 6.2077, shown rounded down: 6.20.
    expect(text).toContain(`${DHSC} Chart colours, in the order charts use them: #00703C contrast 6.20:1 #FFDD00 contrast 1.34:1 Below 3:1`);
    expect(text).toContain('Warning: #FFDD00 has a contrast below 3:1 against white');
    expect(html).toContain(`src="data:image/png;base64,${Buffer.from(PNG).toString('base64')}" alt="Logo of ${DHSC}"`);

    const wrongFile = new FormData();
    wrongFile.append('colours', '#00703C');
    wrongFile.append('logo', new File(['GIF89a'], 'logo.gif', { type: 'image/gif' }));
    const refused = await postMultipart(path, wrongFile, researcher);
    expect(refused.status).toBe(422);
    expect(textOf(await refused.text())).toContain(`${DHSC}: The logo must be a PNG or an SVG file (it says image/gif)`);

    const remove = new FormData();
    remove.append('colours', '#00703C');
    remove.append('logo', new File([], '', { type: 'application/octet-stream' }));
    remove.append('removeLogo', 'yes');
    expect((await postMultipart(path, remove, researcher)).status).toBe(303);
    const afterRemove = await (await get(BRANDS, researcher)).text();
    expect(afterRemove).not.toContain('data:image/png');
    expect((await audits('press.brand_changed')).map((a) => JSON.parse(a.detail).logo)).toEqual([{ mediaType: 'image/png', bytes: PNG.byteLength }, 'remove']);
    expect((await postForm(ctx.app, `${BRANDS}/${encodeURIComponent('No Such Charity')}`, { colours: '#000000' }, researcher)).status).toBe(404);
  });
});
