import { runService } from '@podlab/kit';
import { configSchema } from './config.js';
import { createConsumer } from './create-consumer.js';

await runService('consumer', configSchema, createConsumer);
