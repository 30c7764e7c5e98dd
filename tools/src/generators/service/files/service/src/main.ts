import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createStarter } from './create-starter.js';

await runService('starter', configSchema, createStarter);
