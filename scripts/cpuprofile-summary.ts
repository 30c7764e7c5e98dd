// `node scripts/run.mjs cpuprofile-summary <file.cpuprofile> [rows]`: where a profiled process spent
// its time, by package and by function, as shares of its busy (not idle) samples. Frames in a
// bundled service (services/*/dist/main.js, minified) are mapped back to their sources through
// the bundle's source map, so mysql2, zod, express or kit show under their own names.
// Profiles come from a bench run with BENCH_CPU_PROF_DIR=<dir>. V8 samples on wall time: on a
// loaded machine a descheduled thread's ticks land on what it was doing (often a syscall), so
// read shares from a loaded machine as indicative only.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/run.mjs cpuprofile-summary <file.cpuprofile> [rows]');
  process.exit(2);
}
/** The parts of V8's .cpuprofile format (what `--cpu-prof` writes) read here. */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const rows = Number(rowsArg ?? 25);
const profile: Profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
const frameOf = (id: number) => {
  const node = nodes.get(id);
  if (!node) throw new Error(`${file}: a sample names node ${id}, which the profile lacks`);
  return node.callFrame;
};
for (const node of profile.nodes)
  for (const child of node.children ?? []) parentOf.set(child, node.id);

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null | undefined {
  if (!maps.has(url)) {
    const path = `${url.startsWith('file:') ? fileURLToPath(url) : url}.map`;
    maps.set(url, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(url);
}
for (const { callFrame: frame } of profile.nodes) {
  const map = frame.url.includes('/dist/') ? sourceMapOf(frame.url) : null;
  const entry = map?.findEntry(frame.lineNumber, Math.max(0, frame.columnNumber));
  // findEntry answers {} where the map has nothing for that position.
  if (entry && 'originalSource' in entry) {
    frame.url = entry.originalSource;
    frame.lineNumber = entry.originalLine;
  }
}

/** The package (or our project's file) a frame belongs to. */
function ownerOf(url: string): string {
  if (!url) return '(native)';
  const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (inModules) return inModules[inModules.length - 1].slice('node_modules/'.length);
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = url.match(/(?:libs|services|scripts)\/[^/]+\/(?:src\/)?[^/]+/);
  return ours ? ours[0] : url;
}
const nameOf = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${frame.lineNumber + 1}`;

const ticks = new Map<number, number>();
profile.samples.forEach((id, i) =>
  ticks.set(id, (ticks.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const idleNames = new Set(['(idle)', '(program)']);
let total = 0;
let idle = 0;
const self = new Map<string, number>();
const owners = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (map: Map<string, number>, key: string, us: number) =>
  map.set(key, (map.get(key) ?? 0) + us);
for (const [id, us] of ticks) {
  const frame = frameOf(id);
  total += us;
  if (idleNames.has(frame.functionName)) {
    idle += us;
    continue;
  }
  add(self, nameOf(frame), us);
  add(owners, frame.url ? ownerOf(frame.url) : frame.functionName, us);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const key = nameOf(frameOf(at));
    if (!seen.has(key)) add(inclusive, key, us);
    seen.add(key);
  }
}
const busy = total - idle;
const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, rows);
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
console.log('\nself time by package, share of busy');
for (const [key, us] of top(owners)) console.log(share(us), key);
console.log('\nself time by function, share of busy');
for (const [key, us] of top(self)) console.log(share(us), key);
console.log('\ntime including callees, share of busy');
for (const [key, us] of top(inclusive).filter(([key]) => !key.startsWith('(root)')))
  console.log(share(us), key);
