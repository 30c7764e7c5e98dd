import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import './provided.js';

export interface BrowserSession {
  /** A fresh browser context (its own cookies: one user) with one page, English, laptop-sized. */
  openPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
}

/**
 * Per test file: connects to the run's one Chromium before the tests and disconnects after;
 * every page a test opens is closed after that test, and an uncaught error in any of its
 * pages fails the test.
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.connect(inject('browserWsEndpoint'));
  });
  afterEach(async ({ task }) => {
    const errors = pageErrors;
    if (task.result?.state === 'fail') await photographFailure(contexts, task.name);
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    pageErrors = [];
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async openPage(options = {}) {
      if (!browser) throw new Error('useBrowser(): the browser is not connected yet');
      const context = await browser.newContext({
        baseURL: inject('baseUrl'),
        locale: 'en-US',
        viewport: options.viewport ?? { width: 1280, height: 800 },
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
  };
}

async function photographFailure(contexts: BrowserContext[], testName: string): Promise<void> {
  const pages = contexts.flatMap((context) => context.pages());
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  await Promise.all(
    pages.map((page, i) => screenshot(page, `failed-${slug}-${i + 1}`).catch(() => undefined)),
  );
}

/** A full-page picture under the git-ignored test-output folder, to look at after a run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(inject('screenshotDir'), `${name}.png`), fullPage: true });
}
