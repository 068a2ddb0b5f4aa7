// Types for web/client/press-chart.js, the plugins shared by the browser preview and the server render.
import type { Plugin } from 'chart.js';

export function provideImage(src: string, image: unknown): void;
export const valueLabelsPlugin: Plugin<'bar'>;
export const backgroundPlugin: Plugin<'bar'>;
export function createFooterPlugin(layouts: unknown): Plugin<'bar'>;
export function createPressChartPlugins(layouts: unknown): Plugin<'bar'>[];
