import type { BulkTodoResponse } from '@podlab/contracts';
import type { TodosRepository } from '../data-access/todos-repository.js';

/** Deletes the user's completed todos; answers how many went. */
export class ClearCompletedUseCase {
  constructor(private readonly todos: TodosRepository) {}

  async execute(userId: string): Promise<BulkTodoResponse> {
    return { affected: await this.todos.deleteCompleted(userId) };
  }
}
