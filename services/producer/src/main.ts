import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createProducer } from './create-producer.js';

await runService('producer', configSchema, createProducer);
