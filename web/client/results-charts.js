// Draws the results charts (and any other embedded chart config). Each chart's configuration is built on the server by
// web/charts/results-chart.ts and embedded as JSON beside its canvas; this script only hands it to
// chart.js. The page is complete without it: every figure is also in a data table.
(function () {
  'use strict';
  var Chart = window.Chart;
  if (!Chart) return;

  // Direct value labels at the end of each bar, or inside each segment of stacked bars. The labels
  // arrive already rounded in the config (plugins.attuneValueLabels: `labels` for a single dataset,
  // or `datasets` with labels and a text colour for each), so the config stays plain JSON.
  var valueLabels = {
    id: 'attuneValueLabels',
    afterDatasetsDraw: function (chart, _args, options) {
      if (!options) return;
      var sets = options.datasets && options.datasets.length ? options.datasets : options.labels ? [{ labels: options.labels, color: options.color }] : [];
      var centred = options.position === 'center';
      var ctx = chart.ctx;
      var font = options.font || {};
      ctx.save();
      ctx.font = (font.weight || 'bold') + ' ' + (font.size || 14) + 'px ' + (font.family || 'sans-serif');
      ctx.textAlign = centred ? 'center' : 'left';
      ctx.textBaseline = 'middle';
      sets.forEach(function (set, datasetIndex) {
        var meta = chart.getDatasetMeta(datasetIndex);
        if (!meta || meta.hidden) return;
        ctx.fillStyle = set.color || options.color || '#0b0c0c';
        meta.data.forEach(function (bar, index) {
          var label = set.labels && set.labels[index];
          if (!label) return;
          // Horizontal bars: bar.base is where a bar (or stacked segment) starts, bar.x where it ends.
          if (centred) {
            // A label wider than its segment (a narrow screen) would spill onto its neighbours: leave it out.
            if (ctx.measureText(label).width + 4 > Math.abs(bar.x - bar.base)) return;
            ctx.fillText(label, (bar.x + bar.base) / 2, bar.y);
          }
          else ctx.fillText(label, bar.x + (options.offset || 6), bar.y);
        });
      });
      ctx.restore();
    },
  };
  Chart.register(valueLabels);

  // Any figure naming its embedded config in data-results-chart or data-chart (the workspace's charts).
  var figures = document.querySelectorAll('[data-results-chart], [data-chart]');
  Array.prototype.forEach.call(figures, function (figure) {
    var source = document.getElementById(figure.getAttribute('data-results-chart') || figure.getAttribute('data-chart'));
    var canvas = figure.querySelector('canvas');
    if (!source || !canvas) return;
    try {
      new Chart(canvas, JSON.parse(source.textContent));
    } catch (error) {
      // One broken chart must not stop the others; the table still has the figures.
      if (window.console) window.console.warn('Could not draw chart', canvas.id, error);
    }
  });
})();
