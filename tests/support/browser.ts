import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../../server/db/schema.ts';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';
import { createTestApp, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// What the browser tests share: Debian's Chromium, the app served in-process, axe-core scans,
// a signed-in session cookie, the layout-shift and console watchers, chart.js pixel counts, and
// useBrowserApp, which ties the set-up and tear-down of all of these to a test file.

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core');

/** The axe-core tags every browser test scans for: WCAG 2.2 A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Debian's headless Chromium with the flags every browser test uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The app served in-process: where it listens, and how to stop it. */
export interface ServedApp {
  /** The base URL, like http://127.0.0.1:12345. */
  origin: string;
  /** Stops the server and resolves once it has closed. */
  close(): Promise<void>;
}

/** Serves the app on a free loopback port and resolves once it listens. */
export async function serveApp(app: { fetch: Parameters<typeof serve>[0]['fetch'] }): Promise<ServedApp> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs axe-core on the page for WCAG 2.2 A/AA and returns how many rules passed and a readable line per violation. */
export async function axeScan(page: Page): Promise<{ passes: number; violations: string[] }> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    type Result = { id: string; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  }, AXE_TAGS);
}

/** Runs axe-core on the page and fails with a readable list of any WCAG 2.2 A/AA violations, or if it checked almost nothing. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { passes, violations } = await axeScan(page);
  expect(violations, `${name} (${page.url()})`).toEqual([]);
  // A scan that checked nothing would pass vacuously.
  expect(passes, name).toBeGreaterThan(5);
}

/** Gives the browser context the session cookie of a user signed in with `signIn`, so its pages are theirs. */
export async function addSessionCookie(context: BrowserContext, user: SignedIn, origin: string): Promise<void> {
  await context.addCookies([{ name: 'attune_session', value: user.headers.cookie!.split('=')[1]!, url: origin }]);
}

declare global {
  interface Window {
    __cls: number;
    __shifts: number;
  }
}

/** Collects the page's console errors and warnings and uncaught errors, and installs a layout-shift
 * observer (window.__cls, window.__shifts) before anything renders; returns the collected problems. */
export async function watchPage(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium asks for /favicon.ico by itself; that 404 is not the page's doing.
    if (message.location().url.endsWith('/favicon.ico')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__cls = 0;
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) {
          window.__cls += entry.value;
          window.__shifts += 1;
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return problems;
}


/** Waits until chart.js has an instance for every canvas on the page. */
async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const Chart = (window as unknown as { Chart?: { instances: Record<string, unknown> } }).Chart;
    return Chart !== undefined && Object.keys(Chart.instances).length === document.querySelectorAll('canvas').length;
  });
}

/** Waits until chart.js has drawn every canvas, then counts the painted pixels of each, by canvas id. */
export async function paintedPixelsPerCanvas(page: Page): Promise<Record<string, number>> {
  await waitForCharts(page);
  return page.evaluate(() => {
    const painted: Record<string, number> = {};
    for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
      painted[canvas.id] = count;
    }
    return painted;
  });
}

/** How a browser test's app is made: createTestApp's options, then anything to store before it is served. */
export interface BrowserAppOptions {
  definitions?: SurveyDefinition[];
  examples?: boolean;
  /** Fills the database (responses, users, settings) before the app is served. */
  seed?: (ctx: TestContext) => Promise<unknown>;
  /** A folder for the test's screenshots, created before the tests run. */
  screens?: string;
  /** The set-up's time limit: migrating, seeding and starting Chromium share two busy cores. */
  timeout?: number;
}

/** How a browser context is opened: whose session (a role signs in a new user), its size, and whether it runs scripts. */
export interface ContextOptions {
  as?: Role | SignedIn;
  /** The viewport; 1280 x 900 unless given. */
  width?: number;
  height?: number;
  javaScript?: boolean;
}

/** A page in its own browser context, with its console problems collected (see watchPage). */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
  close(): Promise<void>;
}

/** A test file's app, served on a loopback port, and the Chromium that visits it. */
export interface BrowserApp {
  readonly ctx: TestContext;
  /** The served app's base URL, like http://127.0.0.1:12345. */
  readonly origin: string;
  /** A new browser context (signed in when `as` is given) with one watched page in it; `close` closes the context. */
  open(options?: ContextOptions): Promise<OpenedPage>;
}

/** Registers the beforeAll that builds a test app on a fresh SQLite database, seeds it, serves it and
 * launches Chromium, and the afterAll that undoes all of it; the returned accessors work inside tests. */
export function useBrowserApp(options: BrowserAppOptions = {}): BrowserApp {
  let started: { ctx: TestContext; served: ServedApp; browser: Browser } | undefined;
  let ctx: TestContext | undefined;
  let served: ServedApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (options.screens) mkdirSync(options.screens, { recursive: true });
    ctx = await createTestApp('sqlite', { definitions: options.definitions, examples: options.examples });
    await options.seed?.(ctx);
    served = await serveApp(ctx.app);
    browser = await launchChromium();
    started = { ctx, served, browser };
  }, options.timeout ?? 120_000);

  afterAll(async () => {
    // Each step may be missing if the set-up failed part-way.
    await browser?.close();
    await served?.close();
    await ctx?.database.drop();
  });

  const need = () => {
    if (!started) throw new Error('useBrowserApp: the app is served only once its beforeAll has run');
    return started;
  };

  const newContext = async (context: ContextOptions = {}) => {
    const { ctx, served, browser } = need();
    const opened = await browser.newContext({
      viewport: { width: context.width ?? 1280, height: context.height ?? 900 },
      javaScriptEnabled: context.javaScript ?? true,
    });
    if (context.as) {
      const user = typeof context.as === 'string' ? await signIn(ctx, context.as) : context.as;
      await addSessionCookie(opened, user, served.origin);
    }
    return opened;
  };

  return {
    get ctx() {
      return need().ctx;
    },
    get origin() {
      return need().served.origin;
    },
    async open(options) {
      const context = await newContext(options);
      const page = await context.newPage();
      const problems = await watchPage(page);
      return { context, page, problems, close: () => context.close() };
    },
  };
}
