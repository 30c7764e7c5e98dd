import type { Room } from '@podlab/contracts';
import { ref } from 'vue';
import { chatApi } from '../api/chat-api.js';
import { useAsync } from './use-async.js';

export function useChatRooms() {
  const rooms = ref<Room[]>([]);

  function upsert(room: Room): void {
    const others = rooms.value.filter((r) => r.id !== room.id);
    rooms.value = [...others, room].sort((a, b) => a.name.localeCompare(b.name));
  }

  const { pending, error, run } = useAsync(async (step: () => Promise<Room | void>) => step());

  return {
    rooms,
    pending,
    error,
    load: () =>
      run(async () => {
        rooms.value = (await chatApi.rooms()).rooms;
      }),
    create: (name: string) =>
      run(async () => {
        const room = await chatApi.createRoom(name);
        upsert(room);
        return room;
      }),
  };
}
