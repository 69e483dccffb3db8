import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { InputError } from './problems.ts';

/** A parsed YAML or JSON file that can tell the line and column of any path inside it. */
export interface SourceDocument {
  file: string;
  data: unknown;
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

/** Reads and parses a YAML or JSON file (JSON is parsed as YAML 1.2, which keeps line positions). */
export function readDocument(file: string): SourceDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    throw new InputError([
      {
        file,
        path: '',
        message: missing
          ? { zh: '文件不存在。', en: 'The file does not exist.' }
          : {
              zh: `无法读取文件（${code ?? '未知错误'}）。`,
              en: `The file cannot be read (${code ?? 'unknown error'}).`,
            },
        fix: missing
          ? {
              zh: '检查路径拼写，或用 `climb cases list` 查看内置案例编号。',
              en: 'Check the path, or run `climb cases list` for bundled case ids.',
            }
          : { zh: '检查文件权限。', en: 'Check the file permissions.' },
      },
    ]);
  }
  return parseText(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export function parseText(file: string, text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file,
          path: '',
          line: pos.line,
          column: pos.col,
          message: {
            zh: `文件不是有效的 YAML/JSON：${e.message.split('\n')[0]}`,
            en: `Not valid YAML/JSON: ${e.message.split('\n')[0]}`,
          },
          fix: {
            zh: '检查该行的缩进、冒号后的空格、引号与括号是否成对。',
            en: 'Check indentation, the space after each colon, and matching quotes and brackets on that line.',
          },
        };
      }),
    );
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  return {
    file,
    data,
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return undefined;
    },
  };
}
