import {
  CONSUMER_STATS_EVENT,
  consumerStatsSchema,
  type ConsumerStats,
  type PublishResponse,
} from '@podlab/contracts';
import { shallowRef } from 'vue';
import { CONSUMER_STATS_STREAM_URL, pipelineApi } from '../api/pipeline-api.js';
import { useAsync } from './use-async.js';
import { safeJson } from './safe-json.js';
import { useEventStream } from './use-event-stream.js';

/** Consumer stats, first fetched and then live from the stats stream; and sending a batch through the producer. */
export function usePipeline() {
  const stats = shallowRef<ConsumerStats | null>(null);
  const lastPublish = shallowRef<PublishResponse | null>(null);

  const stream = useEventStream({
    url: () => CONSUMER_STATS_STREAM_URL,
    on: {
      // Each reading is a named event; a `message` handler would never see it.
      [CONSUMER_STATS_EVENT]: (data) => {
        const parsed = consumerStatsSchema.safeParse(safeJson(data));
        if (parsed.success) stats.value = parsed.data;
      },
    },
  });

  const loading = useAsync(async () => {
    stats.value = await pipelineApi.stats();
  });
  const sending = useAsync(async (count: number, payloadBytes: number) => {
    lastPublish.value = await pipelineApi.publish(count, payloadBytes);
  });

  return {
    stats,
    lastPublish,
    streamState: stream.state,
    loadError: loading.error,
    sendError: sending.error,
    sending: sending.pending,
    start: () => {
      void loading.run();
      stream.start();
    },
    send: sending.run,
  };
}
