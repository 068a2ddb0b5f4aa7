import { describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import { postJson, signIn } from '../helpers.ts';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';

// A press officer builds the "97% of professionals vs 75% of the public" chart in a real browser: the
// preview is drawn on a canvas by chart.js from the same configuration the server exports, in the
// bundled font; then saves it and opens the saved chart. Every page is scanned with axe-core;
// screenshots go to /tmp/screens-press-charts.

const SCREENS = '/tmp/screens-press-charts';

const web = useBrowserApp({ screens: SCREENS, seed: (ctx) => fillDemoResponses(ctx.database.db) });

describe('the chart studio in a browser', () => {
  it('builds, previews, saves and shows the professionals vs public chart', async () => {
    // Signed in here, not by role, because the same session publishes the chart through the API below.
    const press = await signIn(web.ctx, 'press');
    const { page, problems, close } = await web.open({ as: press });
    await page.goto(`${web.origin}/studio/press/charts/new`);
    expect(await page.title()).toMatch(/^New chart/);
    await expectAccessible(page, 'chart studio, empty form');

    await page.getByLabel('One figure compared across groups or surveys').check();
    await page.getByLabel('Figure 1', { exact: true }).selectOption('pif-professionals|q_views:s_early_relationships_critical|net:top2');
    await page.getByLabel('Label of figure 1').fill('professionals');
    await page.getByLabel('Figure 2', { exact: true }).selectOption('pif-public|q_attitudes:s_early_relationships_critical|net:top2');
    await page.getByLabel('Label of figure 2').fill('the public');
    await page.getByRole('button', { name: 'Preview' }).click();

    // Drawn in the browser: the canvas has its export size and the chart's pixels, in the bundled font.
    await page.locator('.press-chart--drawn').waitFor();
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.press-chart canvas')!;
      const context = canvas.getContext('2d')!;
      const scale = canvas.width / 1200;
      // A point inside the professionals' bar (the palette's dark blue, #12436D).
      const [r, g, b] = context.getImageData(Math.round(600 * scale), Math.round(canvas.height * 0.43), 1, 1).data;
      return { width: canvas.width / scale, rgb: [r, g, b], fontLoaded: document.fonts.check('16px "Attune Chart"') };
    });
    expect(drawn).toEqual({ width: 1200, rgb: [0x12, 0x43, 0x6d], fontLoaded: true });
    expect(await page.locator('.press-chart__table caption').textContent()).toMatch(/^Data: 97% of professionals vs 75% of the public/);
    await expectAccessible(page, 'chart studio with a preview');
    await page.screenshot({ path: `${SCREENS}/preview.png`, fullPage: false });

    await page.getByRole('button', { name: 'Save chart' }).click();
    expect(page.url()).toMatch(/\/studio\/press\/charts\/[^/]+\?done=saved$/);
    await page.locator('.press-chart--drawn').waitFor();
    expect(await page.getByRole('link', { name: 'PNG at 2x' }).getAttribute('href')).toMatch(/\/chart\.png\?scale=2$/);
    await expectAccessible(page, 'saved chart');
    await page.screenshot({ path: `${SCREENS}/saved.png`, fullPage: true });

    // Published, the chart is embeddable: the image with its alt text and the data behind a disclosure.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await postJson(web.ctx.app, `/api/press/items/${id}/publish`, { published: true }, { ...press.headers, 'x-csrf-token': press.csrf })).status).toBe(200);
    await page.goto(`${web.origin}/embed/charts/${id}`);
    const image = page.getByRole('img');
    expect(await image.getAttribute('alt')).toMatch(/^Horizontal bar chart comparing groups\. 97% of professionals vs 75% of the public/);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2400);
    await page.getByText('Show the data').click();
    await expectAccessible(page, 'embedded chart');
    await page.screenshot({ path: `${SCREENS}/embed.png`, fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });
});
