const cleanups = new Set<() => void>();
let installed = false;

/**
 * Registers a synchronous cleanup for when this process exits without disposing its servers
 * (a test that threw in beforeAll, a worker torn down early). Only synchronous work runs on
 * 'exit', so the cleanup can kill and delete but not wait. Returns the unregister function.
 * A process killed by SIGKILL runs nothing: the stale-server sweep on the next start covers it.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', () => {
      for (const fn of cleanups) {
        try {
          fn();
        } catch {
          // best effort: one failing cleanup must not skip the others
        }
      }
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
