import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file whole or not at all: to a temporary name beside it, then renamed over the target. */
export function writeFileAtomic(file: string, content: string | NodeJS.ArrayBufferView): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
