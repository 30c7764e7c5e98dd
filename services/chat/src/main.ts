import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createChat } from './create-chat.js';

await runService('chat', configSchema, createChat);
