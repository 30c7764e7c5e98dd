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
        return json(200, { accessToken: refreshes === 1 ? 'tok' : `tok${refreshes}`, expiresIn: 900, user: { id: 'u1', username: 'ada' } });
      }),
      on('GET', '/api/chat/rooms', () => json(200, { rooms: [room] })),
      on('POST', '/api/chat/rooms/r1/join', () => json(200, room)),
      on('GET', '/api/chat/rooms/r1/messages', () => json(200, { messages: [msg('m1', 'hello', 1)], nextCursor: null })),
      on('POST', '/api/chat/rooms/r1/messages', (call) => json(201, msg('m3', (call.body as { text: string }).text, 3, 'ada'))),
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
    expect(texts(screen.getByRole('log'))).toEqual(['hello', 'before', 'missed while handing over']);
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

  it('when no room is chosen, then the rooms are listed as links', async () => {
    const { screen } = await renderWithApp(ChatPage, { path: '/chat' });
    expect(screen.getByRole('link', { name: 'lobby' }).getAttribute('href')).toBe('/chat/r1');
    expect(screen.getByText('Pick a room to start chatting.')).toBeTruthy();
  });
});
