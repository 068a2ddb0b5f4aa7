import { describe, expect, it } from 'vitest';
import { buildCompletesChart, formatShortDate } from '../../web/charts/completes-chart.ts';

describe('buildCompletesChart', () => {
  it('draws one bar a day from zero, without demo series when there is no demo data', () => {
    const config = buildCompletesChart([
      { date: '2026-03-01', completes: 3, demo: 0 },
      { date: '2026-03-02', completes: 0, demo: 0 },
      { date: '2026-03-03', completes: 5, demo: 0 },
    ])!;
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['1 Mar', '2 Mar', '3 Mar']);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]!.data).toEqual([3, 0, 5]);
    expect(config.options?.scales?.y).toMatchObject({ beginAtZero: true, ticks: { precision: 0 } });
    expect(config.options?.plugins?.legend?.display).toBe(false);
    // Plain JSON: survives a round trip unchanged, so the browser draws exactly this.
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('stacks demo completes as a second, labelled series', () => {
    const config = buildCompletesChart([{ date: '2026-12-31', completes: 1, demo: 2 }])!;
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Completes (not demo)', [1]],
      ['Demo completes', [2]],
    ]);
    expect(config.options?.plugins?.legend?.display).toBe(true);
  });

  it('has nothing to draw without days', () => {
    expect(buildCompletesChart([])).toBeNull();
    expect(formatShortDate('2026-11-09')).toBe('9 Nov');
  });
});
