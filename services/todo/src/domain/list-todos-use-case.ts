import type { ListTodosResponse, TodoFilter } from '@podlab/contracts';
import type { TodosRepository } from '../data-access/todos-repository.js';

/** A user's todos, oldest first, all or only the active or completed ones. */
export class ListTodosUseCase {
  constructor(private readonly todos: TodosRepository) {}

  async execute(userId: string, filter: TodoFilter): Promise<ListTodosResponse> {
    return { todos: await this.todos.list(userId, filter) };
  }
}
