import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const PASSWORD = 'correct horse battery staple';

/** A new name per call (3–64 of letters, digits and . _ @ + -), so reruns never collide. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** An account made through the API, for tests about something other than signing up. */
export async function registerByApi(username: string, password = PASSWORD): Promise<void> {
  const response = await fetch(`${inject('baseUrl')}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

async function submitCredentials(
  page: Page,
  username: string,
  password: string,
  button: string,
): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** Sign-up signs the new user in and lands on their todos. */
export async function signUp(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-up');
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  await submitCredentials(page, username, password, 'Sign up');
  await page.waitForURL((url) => url.pathname === '/todos');
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** Fills the sign-in form on the current page (the guard may have brought us here with a redirect). */
export async function signInHere(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await submitCredentials(page, username, password, 'Sign in');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
}
