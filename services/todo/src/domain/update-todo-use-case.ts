import type { Todo, UpdateTodoRequest } from '@podlab/contracts';
import type { TodosRepository } from '../data-access/todos-repository.js';
import { todoNotFound } from './todo-errors.js';

/** Edit a title, toggle one todo, or both; answers the todo as it now is. */
export class UpdateTodoUseCase {
  constructor(private readonly todos: TodosRepository) {}

  async execute(userId: string, id: string, changes: UpdateTodoRequest): Promise<Todo> {
    const updated = await this.todos.update(userId, id, changes, new Date());
    const todo = updated ? await this.todos.find(userId, id) : undefined;
    if (!todo) throw todoNotFound(); // missing, another user's, or deleted in between
    return todo;
  }
}
