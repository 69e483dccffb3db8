/**
 * Starts a worker_threads worker from a module of this project. Compiled JavaScript runs as it is; a
 * TypeScript entry is bundled once per process with esbuild (which tsx already uses) and started from a
 * data: URL. Loading tsx inside every worker cost ~0.5–1 s of start-up per worker (it transpiles each
 * imported file again), more than a whole 5,000-resample bootstrap on mobi.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// Loaded on first use, and out of sight of the bundler, so that bundled workers do not carry esbuild.
type BuildSync = typeof import('esbuild').buildSync;
const loadBuildSync = () => (createRequire(import.meta.url)('esbuild') as { buildSync: BuildSync }).buildSync;

const bundles = new Map<string, URL>();

function bundled(entry: URL): URL {
  const key = entry.href;
  let url = bundles.get(key);
  if (!url) {
    const out = loadBuildSync()({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // Bundled CommonJS dependencies call require(); give them one rooted at the entry's folder.
      banner: {
        js: `import { createRequire as __climbRequire } from 'node:module'; const require = __climbRequire(${JSON.stringify(entry.href)});`,
      },
    });
    const code = out.outputFiles[0]?.text;
    if (code === undefined) throw new Error(`could not bundle the worker ${key}`);
    url = new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
    bundles.set(key, url);
  }
  return url;
}

/** A worker running `entry` (a file: URL of a .ts or .js module), with `workerData` as in node:worker_threads. */
export function spawnWorker(entry: URL, options: WorkerOptions = {}): Worker {
  return new Worker(entry.pathname.endsWith('.ts') ? bundled(entry) : entry, options);
}
