import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import { defaultChunk, runPool, taskRanges, WorkerTaskError } from '../../src/numeric/worker-pool.ts';

interface Init {
  mult: number;
  failAt?: number;
  input?: number;
  spinMs?: number;
}

// The same runner in this thread and, through its source text, in the workers.
function createRunner(init: Init) {
  return (start: number, end: number) => {
    if (init.failAt !== undefined && init.failAt >= start && init.failAt < end)
      throw new Error(`boom at task ${init.failAt}`);
    if (init.input !== undefined && init.input >= start && init.input < end) {
      const e = new Error('bad input') as Error & { problems: unknown[] };
      e.name = 'InputError';
      e.problems = [{ file: 'design.yaml', path: 'factors', message: { en: 'bad', zh: '错' } }];
      throw e;
    }
    if (init.spinMs) {
      const t = Date.now();
      while (Date.now() - t < (init.spinMs as number)) {
        /* busy */
      }
    }
    const values = new Float64Array(end - start);
    for (let t = start; t < end; t++) values[t - start] = Math.sin(t * init.mult) * Math.exp(-t / 1000);
    return { start, values };
  };
}

const dir = mkdtempSync(join(tmpdir(), 'climb-pool-'));
const serve = join(import.meta.dirname, '../../src/numeric/worker-serve.ts');
const entryFile = join(dir, 'entry.ts');
writeFileSync(
  entryFile,
  `import { serveTasks } from ${JSON.stringify(serve)};\nconst createRunner = ${createRunner.toString()};\nserveTasks(createRunner);\n`,
);
const entry = pathToFileURL(entryFile);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(workers: number, T: number, init: Init, chunk?: number) {
  const out = new Float64Array(T);
  const seen: number[] = [];
  const progress: number[] = [];
  const used = await runPool({
    entry,
    create: createRunner,
    init,
    tasks: T,
    workers,
    ...(chunk ? { chunk } : {}),
    absorb: (r, range) => {
      expect(r.start).toBe(range.start);
      out.set(r.values, range.start);
      seen.push(range.start);
    },
    onProgress: (p) => progress.push(p.done),
  });
  return { out, seen, progress, used };
}

describe('worker pool', () => {
  it('splits tasks into ranges', () => {
    expect(taskRanges(10, 4)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 },
    ]);
    expect(defaultChunk(1000, 4)).toBe(32);
    expect(defaultChunk(10, 4)).toBe(1);
  });

  it('gives identical results for 1, 2 and 3 workers', async () => {
    const T = 1037;
    const one = await collect(1, T, { mult: 0.37 }, 50);
    expect(one.used.workers).toBe(1);
    expect(one.progress.at(-1)).toBe(T);
    for (const w of [2, 3]) {
      const r = await collect(w, T, { mult: 0.37 }, 50);
      expect(r.used.workers).toBe(w);
      expect(Buffer.from(r.out.buffer).equals(Buffer.from(one.out.buffer))).toBe(true);
      expect(r.seen.length).toBe(Math.ceil(T / 50));
      expect(r.progress.at(-1)).toBe(T);
    }
  });

  it('accepts explicit ranges', async () => {
    const out = new Float64Array(30);
    await runPool({
      entry,
      create: createRunner,
      init: { mult: 1 },
      tasks: [
        { start: 0, end: 7 },
        { start: 7, end: 20 },
        { start: 20, end: 30 },
      ],
      workers: 2,
      absorb: (r, range) => out.set(r.values, range.start),
    });
    expect(out[29]).toBeCloseTo(Math.sin(29) * Math.exp(-29 / 1000), 15);
  });

  it('propagates a worker error with its stack and the task range', async () => {
    const err = await collect(2, 200, { mult: 1, failAt: 123 }, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerTaskError);
    const e = err as WorkerTaskError;
    expect(e.message).toContain('boom at task 123');
    expect(e.range).toEqual({ start: 120, end: 130 });
    expect(e.stack).toContain('--- in the worker ---');
    expect(e.workerStack).toContain('boom at task 123');
    // In this thread the error is the runner's own.
    await expect(collect(1, 200, { mult: 1, failAt: 5 }, 10)).rejects.toThrow('boom at task 5');
  });

  it('rebuilds an InputError thrown in a worker', async () => {
    const err = await collect(2, 40, { mult: 1, input: 3 }, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]?.path).toBe('factors');
  });

  it('fails when absorb throws', async () => {
    await expect(
      runPool({
        entry,
        create: createRunner,
        init: { mult: 1 },
        tasks: 50,
        chunk: 5,
        workers: 2,
        absorb: (_r, range) => {
          if (range.start === 20) throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
  });

  it('aborts: terminates the workers and rejects with the reason', async () => {
    for (const workers of [1, 2]) {
      const ac = new AbortController();
      let absorbed = 0;
      const t0 = Date.now();
      const p = runPool({
        entry,
        create: createRunner,
        init: { mult: 1, spinMs: 20 },
        tasks: 400,
        chunk: 1,
        workers,
        signal: ac.signal,
        absorb: () => {
          absorbed++;
          if (absorbed === 3) ac.abort(new Error('stop now'));
        },
      });
      await expect(p).rejects.toThrow('stop now');
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(absorbed).toBeLessThan(400);
    }
    const ac = new AbortController();
    ac.abort();
    await expect(
      runPool({
        entry,
        create: createRunner,
        init: { mult: 1 },
        tasks: 5,
        signal: ac.signal,
        absorb: () => {},
      }),
    ).rejects.toThrow();
  });
});
