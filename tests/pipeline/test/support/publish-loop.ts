/**
 * Sends single messages to the producer from several concurrent clients until stopped,
 * recording which ids were accepted (202) and how many were refused (503).
 */
export function publishLoop(producerUrl: string, concurrency = 8) {
  const accepted = new Set<string>();
  const refused: { status: number; retryAfter: string | null; code?: string }[] = [];
  let stopped = false;
  let seq = 0;
  const worker = async () => {
    while (!stopped) {
      try {
        const response = await fetch(`${producerUrl}/api/producer/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payload: { seq: seq++ } }),
        });
        const body = (await response.json()) as { id?: string; error?: { code: string } };
        if (response.status === 202 && body.id) accepted.add(body.id);
        else {
          refused.push({
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            code: body.error?.code,
          });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    accepted,
    refused,
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}
