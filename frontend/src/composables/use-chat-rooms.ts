import type { Room } from '@podlab/contracts';
import { ref } from 'vue';
import { chatApi } from '../api/chat-api.js';
import { useAsync } from './use-async.js';

/** Rooms are listed newest first, a page at a time; each page continues after the last one shown. */
export function useChatRooms() {
  const rooms = ref<Room[]>([]);
  const nextCursor = ref<string | null>(null);

  /** Merge by id: a room created here may come again in a later page. */
  function add(incoming: readonly Room[], where: 'start' | 'end'): void {
    const ids = new Set(incoming.map((r) => r.id));
    const others = rooms.value.filter((r) => !ids.has(r.id));
    rooms.value = where === 'start' ? [...incoming, ...others] : [...others, ...incoming];
  }

  const { pending, error, run } = useAsync(async (step: () => Promise<Room | void>) => step());

  return {
    rooms,
    pending,
    error,
    hasMore: () => nextCursor.value !== null,
    load: () =>
      run(async () => {
        const page = await chatApi.rooms();
        rooms.value = page.rooms;
        nextCursor.value = page.nextCursor;
      }),
    loadMore: () =>
      run(async () => {
        if (nextCursor.value === null) return;
        const page = await chatApi.rooms(nextCursor.value);
        add(page.rooms, 'end');
        nextCursor.value = page.nextCursor;
      }),
    create: (name: string) =>
      run(async () => {
        const room = await chatApi.createRoom(name);
        add([room], 'start');
        return room;
      }),
  };
}
