import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createAuth } from './create-auth.js';

await runService('auth', configSchema, createAuth);
