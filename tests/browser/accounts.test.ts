import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../server/auth/service.ts';
import { createTestApp, publishResults, type TestContext } from '../helpers.ts';
import { expectAccessible, launchChromium, serveApp, type ServedApp } from '../support/browser.ts';

// The accounts journey in a real browser: the first admin from the setup link, an invitation to a
// colleague, the colleague accepting it, signing out and in again; axe-core on every page.

const SCREENS = '/tmp/screens-a';
const ADMIN_PASSWORD = 'admin passphrase for the browser test';
const COLLEAGUE_PASSWORD = 'colleague passphrase for the test';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = await createTestApp('sqlite');
  await publishResults(ctx, 'pif-public');
  served = await serveApp(ctx.app);
  origin = served.origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.database.drop();
});

/** Runs axe-core on the page, fails on any WCAG 2.2 A/AA violation, and saves a screenshot. */
async function check(page: Page, name: string) {
  await expectAccessible(page, name);
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

describe('accounts in the browser', () => {
  it('creates the admin, invites a colleague who accepts, signs out and in again', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const admin = await adminContext.newPage();

    await admin.goto(`${origin}/`);
    expect(await admin.locator('h1').textContent()).toBe('Attune');
    expect(await admin.locator('a[href="/results/pif-public"]').count()).toBe(1);
    await check(admin, '01-front-page');

    const token = await createSetupLink(ctx.database.db);
    await admin.goto(`${origin}/setup/${token}`);
    await check(admin, '02-setup');
    await admin.getByLabel('Your name').fill('Ada Admin');
    await admin.getByLabel('Email address').fill('ada@example.org');
    await admin.getByLabel('Create a password').fill(ADMIN_PASSWORD);
    await admin.getByLabel('Type the password again').fill('not the same');
    await admin.getByRole('button', { name: 'Create account' }).click();
    expect(await admin.title()).toMatch(/^Error: /);
    expect(await admin.locator('.error-summary').textContent()).toContain('The passwords do not match');
    expect(await admin.getByLabel('Your name').inputValue()).toBe('Ada Admin');
    await check(admin, '03-setup-error');
    await admin.getByLabel('Create a password').fill(ADMIN_PASSWORD);
    await admin.getByLabel('Type the password again').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.waitForURL(`${origin}/studio`);
    expect(await admin.locator('.studio-signout__who').textContent()).toContain('Ada Admin');
    expect(await admin.locator('a[href="/studio/surveys/start-for-life-parents"]').count()).toBe(1);
    await check(admin, '04-dashboard');

    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL(`${origin}/studio/users`);
    await check(admin, '05-users');
    await admin.getByLabel('Their email address').fill('cora@example.org');
    await admin.getByLabel('Role').selectOption('researcher');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await admin.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(new RegExp(`^${origin}/invite/[A-Za-z0-9_-]{43}$`));
    await check(admin, '06-invitation-link');

    await admin.goto(`${origin}/studio/tokens`);
    await admin.getByLabel('What is it for?').fill('weekly export');
    await admin.getByRole('button', { name: 'Create token' }).click();
    expect(await admin.getByRole('textbox', { name: 'Token' }).inputValue()).toMatch(/^att_[A-Za-z0-9_-]{43}$/);
    await check(admin, '07-token-created');

    await admin.goto(`${origin}/studio/audit`);
    expect(await admin.locator('table').textContent()).toContain('user.invited');
    await check(admin, '08-audit-log');

    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL(`${origin}/login?signed-out=1`);
    await check(admin, '09-signed-out');
    await adminContext.close();

    // The colleague, in a browser of their own.
    const colleagueContext = await browser.newContext({ viewport: { width: 420, height: 800 } });
    const colleague = await colleagueContext.newPage();
    await colleague.goto(link);
    expect(await colleague.locator('main').textContent()).toContain('cora@example.org');
    await check(colleague, '10-accept-invitation');
    await colleague.getByLabel('Your name').fill('Cora Colleague');
    await colleague.getByLabel('Create a password').fill(COLLEAGUE_PASSWORD);
    await colleague.getByLabel('Type the password again').fill(COLLEAGUE_PASSWORD);
    await colleague.getByRole('button', { name: 'Create account' }).click();
    await colleague.waitForURL(`${origin}/studio`);
    expect(await colleague.locator('.studio-signout__who').textContent()).toContain('Cora Colleague');
    expect(await colleague.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await check(colleague, '11-colleague-dashboard');
    await colleague.getByRole('button', { name: 'Sign out' }).click();
    await colleague.waitForURL(`${origin}/login?signed-out=1`);

    // Signing in again, from a page that needs it: a wrong password first.
    await colleague.goto(`${origin}/studio/tokens`);
    await colleague.waitForURL(`${origin}/login?next=%2Fstudio%2Ftokens`);
    await colleague.getByLabel('Email address').fill('cora@example.org');
    await colleague.getByLabel('Password').fill('wrong password entirely');
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    expect(await colleague.locator('.error-summary').textContent()).toContain('The email address or password is not right');
    await check(colleague, '12-sign-in-error');
    await colleague.getByLabel('Password').fill(COLLEAGUE_PASSWORD);
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await colleague.waitForURL(`${origin}/studio/tokens`);
    await colleague.getByRole('button', { name: 'Sign out' }).click();
    await colleague.waitForURL(`${origin}/login?signed-out=1`);
    expect((await colleagueContext.cookies()).some((cookie) => cookie.name === 'attune_session')).toBe(false);
    await colleagueContext.close();
  }, 120_000);
});
