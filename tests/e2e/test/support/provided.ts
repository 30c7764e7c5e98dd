/** What the global setup hands every test file (vitest `provide` / `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The running stack's router, e.g. http://localhost:41234. */
    baseUrl: string;
    /** The one Chromium every file connects to. */
    browserWsEndpoint: string;
    /** Where pages are photographed (git-ignored). */
    screenshotDir: string;
    /** Why the stack or the browser could not start ('' when they did): every e2e file fails with it. */
    setupError: string;
  }
}

export {};
