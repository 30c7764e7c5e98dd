import type { BulkTodoResponse, ToggleAllRequest } from '@podlab/contracts';
import type { TodosRepository } from '../data-access/todos-repository.js';

/** Marks every todo of the user completed (or active again); answers how many changed. */
export class ToggleAllUseCase {
  constructor(private readonly todos: TodosRepository) {}

  async execute(userId: string, request: ToggleAllRequest): Promise<BulkTodoResponse> {
    return { affected: await this.todos.setAllCompleted(userId, request.completed, new Date()) };
  }
}
