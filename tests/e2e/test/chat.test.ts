import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signUp, uniqueUsername } from './support/accounts.js';
import { screenshot, useBrowser, type BrowserSession } from './support/browser.js';

const browser = useBrowser();
const POD = 'x-served-by-pod';

const messageLog = (page: Page, room: string) =>
  page.getByRole('log', { name: `Messages in ${room}` });
const messageText = (page: Page, room: string, text: string) =>
  messageLog(page, room).getByRole('listitem').getByText(text, { exact: true });

async function waitLive(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

/** Posts through the form and resolves with the pod that stored the message. */
async function post(page: Page, text: string): Promise<string> {
  const answer = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' &&
      /\/api\/chat\/rooms\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
  );
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
  const response = await answer;
  expect(response.status()).toBe(201);
  return response.headers()[POD] ?? '';
}

/**
 * Two users, each in their own browser context: A creates a room, B finds it in the list and
 * joins. B's page records which chat pod serves its live stream, and every message list it loads.
 */
async function twoUsersInOneRoom(session: BrowserSession) {
  const [a, b] = await Promise.all([session.openPage(), session.openPage()]);
  await Promise.all([
    signUp(a, uniqueUsername('e2e-chat-a')),
    signUp(b, uniqueUsername('e2e-chat-b')),
  ]);
  const room = `e2e room ${uniqueUsername('r')}`;

  await a.goto('/chat');
  await a.getByRole('textbox', { name: 'New room name' }).fill(room);
  await a.getByRole('button', { name: 'Create' }).click();
  await a.waitForURL((url) => url.pathname.startsWith('/chat/'));
  await a.getByRole('heading', { level: 2, name: room }).waitFor();
  await waitLive(a);

  const streamPods: string[] = [];
  const messageLoads: string[] = [];
  b.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (/\/api\/chat\/rooms\/[^/]+\/events$/.test(path))
      streamPods.push(response.headers()[POD] ?? '');
    if (response.request().method() === 'GET' && /\/messages$/.test(path)) messageLoads.push(path);
  });
  await b.goto('/chat');
  await b.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: room }).click();
  await b.getByRole('heading', { level: 2, name: room }).waitFor();
  await waitLive(b);
  expect(new URL(b.url()).pathname).toBe(new URL(a.url()).pathname);
  // A marker that only survives if B's page is never reloaded.
  await b.evaluate(() => Object.assign(window, { e2eNotReloaded: true }));
  return { a, b, room, streamPods, messageLoads };
}

describe('chat', () => {
  it('when A posts to the room, then it appears live for B, also when B follows the room on the other chat pod', async () => {
    const { a, b, room, streamPods, messageLoads } = await twoUsersInOneRoom(browser);
    expect(streamPods).toHaveLength(1);
    const streamPod = streamPods[0];
    expect(streamPod).toMatch(/^chat-[12]$/);
    const loadsBefore = messageLoads.length;

    // The router takes the two chat pods in turn; post until one post lands on the pod B's stream is not on.
    const crossed: string[] = [];
    for (let i = 1; i <= 6 && crossed.length === 0; i++) {
      const text = `hello ${i} from A`;
      const pod = await post(a, text);
      expect(pod).toMatch(/^chat-[12]$/);
      await messageText(b, room, text).waitFor({ timeout: 10_000 });
      if (pod !== streamPod) crossed.push(text);
    }
    expect(crossed, `no post landed on a chat pod other than ${streamPod}`).toHaveLength(1);

    // It came over B's one open stream: no reload, no reconnect, no list fetched again.
    await expect(b.evaluate(() => 'e2eNotReloaded' in window)).resolves.toBe(true);
    expect(streamPods).toEqual([streamPod]);
    expect(messageLoads).toHaveLength(loadsBefore);
    await screenshot(b, 'chat');
  });

  it('when a message holds HTML and a script, then both users see it as literal text and nothing runs', async () => {
    const { a, b, room } = await twoUsersInOneRoom(browser);
    const html = '<b>hi</b><img src=x onerror="window.e2eXss=1"><script>window.e2eXss=2</script>';

    await post(a, html);
    for (const page of [a, b]) {
      await messageText(page, room, html).waitFor();
      await expect(messageLog(page, room).locator('b, img, script').count()).resolves.toBe(0);
      await expect(page.evaluate(() => 'e2eXss' in window)).resolves.toBe(false);
    }
    await screenshot(b, 'chat-html-as-text');
  });
});
