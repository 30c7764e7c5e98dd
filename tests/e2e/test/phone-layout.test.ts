import { describe, expect, it } from 'vitest';
import { signUp, uniqueUsername } from './support/accounts.js';
import { screenshot, useBrowser } from './support/browser.js';

const browser = useBrowser();
const PAGES = [
  { path: '/', heading: 'podlab', name: 'home' },
  { path: '/todos', heading: 'Todos', name: 'todos' },
  { path: '/chat', heading: 'Chat', name: 'chat' },
  { path: '/pipeline', heading: 'Pipeline', name: 'pipeline' },
  { path: '/served-by', heading: 'Who served me', name: 'served-by' },
  { path: '/no-such-page', heading: 'Page not found', name: 'not-found' },
];

describe('phone-sized screens', () => {
  it('when each page is shown 390 px wide to a signed-in user, then nothing overflows sideways', async () => {
    const page = await browser.openPage({ viewport: { width: 390, height: 844 } });
    await signUp(page, uniqueUsername('e2e-phone'));
    for (const { path, heading, name } of PAGES) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      await screenshot(page, `phone-${name}`);
      expect(overflow, `${path} is wider than the screen by ${overflow} px`).toBeLessThanOrEqual(0);
    }
  });
});
