import {
  CHAT_MESSAGE_EVENT,
  CHAT_TOKEN_EXPIRED_EVENT,
  chatMessageSchema,
  type ChatMessage,
  type Room,
} from '@podlab/contracts';
import { ref, shallowRef, watch, type Ref } from 'vue';
import { chatApi } from '../api/chat-api.js';
import { useAuthStore } from '../stores/auth-store.js';
import { useAsync } from './use-async.js';
import { useEventStream } from './use-event-stream.js';
import { safeJson } from './safe-json.js';

function byTime(a: ChatMessage, b: ChatMessage): number {
  // Ids are decimal strings of growing length: "10" comes after "9".
  return a.createdAt === b.createdAt
    ? a.id.length - b.id.length || a.id.localeCompare(b.id)
    : a.createdAt < b.createdAt
      ? -1
      : 1;
}

/** Merge by id (the live stream, a post's answer and a reload may all bring the same message). */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(byTime);
}

/** One room: join, its latest messages, older pages on demand, live updates and posting. */
export function useChatRoom(roomId: Ref<string | null>) {
  const auth = useAuthStore();
  const room = shallowRef<Room | null>(null);
  const messages = ref<ChatMessage[]>([]);
  const olderCursor = ref<string | null>(null);
  const { pending, error, run } = useAsync(async (step: () => Promise<void>) => step());

  const stream = useEventStream({
    url: async ({ lastEventId, renew }) => {
      // The server said the token expired: the one held here may still look valid (clocks differ).
      const token = renew ? await auth.refresh() : await auth.freshToken();
      if (!token || !roomId.value) throw new Error('no session');
      return chatApi.eventsUrl(roomId.value, token, lastEventId);
    },
    on: {
      [CHAT_MESSAGE_EVENT]: (data) => {
        const parsed = chatMessageSchema.safeParse(safeJson(data));
        if (parsed.success && parsed.data.roomId === roomId.value)
          messages.value = mergeMessages(messages.value, [parsed.data]);
      },
    },
    renewOn: CHAT_TOKEN_EXPIRED_EVENT,
    onReopen: () => void catchUp(),
  });

  async function catchUp(): Promise<void> {
    const id = roomId.value;
    if (!id) return;
    const page = await chatApi.messages(id).catch(() => null);
    if (page && id === roomId.value) messages.value = mergeMessages(messages.value, page.messages);
  }

  async function open(id: string): Promise<void> {
    room.value = await chatApi.join(id);
    const page = await chatApi.messages(id);
    if (id !== roomId.value) return;
    messages.value = mergeMessages([], page.messages);
    olderCursor.value = page.nextCursor;
    // From the newest message shown (pages are oldest first), so what is posted before the stream
    // opens, or while it hands over, is sent on it; an empty room starts before its first id.
    stream.start(page.messages.at(-1)?.id ?? '0');
  }

  watch(
    roomId,
    (id) => {
      stream.stop();
      room.value = null;
      messages.value = [];
      olderCursor.value = null;
      if (id) void run(() => open(id));
    },
    { immediate: true },
  );

  return {
    room,
    messages,
    hasOlder: () => olderCursor.value !== null,
    pending,
    error,
    streamState: stream.state,
    loadOlder: () =>
      run(async () => {
        const id = roomId.value;
        if (!id || !olderCursor.value) return;
        const page = await chatApi.messages(id, olderCursor.value);
        messages.value = mergeMessages(messages.value, page.messages);
        olderCursor.value = page.nextCursor;
      }),
    send: (text: string) =>
      run(async () => {
        const id = roomId.value;
        if (!id) return;
        messages.value = mergeMessages(messages.value, [await chatApi.post(id, text)]);
      }),
  };
}
