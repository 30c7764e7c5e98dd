import { describe, expect, it } from 'vitest';
import { FakeEventSource, installFakeEventSource } from '../testing/fake-event-source.js';
import { fakeFetch, json, on } from '../testing/fake-fetch.js';
import { flushPromises, renderWithApp, typeInto } from '../testing/render.js';
import PipelinePage from './PipelinePage.vue';

const stats = (processed: number, processedBy: Record<string, number>) => ({
  processed,
  processedBy,
  ratePerSecond: 12.5,
  queueDepth: 40,
  deadLetterDepth: null,
  at: '2025-01-01T10:00:00.000Z',
});

describe('PipelinePage', () => {
  it('when a batch is sent, then the producer gets it and the stats stream updates the counts per pod', async () => {
    installFakeEventSource();
    const { calls } = fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(401, { error: { code: 'unauthenticated', message: 'none' } }),
      ),
      on('GET', '/api/consumer/stats', () => json(200, stats(0, {}))),
      on('POST', '/api/producer/messages', () =>
        json(202, { accepted: 500, correlationId: 'c-1' }),
      ),
    );
    const { screen } = await renderWithApp(PipelinePage, { path: '/pipeline' });
    expect(screen.getByText('No consumer has processed a message yet.')).toBeTruthy();

    await typeInto(screen.getByLabelText('Number of messages'), '500');
    screen.getByRole('button', { name: 'Send' }).click();
    await flushPromises();
    expect(calls.find((c) => c.url === '/api/producer/messages')?.body).toEqual({
      count: 500,
      payloadBytes: 64,
    });
    expect(screen.getByText('Accepted 500 messages (correlation id c-1).')).toBeTruthy();

    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/consumer/stats/stream');
    source.open();
    source.emit('stats', stats(300, { 'consumer-a': 200, 'consumer-b': 100 }));
    await flushPromises();

    expect(screen.getByTestId('stats-processed').textContent).toBe('300');
    expect(screen.getByTestId('stats-queue-depth').textContent).toBe('40');
    expect(screen.getByTestId('stats-dead-letters').textContent).toBe('n/a');
    const table = screen.getByRole('table', { name: 'Processed per consumer pod' });
    expect(table.textContent).toContain('consumer-a');
    expect(table.textContent).toContain('67%');
  });
});
