import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInHere, signOut, signUp, uniqueUsername } from './support/accounts.js';
import { screenshot, useBrowser } from './support/browser.js';

const browser = useBrowser();

const todoList = (page: Page) => page.getByRole('list', { name: 'Todos' });
const itemsLeft = (page: Page) => page.getByRole('status').filter({ hasText: /items? left/ });

/** The titles shown, in order, read from each item's labelled checkbox. */
async function titles(page: Page): Promise<string[]> {
  const labels = await todoList(page)
    .getByRole('checkbox')
    .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label') ?? ''));
  return labels.map((label) => /“(.*)”/.exec(label)?.[1] ?? label);
}

const checkbox = (page: Page, title: string) =>
  page.getByRole('checkbox', { name: `Mark “${title}” as complete`, exact: true });

async function add(page: Page, title: string): Promise<void> {
  const input = page.getByLabel('What needs to be done?');
  await input.fill(title);
  await input.press('Enter');
  await checkbox(page, title).waitFor();
}

async function showFilter(page: Page, name: 'All' | 'Active' | 'Completed'): Promise<void> {
  const link = page
    .getByRole('navigation', { name: 'Show' })
    .getByRole('link', { name, exact: true });
  await link.click();
  await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
}

describe('todos', () => {
  it('when a visitor signs up, signs out and signs in again, then each step shows who is signed in and /todos is guarded', async () => {
    const username = uniqueUsername('e2e-journey');
    const page = await browser.openPage();

    await page.goto('/sign-up');
    await screenshot(page, 'sign-up');
    await signUp(page, username);
    await page.getByText('Nothing here yet.').waitFor();

    await signOut(page);
    await screenshot(page, 'home');
    await page.goto('/todos');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/todos');
    await screenshot(page, 'sign-in');

    await signInHere(page, username);
    await page.waitForURL((url) => url.pathname === '/todos');
    await page.getByText(`Signed in as ${username}`).waitFor();
    await signOut(page);
  });

  it('when a user adds, edits, toggles, filters and deletes todos, then the list follows each step and survives a reload', async () => {
    const page = await browser.openPage();
    await signUp(page, uniqueUsername('e2e-todos'));

    for (const title of ['Buy milk', 'Write e2e tests', 'Walk the dog']) await add(page, title);
    expect(await titles(page)).toEqual(['Buy milk', 'Write e2e tests', 'Walk the dog']);
    await expect(itemsLeft(page).textContent()).resolves.toBe('3 items left');

    // Edit in place: the title becomes a text box, Enter saves.
    await page.getByRole('button', { name: 'Edit “Buy milk”', exact: true }).click();
    const edit = page.getByRole('textbox', { name: 'Edit title' });
    await expect(edit.inputValue()).resolves.toBe('Buy milk');
    await edit.fill('Buy oat milk');
    await edit.press('Enter');
    await expect
      .poll(() => titles(page))
      .toEqual(['Buy oat milk', 'Write e2e tests', 'Walk the dog']);

    await checkbox(page, 'Walk the dog').check();
    await expect.poll(() => itemsLeft(page).textContent()).toBe('2 items left');

    await showFilter(page, 'Active');
    expect(new URL(page.url()).searchParams.get('filter')).toBe('active');
    await expect.poll(() => titles(page)).toEqual(['Buy oat milk', 'Write e2e tests']);
    await showFilter(page, 'Completed');
    await expect.poll(() => titles(page)).toEqual(['Walk the dog']);
    await screenshot(page, 'todos-completed');
    await showFilter(page, 'All');
    await expect
      .poll(() => titles(page))
      .toEqual(['Buy oat milk', 'Write e2e tests', 'Walk the dog']);

    await page.getByRole('button', { name: 'Delete “Write e2e tests”', exact: true }).click();
    await expect.poll(() => titles(page)).toEqual(['Buy oat milk', 'Walk the dog']);
    await expect.poll(() => itemsLeft(page).textContent()).toBe('1 item left');
    await screenshot(page, 'todos');

    // Stored by the todo service, and the session restored from the refresh cookie.
    await page.reload();
    await checkbox(page, 'Walk the dog').waitFor();
    expect(await titles(page)).toEqual(['Buy oat milk', 'Walk the dog']);
    await expect(checkbox(page, 'Walk the dog').isChecked()).resolves.toBe(true);
    await expect(checkbox(page, 'Buy oat milk').isChecked()).resolves.toBe(false);
    await expect(itemsLeft(page).textContent()).resolves.toBe('1 item left');

    await signOut(page);
  });
});
