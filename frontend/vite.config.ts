import vue from '@vitejs/plugin-vue';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The goal for the JS a first visit must load before the landing page renders. */
const INITIAL_JS_BUDGET_KB = 80;

/** Prints the gzipped size of the entry chunk plus everything it imports statically (lazy pages excluded). */
function initialJsSize(): Plugin {
  return {
    name: 'podlab:initial-js-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((o) =>
          o.type === 'chunk' ? [[o.fileName, o] as const] : [],
        ),
      );
      const initial = new Set<string>();
      const visit = (fileName: string): void => {
        const chunk = chunks.get(fileName);
        if (!chunk || initial.has(fileName)) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const bytes = [...initial].reduce(
        (sum, f) => sum + gzipSync(chunks.get(f)?.code ?? '').length,
        0,
      );
      const kb = bytes / 1000;
      this.info(
        `initial JS: ${kb.toFixed(1)} kB gzip in ${initial.size} chunk(s) (goal ≤ ${INITIAL_JS_BUDGET_KB} kB)`,
      );
      if (kb > INITIAL_JS_BUDGET_KB)
        this.warn(`initial JS is over the ${INITIAL_JS_BUDGET_KB} kB gzip goal`);
    },
  };
}

/**
 * `vite` serves the app with `/api` proxied to the local router (`npm start`, port 8080; override
 * with PODLAB_API_URL); `vite build` writes frontend/dist, which `npm start` and the container
 * serve with an index.html fallback for deep links.
 */
export default defineConfig({
  plugins: [vue(), initialJsSize()],
  server: {
    proxy: { '/api': { target: process.env['PODLAB_API_URL'] ?? 'http://localhost:8080' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
});
