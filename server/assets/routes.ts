import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';

const require = createRequire(import.meta.url);
const webFile = (relative: string) => fileURLToPath(new URL(`../../web/${relative}`, import.meta.url));

/** The static files Attune serves itself (no CDNs): name -> where it lives and its type. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'attune.css': { file: webFile('styles/attune.css'), type: 'text/css; charset=utf-8' },
  'studio.css': { file: webFile('styles/studio.css'), type: 'text/css; charset=utf-8' },
  'results.css': { file: webFile('styles/results.css'), type: 'text/css; charset=utf-8' },
  'crosstabs.css': { file: webFile('styles/crosstabs.css'), type: 'text/css; charset=utf-8' },
  'results-charts.js': { file: webFile('client/results-charts.js'), type: 'text/javascript; charset=utf-8' },
  // chart.js does not export its UMD build, so find it beside the package's main file.
  'chart.umd.js': { file: join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

interface LoadedAsset {
  body: string;
  type: string;
  etag: string;
}

/** Reads every asset once at start-up; pages link to `/assets/NAME?v=HASH` so browsers can cache forever. */
function loadAssets(): Map<string, LoadedAsset> {
  const loaded = new Map<string, LoadedAsset>();
  for (const [name, { file, type }] of Object.entries(ASSETS)) {
    const body = readFileSync(file, 'utf8');
    loaded.set(name, { body, type, etag: createHash('sha256').update(body).digest('hex').slice(0, 16) });
  }
  return loaded;
}

const assets = loadAssets();

/** The URL of an asset, versioned by its content so a changed file is never served stale. */
export function assetUrl(name: keyof typeof ASSETS): string {
  return `/assets/${name}?v=${assets.get(name)!.etag}`;
}

/** Serves the CSS and browser scripts. */
export function assetRoutes() {
  return new Hono<AppEnv>().get('/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    const etag = `"${asset.etag}"`;
    const headers = { 'content-type': asset.type, etag, 'cache-control': 'public, max-age=31536000, immutable' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
}
