import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createTodo } from './create-todo.js';

await runService('todo', configSchema, createTodo);
