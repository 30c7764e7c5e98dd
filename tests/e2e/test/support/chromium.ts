/** Debian's Chromium (the `chromium` package; .ci/run installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet and container-friendly: no sandbox (no user namespaces here), no background traffic, no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];
