import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD, registerByApi, signInHere, uniqueUsername } from './support/accounts.js';
import { screenshot, useBrowser } from './support/browser.js';

const browser = useBrowser();

/** The first line of the page's alert: what a person reads (the correlation id follows it). */
async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return ((await alert.getByRole('paragraph').first().textContent()) ?? '').trim();
}

describe('sign-in errors', () => {
  it('when the password is wrong or the user unknown, then sign-in shows the same readable message and stays signed out', async () => {
    const username = uniqueUsername('e2e-bad-login');
    await registerByApi(username);
    const page = await browser.openPage();

    await page.goto('/sign-in');
    await signInHere(page, username, `${PASSWORD}!`);
    const wrongPassword = await alertText(page);
    await screenshot(page, 'sign-in-error');

    expect(wrongPassword).toMatch(/wrong username or password/i);
    // Readable, not the raw answer: no JSON, no error code.
    expect(wrongPassword).not.toMatch(/[{}"]|INVALID_CREDENTIALS/);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);

    await page.reload();
    await signInHere(page, uniqueUsername('e2e-nobody'), PASSWORD);
    // No account enumeration: an unknown user reads exactly the same.
    expect(await alertText(page)).toBe(wrongPassword);
  });
});
