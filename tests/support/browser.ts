import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SignedIn } from '../helpers.ts';

// What the browser tests share: Debian's Chromium, the app served in-process, axe-core scans,
// a signed-in session cookie, and the layout-shift and console watchers.

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
