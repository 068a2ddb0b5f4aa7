// Draws the results charts (and any other embedded chart config). Each chart's configuration is built on the server by
// web/charts/results-chart.ts and embedded as JSON beside its canvas; this script only hands it to
// chart.js. The page is complete without it: every figure is also in a data table.
(function () {
  'use strict';
  var Chart = window.Chart;
  if (!Chart) return;

  // Direct value labels at the end of each bar. The labels arrive already rounded in the config
  // (plugins.attuneValueLabels), so the config stays plain JSON with no callbacks.
  var valueLabels = {
    id: 'attuneValueLabels',
    afterDatasetsDraw: function (chart, _args, options) {
      if (!options || !options.labels) return;
      var meta = chart.getDatasetMeta(0);
      var ctx = chart.ctx;
      var font = options.font || {};
      ctx.save();
      ctx.fillStyle = options.color || '#0b0c0c';
      ctx.font = (font.weight || 'bold') + ' ' + (font.size || 14) + 'px ' + (font.family || 'sans-serif');
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      meta.data.forEach(function (bar, index) {
        var label = options.labels[index];
        if (label) ctx.fillText(label, bar.x + (options.offset || 6), bar.y);
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
