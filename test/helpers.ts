import { vi } from 'vitest';
import type { Knowledge } from '../src/domain/knowledge-base.ts';
import type { Firm, IndicatorYear, Workspace } from '../src/domain/workspace.ts';
import { bundledKnowledge } from '../src/io/knowledge.ts';

export const kb: Knowledge = bundledKnowledge();

/** A firm with sensible defaults; override what the test is about. */
export function firm(over: Partial<Firm> & { id: string }): Firm {
  return {
    size: 'small',
    ownership: 'private',
    revenue: 100,
    revenueSplit: { OEA: 0, OEM: 100, ODM: 0, OBM: 0 },
    exportShare: 50,
    ...over,
  };
}

/** A panel of years with values produced by f(yearIndex). */
export function panel(years: number, f: (i: number) => Partial<IndicatorYear>): IndicatorYear[] {
  return Array.from({ length: years }, (_, i) => ({ year: 2010 + i, ...f(i) }));
}

export function workspace(over: Partial<Workspace> = {}): Workspace {
  return {
    schemaVersion: 1,
    id: 'test',
    name: { zh: '测试集群', en: 'Test cluster' },
    region: { zh: '浙江', en: 'Zhejiang' },
    industry: { zh: '服装', en: 'Apparel' },
    clusterType: 'endogenous',
    chains: [{ id: 'main', preset: 'apparel' }],
    firms: [firm({ id: 'f1' })],
    indicators: [],
    policies: [],
    ...over,
  };
}

/** What a command printed. */
export interface Captured {
  out: string;
  err: string;
}

/**
 * Runs `f` with process.stdout and process.stderr captured (not printed); restores both afterwards, also
 * when `f` throws (the error propagates and the output is dropped).
 */
export async function captureOutput<T>(f: () => Promise<T>): Promise<Captured & { value: T }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const value = await f();
    return { value, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Runs `climb …` in-process (`run` of src/cli/main.ts): the exit code and what it printed. */
export async function climb(...args: string[]): Promise<Captured & { code: number }> {
  // Loaded on first use, so that tests of the pure code do not load the whole CLI.
  const { run } = await import('../src/cli/main.ts');
  const { value, out, err } = await captureOutput(() => run(args));
  return { code: value, out, err };
}
