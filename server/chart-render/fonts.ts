import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { PRESS_CHART_FONT_FAMILY } from '../../web/charts/press-chart.ts';

// The one typeface of press charts, bundled from npm (@fontsource/atkinson-hyperlegible, SIL OFL), so a
// chart looks the same on every machine: the server registers these files with the canvas library, and
// the studio and embed pages load the very same files through @font-face (server/press-charts/routes.tsx).

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('@fontsource/atkinson-hyperlegible/package.json')), 'files');

/** A bundled font file: its name in URLs, weight and the Unicode range it covers. */
export interface ChartFontFile {
  name: string;
  weight: 400 | 700;
  /** The @font-face unicode-range of its subset, so browsers fetch latin-ext only when a label needs it. */
  unicodeRange: string;
  path: string;
}

// The ranges Fontsource publishes for these subsets (its latin.css and latin-ext.css).
const LATIN = 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT = 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

export const CHART_FONT_FILES: ChartFontFile[] = (['latin', 'latin-ext'] as const).flatMap((subset) =>
  ([400, 700] as const).map((weight) => {
    const name = `atkinson-hyperlegible-${subset}-${weight}-normal.woff2`;
    return { name, weight, unicodeRange: subset === 'latin' ? LATIN : LATIN_EXT, path: join(FONT_DIR, name) };
  }),
);

let registered = false;

/** Registers the bundled font with the canvas library once per process; throws if a file cannot be read. */
export function registerChartFonts(): void {
  if (registered) return;
  for (const file of CHART_FONT_FILES) {
    if (!GlobalFonts.registerFromPath(file.path, PRESS_CHART_FONT_FAMILY)) throw new Error(`Could not load the chart font ${file.path}`);
  }
  registered = true;
}
