import type { CreateTodoRequest, Todo } from '@podlab/contracts';
import type { TodosRepository } from '../data-access/todos-repository.js';
import { todoLimitReached } from './todo-errors.js';

/**
 * A new, active todo at the end of the user's list — unless the list is full. Two requests of
 * the same user racing at the limit may both pass the count: the bound is soft by at most the
 * user's concurrent requests, which keeps the insert a single lock-free statement.
 */
export class CreateTodoUseCase {
  constructor(
    private readonly todos: TodosRepository,
    private readonly maxPerUser: number,
  ) {}

  async execute(userId: string, request: CreateTodoRequest): Promise<Todo> {
    if ((await this.todos.count(userId)) >= this.maxPerUser)
      throw todoLimitReached(this.maxPerUser);
    return this.todos.insert(userId, request.title, new Date());
  }
}
