import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SD_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sd');

export interface DesolveRun {
  dt: number;
  time: number[];
  series: Record<string, number[]>;
}

export function desolveFixture(name: string): Record<'euler' | 'rk4' | 'ode45', DesolveRun> {
  return JSON.parse(readFileSync(join(SD_FIXTURES, `${name}.desolve.json`), 'utf8'));
}

/** The largest absolute difference between two series. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
