import type { z } from 'zod';
import type { LocalizedText } from '../domain/common.ts';
import { formatPath, type Problem } from './problems.ts';
import type { SourceDocument } from './read-document.ts';

/**
 * Turns schema-validation issues into located, bilingual problems with a hint on how to fix each.
 * `reference` names where the format is described (a JSON Schema or a document).
 */
export function schemaProblems(
  doc: SourceDocument,
  schema: z.ZodType,
  issues: z.core.$ZodIssue[],
  reference = 'schemas/workspace.schema.json',
): Problem[] {
  return issues.flatMap((issue) => {
    // A union that failed in every branch: report the branch that got furthest, not the whole tree.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0)
        return schemaProblems(
          doc,
          schema,
          best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
          reference,
        );
    }
    const where = doc.locate(issue.path);
    const { message, fix } = describe(issue, schema, valueAt(doc.data, issue.path), reference);
    return [{ file: doc.file, path: formatPath(issue.path), ...where, message, fix }];
  });
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/** The value at a path of the parsed document (zod does not report the input of every issue). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describe(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  value: unknown,
  reference: string,
): { message: LocalizedText; fix?: LocalizedText } {
  const input = (issue as { input?: unknown }).input ?? value;
  switch (issue.code) {
    case 'invalid_type': {
      const got = input;
      if (got === undefined)
        return {
          message: {
            zh: `缺少必填字段（应为 ${issue.expected}）。`,
            en: `Required field is missing (expected ${issue.expected}).`,
          },
          fix: {
            zh: `补上该字段，或参照 ${reference}。`,
            en: `Add the field; see ${reference}.`,
          },
        };
      return {
        message: {
          zh: `类型错误：应为 ${issue.expected}，实际为 ${kind(got)}（${preview(got)}）。`,
          en: `Wrong type: expected ${issue.expected}, got ${kind(got)} (${preview(got)}).`,
        },
        fix: {
          zh: '改为正确类型的值（数字不要加引号或单位）。',
          en: 'Use a value of the right type (numbers without quotes or units).',
        },
      };
    }
    case 'unrecognized_keys': {
      const known = knownKeys(schema, issue.path);
      const hints = issue.keys.map((k) => {
        const near = closest(k, known);
        return near ? `"${k}" → "${near}"` : `"${k}"`;
      });
      return {
        message: {
          zh: `未知字段：${issue.keys.join('、')}。`,
          en: `Unknown field(s): ${issue.keys.join(', ')}.`,
        },
        fix: {
          zh: `删除或改正字段名（${hints.join('，')}）。可用字段：${known.join('、')}。`,
          en: `Remove or rename (${hints.join(', ')}). Allowed fields: ${known.join(', ')}.`,
        },
      };
    }
    case 'invalid_value': {
      if (input === undefined)
        return {
          message: { zh: '缺少必填字段。', en: 'Required field is missing.' },
          fix: {
            zh: `补上该字段，取值为以下之一：${issue.values.map((v) => JSON.stringify(v)).join('、')}。`,
            en: `Add the field with one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`,
          },
        };
      const near =
        typeof input === 'string'
          ? closest(
              input,
              issue.values.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return {
        message: {
          zh: `取值无效：${preview(input)}。`,
          en: `Invalid value: ${preview(input)}.`,
        },
        fix: {
          zh: `${near ? `是否想写 "${near}"？` : ''}请使用以下之一：${issue.values.map((v) => JSON.stringify(v)).join('、')}。`,
          en: `${near ? `Did you mean "${near}"? ` : ''}Use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`,
        },
      };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum;
      const isArray = issue.origin === 'array';
      const custom = issue.message && !issue.message.startsWith('Too ') ? issue.message : undefined;
      const en =
        custom ??
        (isArray
          ? `needs ${small ? 'at least' : 'at most'} ${bound} item(s)`
          : `must be ${small ? '≥' : '≤'} ${bound}`);
      return {
        message: {
          zh: isArray
            ? `至少/至多项数不符（界限 ${bound}）：${en}。`
            : `数值超出允许范围（${small ? '最小' : '最大'} ${bound}）：${en}。`,
          en: `Value out of range: ${en}.`,
        },
        fix: {
          zh: `改为${small ? '不小于' : '不大于'} ${bound} 的值；百分比请用 0–100，份额请用 0–1。`,
          en: `Use a value ${small ? 'of at least' : 'of at most'} ${bound}; percentages are 0–100, shares 0–1.`,
        },
      };
    }
    default:
      return {
        message: { zh: `数据不符合要求：${issue.message}`, en: issue.message },
        fix: { zh: '参照 schemas/ 中的 JSON Schema 修改。', en: 'See the JSON Schema in schemas/.' },
      };
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** Keys the schema allows at a path (best effort: walks objects, arrays, optionals and defaults). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const seg of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (def?.type === 'array' && typeof seg === 'number') node = def.element;
    else if (def?.type === 'object' && typeof seg === 'string') node = def.shape?.[seg];
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: unknown): unknown {
  let cur = node as { def?: { type?: string; innerType?: unknown; getter?: () => unknown } };
  for (let i = 0; i < 10 && cur?.def; i++) {
    const t = cur.def.type;
    if ((t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault') && cur.def.innerType)
      cur = cur.def.innerType as typeof cur;
    else if (t === 'lazy' && cur.def.getter) cur = cur.def.getter() as typeof cur;
    else break;
  }
  return cur;
}

/** The closest allowed key by edit distance, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}
