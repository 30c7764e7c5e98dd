import type { TodosRepository } from '../data-access/todos-repository.js';
import { todoNotFound } from './todo-errors.js';

/** Removes one todo of the user's. */
export class DeleteTodoUseCase {
  constructor(private readonly todos: TodosRepository) {}

  async execute(userId: string, id: string): Promise<void> {
    if (!(await this.todos.delete(userId, id))) throw todoNotFound();
  }
}
