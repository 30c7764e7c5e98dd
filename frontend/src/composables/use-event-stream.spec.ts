import { effectScope } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, installFakeEventSource } from '../testing/fake-event-source.js';
import { flushPromises } from '../testing/render.js';
import { useEventStream, type StreamConnection } from './use-event-stream.js';

describe('useEventStream', () => {
  beforeEach(() => {
    installFakeEventSource();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function open(url: (connection: StreamConnection) => string | Promise<string>, from?: string) {
    const scope = effectScope();
    const received: string[] = [];
    const onReopen = vi.fn();
    const stream = scope.run(() =>
      useEventStream({
        url,
        on: { message: (data) => received.push(data) },
        renewOn: 'token-expired',
        onReopen,
      }),
    );
    if (!stream) throw new Error('scope inactive');
    stream.start(from);
    return { stream, received, onReopen, scope };
  }

  /** A URL per connection that shows what it was built from; `renewed` counts renewals. */
  function recordingUrl() {
    const connections: StreamConnection[] = [];
    const url = (connection: StreamConnection) => {
      connections.push(connection);
      const renewed = connections.filter((c) => c.renew).length;
      return `/events?token=t${renewed}&lastEventId=${connection.lastEventId ?? ''}`;
    };
    return { url, connections };
  }

  it('when the stream opens and sends, then the state is open and events arrive', async () => {
    const { stream, received } = open(() => '/events');
    await flushPromises();
    expect(stream.state.value).toBe('connecting');
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit('message', 'hello');
    expect(stream.state.value).toBe('open');
    expect(received).toEqual(['hello']);
  });

  it('when the connection drops, then it shows reconnecting until the browser reconnects, then catches up', async () => {
    const { stream, onReopen } = open(() => '/events');
    await flushPromises();
    const source = FakeEventSource.latest();
    source.open();
    source.drop();
    expect(stream.state.value).toBe('reconnecting');
    source.open();
    expect(stream.state.value).toBe('open');
    expect(onReopen).toHaveBeenCalledOnce();
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('when the server refuses the stream, then it opens a new one with a fresh URL after a back-off', async () => {
    let n = 0;
    const { stream } = open(() => `/events?access_token=t${++n}`);
    await flushPromises();
    FakeEventSource.latest().open();
    FakeEventSource.latest().fail();
    expect(stream.state.value).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/events?access_token=t2');
    FakeEventSource.latest().open();
    expect(stream.state.value).toBe('open');
  });

  it('when the scope ends, then the stream closes and no retry fires', async () => {
    const { scope } = open(() => '/events');
    await flushPromises();
    const source = FakeEventSource.latest();
    source.fail();
    scope.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('when the server says the token expired, then it hands over at once to a renewed stream from the last event id, still showing open', async () => {
    const { url, connections } = recordingUrl();
    const { stream, received, onReopen } = open(url, 'm0');
    await flushPromises();
    const first = FakeEventSource.latest();
    expect(first.url).toBe('/events?token=t0&lastEventId=m0');
    first.open();
    first.emit('message', 'one', 'm1');
    first.emit('token-expired', { code: 'TOKEN_EXPIRED' });
    // Closed before the server ends it: the browser must not retry with the expired token.
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(stream.state.value).toBe('open');

    await flushPromises();
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(connections.at(-1)).toEqual({ lastEventId: 'm1', renew: true });
    expect(FakeEventSource.latest().url).toBe('/events?token=t1&lastEventId=m1');
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit('message', 'two', 'm2');
    expect(stream.state.value).toBe('open');
    expect(received).toEqual(['one', 'two']);
    // Resumed from m1: nothing to reload.
    expect(onReopen).not.toHaveBeenCalled();
  });

  it('when renewing the token fails, then it shows reconnecting and tries again after a back-off', async () => {
    let refused = true;
    const { url: record, connections } = recordingUrl();
    const { stream, onReopen } = open(async (connection) => {
      if (connection.renew && refused) throw new Error('refresh failed');
      return record(connection);
    });
    await flushPromises();
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit('message', 'one', 'm1');
    FakeEventSource.latest().emit('token-expired', {});
    await flushPromises();
    expect(stream.state.value).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);

    refused = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(connections.at(-1)).toEqual({ lastEventId: 'm1', renew: true });
    FakeEventSource.latest().open();
    expect(stream.state.value).toBe('open');
    expect(onReopen).toHaveBeenCalledOnce();
  });

  it('when a renewed token expires again at once (clocks far apart), then it backs off instead of looping', async () => {
    const { url } = recordingUrl();
    open(url);
    await flushPromises();
    const expireAtOnce = async () => {
      FakeEventSource.latest().open();
      FakeEventSource.latest().emit('token-expired', {});
      await flushPromises();
    };
    await expireAtOnce();
    expect(FakeEventSource.instances).toHaveLength(2);
    await expireAtOnce();
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.instances).toHaveLength(3);
    await expireAtOnce();
    await vi.advanceTimersByTimeAsync(400);
    expect(FakeEventSource.instances).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeEventSource.instances).toHaveLength(4);
  });

  it('when tokens expire every 29.5 s (auth’s shortest lifetime, rounded), then every hand-over is immediate and shows open', async () => {
    const { url } = recordingUrl();
    const { stream } = open(url);
    await flushPromises();
    for (let handOvers = 1; handOvers <= 3; handOvers++) {
      FakeEventSource.latest().open();
      await vi.advanceTimersByTimeAsync(29_500);
      FakeEventSource.latest().emit('token-expired', {});
      await flushPromises();
      expect(FakeEventSource.instances).toHaveLength(handOvers + 1);
      expect(stream.state.value).toBe('open');
    }
  });

  it('when a refused stream is reopened, then the new URL resumes from the last event received', async () => {
    const { url, connections } = recordingUrl();
    open(url);
    await flushPromises();
    expect(connections[0]).toEqual({ lastEventId: undefined, renew: false });
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit('message', 'one', 'm7');
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(connections.at(-1)).toEqual({ lastEventId: 'm7', renew: false });
  });

  it('when the stream is started again, then it resumes from the new starting point, not the old stream’s', async () => {
    const { url, connections } = recordingUrl();
    const { stream } = open(url, 'a1');
    await flushPromises();
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit('message', 'one', 'a2');
    stream.start('b9');
    await flushPromises();
    expect(connections.at(-1)).toEqual({ lastEventId: 'b9', renew: false });
  });
});
