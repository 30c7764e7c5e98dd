import { AppError } from '@podlab/kit';

/** Missing, and another user's, alike: the answer must not tell them apart. */
export const todoNotFound = (): AppError =>
  new AppError('TODO_NOT_FOUND', 'No such todo', { status: 404 });

export const todoLimitReached = (max: number): AppError =>
  new AppError(
    'TODO_LIMIT_REACHED',
    `A list holds at most ${max} todos: delete or clear completed ones first`,
    { status: 409 },
  );
