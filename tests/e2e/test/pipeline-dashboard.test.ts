import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './support/browser.js';

const browser = useBrowser();
const SENT = 2_000;
const toNumber = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, '') || NaN);

describe('pipeline dashboard', () => {
  it('when 2,000 messages are sent, then the processed count rises to 2,000, split over both consumer pods', async () => {
    const page = await browser.openPage();
    await page.goto('/pipeline');
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const processed = page.getByTestId('stats-processed');
    // A fresh stack: nothing processed before this test sends.
    await expect.poll(() => processed.textContent()).toBe('0');
    await expect(
      page.getByText('No consumer has processed a message yet.').isVisible(),
    ).resolves.toBe(true);

    await page.getByLabel('Number of messages').fill(String(SENT));
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Accepted 2,?000 messages/ })
      .waitFor();

    // Live from the consumer's stats stream: the page is never reloaded.
    await expect
      .poll(() => processed.textContent(), { timeout: 45_000, interval: 250 })
      .toBe('2,000');
    await expect
      .poll(() => page.getByTestId('stats-queue-depth').textContent(), { timeout: 15_000 })
      .toBe('0');
    const processedBy = page.getByRole('table', { name: 'Processed per consumer pod' });
    const podCounts = async () => {
      const counts: Record<string, number> = {};
      for (const row of await processedBy.locator('tbody').getByRole('row').all()) {
        const pod = (await row.getByRole('rowheader').textContent())?.trim() ?? '';
        counts[pod] = toNumber(await row.getByRole('cell').first().textContent());
      }
      return counts;
    };
    await expect
      .poll(async () => Object.values(await podCounts()).reduce((a, b) => a + b, 0))
      .toBe(SENT);
    const counts = await podCounts();
    expect(Object.keys(counts).sort()).toEqual(['consumer-1', 'consumer-2']);
    for (const count of Object.values(counts)) expect(count).toBeGreaterThan(0);
    await screenshot(page, 'pipeline');
  });
});
