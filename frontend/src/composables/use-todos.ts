import type { Todo, TodoFilter } from '@podlab/contracts';
import { computed, ref } from 'vue';
import { todoApi } from '../api/todo-api.js';
import { useAsync } from './use-async.js';

export function filterTodos(todos: readonly Todo[], filter: TodoFilter): Todo[] {
  if (filter === 'active') return todos.filter((t) => !t.completed);
  if (filter === 'completed') return todos.filter((t) => t.completed);
  return [...todos];
}

/**
 * The signed-in user's todos: the whole list is kept here and filtered locally, so the count of
 * items left and "clear completed" are right whichever filter is shown.
 */
export function useTodos() {
  const todos = ref<Todo[]>([]);
  const loaded = ref(false);
  const activeCount = computed(() => todos.value.filter((t) => !t.completed).length);
  const completedCount = computed(() => todos.value.length - activeCount.value);
  const allCompleted = computed(() => todos.value.length > 0 && activeCount.value === 0);

  function replace(todo: Todo): void {
    todos.value = todos.value.map((t) => (t.id === todo.id ? todo : t));
  }

  const { pending, error, run, clearError } = useAsync(async (step: () => Promise<void>) => step());

  const load = () =>
    run(async () => {
      todos.value = (await todoApi.list()).todos;
      loaded.value = true;
    });
  const add = (title: string) =>
    run(async () => {
      todos.value = [...todos.value, await todoApi.create(title)];
    });
  const rename = (id: string, title: string) =>
    run(async () => replace(await todoApi.update(id, { title })));
  const toggle = (id: string, completed: boolean) =>
    run(async () => replace(await todoApi.update(id, { completed })));
  const remove = (id: string) =>
    run(async () => {
      await todoApi.remove(id);
      todos.value = todos.value.filter((t) => t.id !== id);
    });
  const toggleAll = (completed: boolean) =>
    run(async () => {
      await todoApi.toggleAll(completed);
      todos.value = todos.value.map((t) => ({ ...t, completed }));
    });
  const clearCompleted = () =>
    run(async () => {
      await todoApi.clearCompleted();
      todos.value = todos.value.filter((t) => !t.completed);
    });

  return {
    todos,
    loaded,
    pending,
    error,
    clearError,
    activeCount,
    completedCount,
    allCompleted,
    visible: (filter: TodoFilter) => filterTodos(todos.value, filter),
    load,
    add,
    rename,
    toggle,
    remove,
    toggleAll,
    clearCompleted,
  };
}
