import type { ChatMessage } from '@podlab/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, installFakeEventSource } from '../testing/fake-event-source.js';
import { fakeFetch, json, on } from '../testing/fake-fetch.js';
import { flushPromises, renderWithApp, typeInto } from '../testing/render.js';
import ChatPage from './ChatPage.vue';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s)).toISOString();
const room = { id: 'r1', name: 'lobby', createdAt: at(0), joined: true };
const msg = (id: string, text: string, s: number, username = 'bob'): ChatMessage => ({
  id,
  roomId: 'r1',
  userId: 'u2',
  username,
  text,
  createdAt: at(s),
});

describe('ChatPage', () => {
  let refreshes = 0;
  beforeEach(() => {
    refreshes = 0;
    installFakeEventSource();
    fakeFetch(
      on('POST', '/api/auth/refresh', () => {
        refreshes += 1;
        return json(200, {
          accessToken: refreshes === 1 ? 'tok' : `tok${refreshes}`,
          expiresIn: 900,
          user: { id: 'u1', username: 'ada' },
        });
      }),
      on('GET', '/api/chat/rooms', () => json(200, { rooms: [room], nextCursor: null })),
      on('POST', '/api/chat/rooms/r1/join', () => json(200, room)),
      on('GET', '/api/chat/rooms/r1/messages', () =>
        json(200, { messages: [msg('m1', 'hello', 1)], nextCursor: null }),
      ),
      on('POST', '/api/chat/rooms/r1/messages', (call) =>
        json(201, msg('m3', (call.body as { text: string }).text, 3, 'ada')),
      ),
    );
  });
  afterEach(() => vi.useRealTimers());

  const texts = (log: HTMLElement) => [...log.querySelectorAll('.text')].map((p) => p.textContent);

  it('when a room is open, then live messages appear and a dropped stream shows reconnecting', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat/r1' });
    const log = screen.getByRole('log', { name: 'Messages in lobby' });
    expect(texts(log)).toEqual(['hello']);

    const source = FakeEventSource.latest();
    // From the newest message on the page: nothing posted before the stream opens is lost.
    expect(source.url).toBe('/api/chat/rooms/r1/events?access_token=tok&lastEventId=m1');
    source.open();
    source.emit('message', msg('m2', '<b>live</b>', 2), 'm2');
    source.emit('message', msg('m2', '<b>live</b>', 2), 'm2');
    await flushPromises();
    expect(texts(log)).toEqual(['hello', '<b>live</b>']);
    expect(screen.getByRole('status').textContent).toContain('Live');

    source.drop();
    await flushPromises();
    expect(screen.getByRole('status').textContent).toContain('Reconnecting…');
  });

  it('when the stream says the token expired, then it refreshes the token and resumes from the last message, still showing live', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat/r1' });
    const source = FakeEventSource.latest();
    source.open();
    source.emit('message', msg('m2', 'before', 2), 'm2');
    source.emit('token-expired', { code: 'TOKEN_EXPIRED', message: 'expired', expiredAt: at(3) });
    await flushPromises();

    expect(refreshes).toBe(2);
    expect(FakeEventSource.instances).toHaveLength(2);
    const resumed = FakeEventSource.latest();
    expect(resumed.url).toBe('/api/chat/rooms/r1/events?access_token=tok2&lastEventId=m2');
    expect(screen.getByRole('status').textContent).toContain('Live');
    resumed.open();
    resumed.emit('message', msg('m3', 'missed while handing over', 3), 'm3');
    await flushPromises();
    expect(texts(screen.getByRole('log'))).toEqual([
      'hello',
      'before',
      'missed while handing over',
    ]);
    expect(screen.getByRole('status').textContent).toContain('Live');
  });

  it('when a message is sent, then it shows once even when the stream echoes it', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat/r1' });
    FakeEventSource.latest().open();

    await typeInto(screen.getByRole('textbox', { name: 'Message' }), 'hi all');
    screen.getByRole('button', { name: 'Send' }).click();
    await flushPromises();
    FakeEventSource.latest().emit('message', msg('m3', 'hi all', 3, 'ada'), 'm3');
    await flushPromises();

    expect(texts(screen.getByRole('log'))).toEqual(['hello', 'hi all']);
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLInputElement).value).toBe('');
  });

  it('when there are more rooms than a page, then "Load more rooms" appends the next page after the last room shown, until there are none', async () => {
    const named = (id: string, name: string) => ({ id, name, createdAt: at(0), joined: false });
    const { calls } = fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(200, { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', username: 'ada' } }),
      ),
      on('GET', '/api/chat/rooms', (call) =>
        call.url.includes('before=5')
          ? json(200, { rooms: [named('4', 'older'), named('3', 'oldest')], nextCursor: null })
          : json(200, { rooms: [named('6', 'newest'), named('5', 'newer')], nextCursor: '5' }),
      ),
    );
    const { screen } = await renderWithApp(ChatPage, { path: '/chat' });
    const nav = screen.getByRole('navigation', { name: 'Rooms' });
    const names = () => [...nav.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(names()).toEqual(['newest', 'newer']);

    screen.getByRole('button', { name: 'Load more rooms' }).click();
    await flushPromises();
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.url)).toEqual([
      '/api/chat/rooms',
      '/api/chat/rooms?before=5',
    ]);
    expect(names()).toEqual(['newest', 'newer', 'older', 'oldest']);
    expect(screen.queryByRole('button', { name: 'Load more rooms' })).toBeNull();
  });

  it('when a room is created, then it comes first in the list', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat' });
    fakeFetch(
      on('POST', '/api/chat/rooms', (call) =>
        json(201, {
          id: 'r9',
          name: (call.body as { name: string }).name,
          createdAt: at(5),
          joined: true,
        }),
      ),
      on('POST', '/api/chat/rooms/r9/join', () =>
        json(200, { id: 'r9', name: 'zebra', createdAt: at(5), joined: true }),
      ),
      on('GET', '/api/chat/rooms/r9/messages', () => json(200, { messages: [], nextCursor: null })),
    );
    await typeInto(screen.getByRole('textbox', { name: 'New room name' }), 'zebra');
    screen.getByRole('button', { name: 'Create' }).click();
    await flushPromises();
    const nav = screen.getByRole('navigation', { name: 'Rooms' });
    expect([...nav.querySelectorAll('li')].map((li) => li.textContent?.trim())).toEqual([
      'zebra',
      'lobby',
    ]);
  });

  it('when creating a room is refused for the quota, then it says how long to wait', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat' });
    fakeFetch(
      on('POST', '/api/chat/rooms', () =>
        json(
          429,
          {
            error: {
              code: 'RATE_LIMITED',
              message: 'Too many rooms created: at most 10 per user every 3600 s; retry in 42 s',
            },
          },
          { 'Retry-After': '42' },
        ),
      ),
    );
    await typeInto(screen.getByRole('textbox', { name: 'New room name' }), 'one more');
    screen.getByRole('button', { name: 'Create' }).click();
    await flushPromises();
    // Said in the reader's language, with the wait from the server's message.
    expect(screen.getByRole('alert').textContent).toContain(
      'Too many attempts: try again in 42 s.',
    );
  });

  it('when no room is chosen, then the rooms are listed as links', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat' });
    expect(screen.getByRole('link', { name: 'lobby' }).getAttribute('href')).toBe('/chat/r1');
    expect(screen.getByText('Pick a room to start chatting.')).toBeTruthy();
  });
});
