// The two chart.js plugins every press chart needs, written once as a plain ES module so that the
// browser preview (loaded as <script type="module">) and the server's PNG/SVG/PDF export
// (server/chart-render, which imports this file) draw a chart with the very same code. The
// configuration built by web/charts/press-chart.ts stays plain JSON; these plugins read their options
// from it. In a browser this module also draws every figure marked data-press-chart.

/** Images (the organisation's logo) by their data URL: the server loads them before drawing, the browser on demand. */
const images = new Map();

/** Gives the footer plugin an already decoded image for a source, so that a server render draws it synchronously. */
export function provideImage(src, image) {
  images.set(src, image);
}

/** Splits text into lines no wider than `width` at spaces (a longer word keeps its own line). */
function wrapText(ctx, text, width) {
  const lines = [];
  for (const paragraph of String(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? line + ' ' + word : word;
      if (line && ctx.measureText(candidate).width > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

function fontString(font) {
  return (font.weight || 'normal') + ' ' + font.size + 'px ' + font.family;
}

/** Direct value labels: after the end of each bar, or centred inside each stacked segment. Options:
 * `datasets` (one { labels, color } per dataset, labels already rounded), `position` ('end' or
 * 'center'), `font`, `offset`. A centred label that does not fit inside its segment is left out. */
export const valueLabelsPlugin = {
  id: 'attunePressLabels',
  afterDatasetsDraw(chart, _args, options) {
    if (!options || !options.datasets) return;
    const ctx = chart.ctx;
    const centred = options.position === 'center';
    ctx.save();
    ctx.font = fontString(options.font);
    ctx.textBaseline = 'middle';
    options.datasets.forEach((set, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (!meta || meta.hidden) return;
      ctx.fillStyle = set.color;
      meta.data.forEach((bar, index) => {
        const label = set.labels[index];
        if (!label) return;
        // Horizontal bars: bar.base is where a bar (or segment) starts, bar.x where it ends.
        if (centred) {
          if (ctx.measureText(label).width + 6 > Math.abs(bar.x - bar.base)) return;
          ctx.textAlign = 'center';
          ctx.fillText(label, (bar.x + bar.base) / 2, bar.y);
        } else {
          const leftwards = bar.x < bar.base;
          ctx.textAlign = leftwards ? 'right' : 'left';
          ctx.fillText(label, bar.x + (leftwards ? -options.offset : options.offset), bar.y);
        }
      });
    });
    ctx.restore();
  },
};

/** Loads an image in a browser and redraws the chart once it has arrived (the server provides them up front). */
function imageFor(chart, src) {
  const known = images.get(src);
  if (known) return known.complete === false ? null : known;
  if (typeof Image === 'undefined') return null;
  const image = new Image();
  images.set(src, image);
  image.onload = () => chart.draw();
  image.src = src;
  return null;
}

/** The footer: notes, source and base lines wrapped to the chart's width, and the logo at the right.
 * It is a layout box (as chart.js's own title), so the plot area shrinks to make room for it. */
export function createFooterPlugin(layouts) {
  class FooterBox {
    constructor(chart, options) {
      this.chart = chart;
      this.options = options;
      this.position = 'bottom';
      this.weight = 2000;
      this.fullSize = true;
      this.lines = [];
      this.left = this.top = this.right = this.bottom = this.width = this.height = 0;
    }
    isHorizontal() {
      return true;
    }
    logoSize() {
      const logo = this.options.logo;
      return logo ? { width: logo.maxWidth, height: logo.height } : { width: 0, height: 0 };
    }
    update(maxWidth) {
      const options = this.options;
      const ctx = this.chart.ctx;
      const logo = this.logoSize();
      const textWidth = Math.max(50, maxWidth - (logo.width ? logo.width + options.padding : 0));
      this.lines = [];
      ctx.save();
      for (const block of options.blocks) {
        ctx.font = fontString(block.font);
        for (const line of wrapText(ctx, block.text, textWidth)) this.lines.push({ text: line, font: block.font, color: block.color });
      }
      ctx.restore();
      const textHeight = this.lines.reduce((sum, line) => sum + line.font.size * options.lineHeight, 0);
      this.width = maxWidth;
      this.height = Math.max(textHeight, logo.height) + options.padding * 2;
      this.left = 0;
      this.right = maxWidth;
    }
    draw() {
      const options = this.options;
      const ctx = this.chart.ctx;
      ctx.save();
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      let y = this.top + options.padding;
      for (const line of this.lines) {
        ctx.font = fontString(line.font);
        ctx.fillStyle = line.color;
        ctx.fillText(line.text, this.left, y + (line.font.size * (options.lineHeight - 1)) / 2);
        y += line.font.size * options.lineHeight;
      }
      const logo = options.logo;
      if (logo) {
        const image = imageFor(this.chart, logo.src);
        if (image && image.width > 0 && image.height > 0) {
          // Keep the logo's proportions: its height is fixed, its width follows, up to the space kept for it.
          const width = Math.min(logo.maxWidth, (logo.height * image.width) / image.height);
          const height = (width * image.height) / image.width;
          ctx.drawImage(image, this.right - width, this.bottom - options.padding - height, width, height);
        }
      }
      ctx.restore();
    }
  }
  return {
    id: 'attunePressFooter',
    beforeInit(chart, _args, options) {
      if (!options || !options.blocks) return;
      const box = new FooterBox(chart, options);
      layouts.configure(chart, box, options);
      layouts.addBox(chart, box);
      chart.$attunePressFooter = box;
    },
    beforeUpdate(chart, _args, options) {
      const box = chart.$attunePressFooter;
      if (box) box.options = options;
    },
    afterDestroy(chart) {
      const box = chart.$attunePressFooter;
      if (box) layouts.removeBox(chart, box);
      delete chart.$attunePressFooter;
    },
  };
}

/** Paints the canvas white first, so that a downloaded PNG is not transparent. */
export const backgroundPlugin = {
  id: 'attunePressBackground',
  beforeDraw(chart, _args, options) {
    if (!options || !options.color) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** The plugins to hand to `new Chart(..., { plugins })` (given chart.js's `layouts`). */
export function createPressChartPlugins(layouts) {
  return [backgroundPlugin, valueLabelsPlugin, createFooterPlugin(layouts)];
}

// In a browser: draw each press chart from its embedded configuration, once the bundled font has
// loaded (otherwise the first paint would measure and wrap text in a fallback font).
if (typeof document !== 'undefined' && typeof window !== 'undefined' && window.Chart) {
  const Chart = window.Chart;
  const plugins = createPressChartPlugins(Chart.layouts);
  const draw = () => {
    for (const figure of document.querySelectorAll('[data-press-chart]')) {
      const source = document.getElementById(figure.getAttribute('data-press-chart'));
      const canvas = figure.querySelector('canvas');
      if (!source || !canvas) continue;
      try {
        new Chart(canvas, Object.assign(JSON.parse(source.textContent), { plugins }));
        figure.classList.add('press-chart--drawn');
      } catch (error) {
        // The data table beside the chart still has every figure.
        console.warn('Could not draw chart', error);
      }
    }
  };
  const fonts = document.fonts;
  if (fonts && fonts.load) {
    Promise.all([fonts.load('16px "Attune Chart"'), fonts.load('bold 16px "Attune Chart"')]).then(draw, draw);
  } else draw();
}
