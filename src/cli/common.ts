/** Small pieces shared by the `climb` commands. */
import { InvalidArgumentError } from 'commander';

/** Writes `s` to stdout, ending it with a newline. */
export function print(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

/** An option parser for a whole number of at least `min` (a usage error otherwise). */
export function parseCount(min: number): (v: string) => number {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`"${v}" is not a whole number of at least ${min}`);
    return n;
  };
}
