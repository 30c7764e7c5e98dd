import { effectScope } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, installFakeEventSource } from '../testing/fake-event-source.js';
import { flushPromises } from '../testing/render.js';
import { useEventStream } from './use-event-stream.js';

describe('useEventStream', () => {
  beforeEach(() => {
    installFakeEventSource();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function open(url: () => string) {
    const scope = effectScope();
    const received: string[] = [];
    const onReopen = vi.fn();
    const stream = scope.run(() =>
      useEventStream({ url, on: { message: (data) => received.push(data) }, onReopen }),
    );
    if (!stream) throw new Error('scope inactive');
    stream.start();
    return { stream, received, onReopen, scope };
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
});
