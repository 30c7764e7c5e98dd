// `npm run compose:up` builds podlab's images (as `npm run images` does) and starts
// docker/compose.yaml; `npm run compose:down` stops and removes its containers (`-- --volumes`
// also removes the data volumes). `compose:up -- mysql rabbitmq` starts just those.
import { buildAllImages } from './lib/build-images.ts';
import { compose, composeTool } from './lib/compose-tool.ts';
import { detectEngine } from './lib/container-engine.ts';

const [command, ...rest] = process.argv.slice(2);
try {
  const engine = detectEngine();
  const tool = composeTool(engine);
  if (command === 'up') {
    const only = rest.filter((a) => !a.startsWith('-'));
    const needsImages =
      only.length === 0 || only.some((s) => !['mysql', 'rabbitmq', 'router'].includes(s));
    if (needsImages) buildAllImages(engine);
    const status = compose(tool, ['up', '-d', '--no-build', ...rest]);
    if (status === 0) {
      console.log(
        `podlab is starting: http://localhost:${process.env.PODLAB_HTTP_PORT ?? 8080} (RabbitMQ UI: http://localhost:${process.env.PODLAB_RABBITMQ_UI_PORT ?? 15672})`,
      );
    }
    process.exit(status);
  } else if (command === 'down') {
    process.exit(compose(tool, ['down', ...rest]));
  } else {
    console.error('usage: node scripts/run.mjs images-compose up|down [compose arguments]');
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
