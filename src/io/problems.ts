import type { LocalizedText } from '../domain/common.ts';

/**
 * One thing wrong with an input: where (file, path inside it, line when known), what, and how to fix it.
 * Messages are bilingual so that the CLI can print them in the user's language.
 */
export interface Problem {
  file: string;
  path: string;
  line?: number;
  column?: number;
  message: LocalizedText;
  fix?: LocalizedText;
}

/** Thrown by importers when the input cannot be used; carries every problem found, not just the first. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => `${location(p)}: ${p.message.en}`).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

export function location(p: Pick<Problem, 'file' | 'path' | 'line' | 'column'>): string {
  const where = p.line === undefined ? '' : `:${p.line}${p.column === undefined ? '' : `:${p.column}`}`;
  return `${p.file}${where}${p.path ? ` ${p.path}` : ''}`;
}

/** Formats a path array the way users write it: firms[12].revenueSplit. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
