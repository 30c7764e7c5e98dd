import { describe, expect, inject, it } from 'vitest';
import { screenshot, useBrowser } from './support/browser.js';

const browser = useBrowser();
/** Every backend npm start runs, with its instance count behind the router. */
const SERVICES = { auth: 1, todo: 1, chat: 2, producer: 1, consumer: 2 } as const;

async function versionOf(service: string): Promise<string> {
  const response = await fetch(`${inject('baseUrl')}/api/${service}/info`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { version: string }).version;
}

describe('who served me', () => {
  it('when the page has polled a few times, then each service shows its version and pod, and every replica of consumer and chat is seen', async () => {
    const page = await browser.openPage();
    await page.goto('/served-by');
    await page.getByRole('heading', { level: 1, name: 'Who served me' }).waitFor();

    for (const [service, instances] of Object.entries(SERVICES)) {
      const row = page.getByTestId(`served-by-${service}`);
      await expect(row.getByRole('rowheader').textContent()).resolves.toBe(service);
      const cells = row.getByRole('cell');
      await expect.poll(() => cells.nth(0).textContent()).toBe(await versionOf(service));
      await expect(cells.nth(1).textContent()).resolves.toMatch(
        new RegExp(`^${service}-[1-${instances}]$`),
      );
      // The view polls every 3 s and the router takes the instances in turn: each one shows up.
      const expected = Array.from({ length: instances }, (_, i) => `${service}-${i + 1}`);
      await expect
        .poll(async () => (await cells.nth(3).locator('code').allTextContents()).sort(), {
          timeout: 15_000,
          interval: 500,
        })
        .toEqual(expected);
    }
    await screenshot(page, 'served-by');
  });
});
