import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { definitionFrom, EXAMPLE_SURVEYS_DIR, signIn } from '../helpers.ts';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';

// A press officer reads the Start for Life methodology note in a real browser, switches the
// weighting, and answers the disclosure form (a bad address first); a researcher sets a brand with
// a logo file. Every page is scanned with axe-core; screenshots go to /tmp/screens-methodology.

const SCREENS = '/tmp/screens-methodology';
const SLUG = 'start-for-life-parents';
const PAGE = `/studio/press/surveys/${SLUG}/methodology`;

const web = useBrowserApp({
  definitions: [definitionFrom(JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')))],
  examples: false,
  screens: SCREENS,
  seed: (ctx) => fillDemoResponses(ctx.database.db),
});

describe('methodology and brands in a browser', () => {
  it('shows the note for a chosen weighting and saves the disclosure answers', async () => {
    const researcher = await signIn(web.ctx, 'researcher');
    const scheme = { variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }, { question: 'q_region', targets: { '7': 0.5, '8': 0.5 } }] };
    const put = await web.ctx.app.request(`/api/surveys/${SLUG}/weightings/gender-region`, {
      method: 'PUT',
      headers: { ...researcher.headers, 'x-csrf-token': researcher.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(scheme),
    });
    expect(put.status).toBe(201);

    const { page, close } = await web.open({ as: 'press' });
    await page.goto(`${web.origin}${PAGE}`);
    const note = page.getByLabel('Methodology note');
    expect(await note.inputValue()).toBe(
      'The research was conducted by Censuswide on behalf of the Department of Health and Social Care among a sample of 2,006 parents (aged 17+) of ' +
        'under 2 year olds in England. The data was collected between 23 February and 1 March 2024 using an online survey. The data is unweighted.',
    );
    await expectAccessible(page, 'methodology page');

    await page.getByLabel('Weighting').selectOption('gender-region');
    await page.getByRole('button', { name: 'Show the note' }).click();
    expect(new URL(page.url()).search).toBe('?weighting=gender-region');
    expect(await note.inputValue()).toContain('Data were weighted to be representative of parents (aged 17+) of under 2 year olds in England by gender and region.');

    await page.getByLabel('Web address for the full tables').fill('example.org/tables');
    await page.getByLabel('Code of conduct statement (optional)').fill('Censuswide is a member of the British Polling Council.');
    await page.getByRole('button', { name: 'Save answers' }).click();
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('Web address for the full tables: must be a web address starting https:// or http://');
    expect(await page.getByLabel('Code of conduct statement (optional)').inputValue()).toBe('Censuswide is a member of the British Polling Council.');
    await expectAccessible(page, 'methodology page with an error');
    await page.screenshot({ path: `${SCREENS}/methodology-error.png`, fullPage: true });

    await page.getByLabel('Web address for the full tables').fill('https://www.example.org/tables');
    await page.getByRole('button', { name: 'Save answers' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Disclosure answers saved.');
    expect(await note.inputValue()).toMatch(/The data is unweighted\. Censuswide is a member of the British Polling Council\.$/);
    const row = page.getByRole('row', { name: /Web address for the full tables/ });
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toBe('Web address for the full tablesWhere practical✓ Methttps://www.example.org/tables');
    await expectAccessible(page, 'methodology page saved');
    await page.screenshot({ path: `${SCREENS}/methodology.png`, fullPage: true });
    await close();
  });

  it('lets a researcher set brand colours and upload a logo', async () => {
    const { page, close } = await web.open({ as: 'researcher' });
    await page.goto(`${web.origin}/studio/press/brands`);
    await expectAccessible(page, 'brands page');
    const section = page.getByRole('region', { name: 'Department of Health and Social Care' });
    await section.getByLabel('Colour 1', { exact: true }).fill('#00703C');
    await section.getByLabel('Colour 2', { exact: true }).fill('#FFDD00');
    await section.getByLabel('Colour 3', { exact: true }).fill('yellow');
    const svg = join(SCREENS, 'logo.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" fill="#00703C"/><text x="10" y="27" fill="#fff" font-size="20">DHSC</text></svg>');
    await section.getByLabel('Logo (optional)').setInputFiles(svg);
    await section.getByRole('button', { name: /Save/ }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Department of Health and Social Care: colour 3: "yellow" is not a colour as #RRGGBB');
    await expectAccessible(page, 'brands page with an error');

    // The file input is empty again after the refusal, so the logo is chosen once more.
    const again = page.getByRole('region', { name: 'Department of Health and Social Care' });
    await again.getByLabel('Colour 3', { exact: true }).fill('');
    await again.getByLabel('Logo (optional)').setInputFiles(svg);
    await again.getByRole('button', { name: /Save/ }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Brand saved.');
    const saved = page.getByRole('region', { name: 'Department of Health and Social Care' });
    expect(await saved.getByRole('img', { name: 'Logo of Department of Health and Social Care' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await saved.textContent()).toContain('Warning: #FFDD00 has a contrast below 3:1 against white');
    await expectAccessible(page, 'brands page saved');
    await page.screenshot({ path: `${SCREENS}/brands.png`, fullPage: true });
    await close();
  });
});
