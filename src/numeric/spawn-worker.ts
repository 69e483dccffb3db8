/**
 * Starts a worker_threads worker from a module of this project. Compiled JavaScript runs as it is; a
 * TypeScript entry is bundled once per process with esbuild (which tsx already uses) and started from a
 * data: URL. Loading tsx inside every worker cost ~0.5–1 s of start-up per worker (it transpiles each
 * imported file again), more than a whole 5,000-resample bootstrap on mobi.
 *
 * Each bundled module keeps its own `import.meta.url` (and `dirname`/`filename`): modules that find their
 * data files next to themselves (the knowledge base, locale files, model files) work in workers too.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

type Esbuild = typeof import('esbuild');
// Loaded on first use, and out of sight of the bundler, so that bundled workers do not carry esbuild.
const loadEsbuild = () => createRequire(import.meta.url)('esbuild') as Esbuild;

const bundles = new Map<string, Promise<URL>>();

async function bundle(entry: URL): Promise<URL> {
  const out = await loadEsbuild().build({
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
    plugins: [
      {
        name: 'own-import-meta',
        setup(build) {
          build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
            if (args.path.includes('node_modules')) return undefined;
            const source = await readFile(args.path, 'utf8');
            if (!source.includes('import.meta.')) return undefined;
            const contents = source
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            const ext = extname(args.path);
            return { contents, loader: ext.endsWith('ts') ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  const code = out.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`could not bundle the worker ${entry.href}`);
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** The URL a worker for `entry` starts from: the module itself, or its bundle when it is TypeScript. */
export function workerUrl(entry: URL): Promise<URL> {
  if (!entry.pathname.endsWith('.ts')) return Promise.resolve(entry);
  let url = bundles.get(entry.href);
  if (!url) {
    url = bundle(entry);
    bundles.set(entry.href, url);
    url.catch(() => bundles.delete(entry.href));
  }
  return url;
}

/** A worker running `entry` (a file: URL of a .ts or .js module), with `workerData` as in node:worker_threads. */
export async function spawnWorker(entry: URL, options: WorkerOptions = {}): Promise<Worker> {
  return new Worker(await workerUrl(entry), options);
}
