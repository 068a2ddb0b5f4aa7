import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderPressChartPdf, renderPressChartPng, renderPressChartSvg } from '../../server/chart-render/render.ts';
import { buildPressChart, type PressChartBrand, type PressChartSettings } from '../../web/charts/press-chart.ts';
import { ANALYSIS_FUNCTION_PALETTE } from '../../web/charts/results-chart.ts';
import { figure, PARENTS, PROFESSIONALS, PUBLIC } from './figure-fixtures.ts';

// Server renders of the press chart configuration: sizes from the PNG header, the SVG's words and bars,
// a one-page PDF, and the brand's logo drawn into the footer.

const BRAND: PressChartBrand = { organisation: 'Parent-Infant Foundation', colours: [...ANALYSIS_FUNCTION_PALETTE], logo: null };
const GROUPS: PressChartSettings = { type: 'groups', categories: ['professionals', 'the public'], series: [{ label: '' }], cells: [{ category: 0, series: 0 }, { category: 1, series: 0 }], texts: {} };
const groups = (brand = BRAND) => buildPressChart([figure({ survey: PROFESSIONALS, percent: 97.2, n: 1012 }), figure({ survey: PUBLIC, percent: 74.8, n: 2003 })], GROUPS, brand);

const pngSize = (bytes: Buffer) => ({ signature: bytes.subarray(1, 4).toString('latin1'), width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

describe('press chart renders', () => {
  it('renders PNG at the standard size and doubles it at 2x', async () => {
    expect(pngSize(await renderPressChartPng(groups()))).toEqual({ signature: 'PNG', width: 1200, height: 675 });
    expect(pngSize(await renderPressChartPng(groups(), 2))).toEqual({ signature: 'PNG', width: 2400, height: 1350 });
    await expect(renderPressChartPng(groups(), 4)).rejects.toThrow(RangeError);
  });

  it('grows a tall chart beyond 675 pixels so every bar has room', async () => {
    const regions = Array.from({ length: 12 }, (_, i) => `Region ${i + 1}`);
    const figures = regions.map((_, i) => figure({ survey: PARENTS, percent: 5 + i, n: 200, statementText: null }));
    const built = buildPressChart(figures, { type: 'options', categories: regions, series: [{ label: '' }], cells: regions.map((_, c) => ({ category: c, series: 0 })), texts: {} }, BRAND);
    expect(built.height).toBe(12 * 56 + 360);
    expect(pngSize(await renderPressChartPng(built))).toMatchObject({ width: 1200, height: built.height });
  });

  it('renders SVG with text as paths, named by its title and alt text, one path per bar', async () => {
    const svg = await renderPressChartSvg(groups());
    expect(svg).toMatch(/^<\?xml[^>]*\?>\s*<svg /);
    expect(svg).toContain('width="1200" height="675"');
    expect(svg).toContain('<title id="chart-title">97% of professionals vs 75% of the public (agree or strongly agree)</title>');
    expect(svg).toContain('<desc id="chart-desc">Horizontal bar chart comparing groups.');
    expect(svg).not.toContain('<text');
    expect(svg.match(/<path fill="#12436D"/gi)).toHaveLength(2);
    // The Likert chart draws five segments per row, each in its own fill.
    const likert = buildPressChart(
      [2, 6, 12, 40, 35, 5].map((p) => figure({ survey: PUBLIC, percent: p, n: 2003 })),
      {
        type: 'likert',
        categories: ['Early relationships are critical'],
        series: (['negative', 'negative', 'neutral', 'positive', 'positive', 'dontKnow'] as const).map((role, s) => ({ label: `Point ${s + 1}`, role })),
        cells: [0, 1, 2, 3, 4, 5].map((s) => ({ category: 0, series: s })),
        texts: {},
      },
      BRAND,
    );
    const likertSvg = await renderPressChartSvg(likert);
    // Each fill once for its bar segment and once for its legend box.
    for (const fill of ['#F46A25', '#F9B48F', '#BFC1C3', '#8DA7C0', '#12436D']) expect(likertSvg.match(new RegExp(`<path fill="${fill}"`, 'gi'))).toHaveLength(2);
  });

  it('renders a one-page PDF', async () => {
    const pdf = await renderPressChartPdf(groups());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[0 0 1200 675\]/);
  });

  it("draws the brand's logo into the footer", async () => {
    const logoCanvas = createCanvas(120, 40);
    const context = logoCanvas.getContext('2d');
    context.fillStyle = '#ff00ff';
    context.fillRect(0, 0, 120, 40);
    const logo = { mediaType: 'image/png', base64: logoCanvas.toBuffer('image/png').toString('base64') };
    expect(await renderPressChartSvg(groups())).not.toContain('<image');
    expect(await renderPressChartSvg(groups({ ...BRAND, logo }))).toContain('<image');
    // In the PNG: 48 pixels high (144 wide, keeping 3:1) at the bottom right of the footer, inside the padding.
    const png = await loadImage(await renderPressChartPng(groups({ ...BRAND, logo })));
    const canvas = createCanvas(png.width, png.height);
    canvas.getContext('2d').drawImage(png, 0, 0);
    const pixel = (x: number, y: number) => [...canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
    expect(pixel(1048, 627)).toEqual([255, 0, 255]);
    expect(pixel(1048, 560)).not.toEqual([255, 0, 255]);
    expect(pixel(960, 627)).not.toEqual([255, 0, 255]);
  });
});

describe('encodeOpaquePng', () => {
  it('writes a PNG the canvas library decodes to the same pixels, and declines transparent pixels', async () => {
    const { encodeOpaquePng } = await import('../../server/chart-render/png.ts');
    const canvas = createCanvas(7, 3);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, 7, 3);
    context.fillStyle = '#12436D';
    context.fillRect(2, 1, 3, 1);
    const png = (await encodeOpaquePng(canvas.data(), 7, 3))!;
    expect(pngSize(png)).toEqual({ signature: 'PNG', width: 7, height: 3 });
    const decoded = await loadImage(png);
    const check = createCanvas(7, 3);
    check.getContext('2d').drawImage(decoded, 0, 0);
    expect([...check.getContext('2d').getImageData(0, 0, 7, 3).data]).toEqual([...context.getImageData(0, 0, 7, 3).data]);
    expect(await encodeOpaquePng(createCanvas(2, 2).data(), 2, 2)).toBeNull();
    await expect(encodeOpaquePng(new Uint8Array(3), 2, 2)).rejects.toThrow(RangeError);
  });
});
