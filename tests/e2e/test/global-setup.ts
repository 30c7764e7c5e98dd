import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePorts } from '@podlab/testing';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.js';
import { startLocalStack, type RunningStack } from './support/local-stack.js';
import './support/provided.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..', '..');
const output = resolve(here, '..', 'test-output');

/**
 * One stack and one browser for every e2e file: what `npm start` serves, on a free port with a
 * fresh data folder, and Debian's Chromium (never a downloaded one).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH)) {
    project.provide(
      'setupError',
      `${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install chromium); the e2e tests never download a browser`,
    );
    return async () => undefined;
  }
  const screenshotDir = join(output, 'screenshots');
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'podlab-e2e-'));
  const [port] = (await findFreePorts(1)) as [number];

  let stack: RunningStack | undefined;
  let browser: BrowserServer | undefined;
  const teardown = async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const [started, launched] = await Promise.allSettled([
    startLocalStack({
      root,
      port,
      dataDir,
      logFile: join(output, 'stack.log'),
      timeoutMs: 120_000,
    }),
    chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }),
  ]);
  if (started.status === 'fulfilled') stack = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (!stack || !browser) {
    await teardown();
    const reason: unknown =
      started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
    // Fail the e2e files, not the whole run: a throw here would abort every other project's tests too.
    project.provide('setupError', reason instanceof Error ? reason.message : String(reason));
    return async () => undefined;
  }
  project.provide('setupError', '');
  project.provide('baseUrl', stack.url);
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  project.provide('screenshotDir', screenshotDir);
  return teardown;
}
