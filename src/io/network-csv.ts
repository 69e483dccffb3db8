import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LocalizedText } from '../domain/common.ts';
import { NETWORK_LAYERS } from '../domain/vocabulary.ts';
import { assembleNetwork, type NetworkData, type NetworkOptions, type RawEdge } from '../network/assemble.ts';
import { InputError, type Problem } from './problems.ts';

/** Reads a text file as UTF-8 (with or without BOM), falling back to GB18030 for Chinese Excel exports. */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError([
      {
        file,
        path: '',
        message: missing
          ? { zh: '文件不存在。', en: 'The file does not exist.' }
          : { zh: '无法读取文件。', en: 'The file cannot be read.' },
        fix: { zh: '检查路径与文件权限。', en: 'Check the path and the file permissions.' },
      },
    ]);
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

interface Table {
  file: string;
  header: string[];
  /** Rows as records; `line` is the 1-based line number in the file. */
  rows: { line: number; values: Record<string, string> }[];
}

function readCsv(file: string): Table {
  const text = readText(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new InputError([
      {
        file,
        path: '',
        ...(e.lines ? { line: e.lines } : {}),
        message: { zh: `不是有效的 CSV：${e.message}`, en: `Not valid CSV: ${e.message}` },
        fix: {
          zh: '检查该行的列数与表头一致，含逗号的值要加英文双引号。',
          en: 'Check that the row has as many columns as the header and that values with commas are quoted.',
        },
      },
    ]);
  }
  const [head, ...body] = records;
  if (!head)
    throw new InputError([
      {
        file,
        path: '',
        message: { zh: '文件为空。', en: 'The file is empty.' },
        fix: { zh: '第一行应为表头。', en: 'The first line must be a header.' },
      },
    ]);
  const header = head.record.map((h) => h.trim());
  return {
    file,
    header,
    rows: body.map((r) => ({
      line: r.info.lines,
      values: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])),
    })),
  };
}

function missingColumn(file: string, column: string, header: string[]): Problem {
  return {
    file,
    path: column,
    line: 1,
    message: { zh: `缺少列“${column}”。`, en: `Column "${column}" is missing.` },
    fix: { zh: `表头现有列：${header.join('、')}。`, en: `The header has: ${header.join(', ')}.` },
  };
}

/**
 * Reads a network from a nodes CSV (`id`, `name`, `layer`, `role`, any other attributes) and an edges
 * CSV (`source`, `target`, optional `type`, weight column, `directed`). Fatal problems (unknown node ids,
 * non-numeric or non-positive weights, bad layers, missing columns) are all collected and thrown
 * together; irregular rows that have a stated policy (duplicates, self-loops) become notices.
 */
export function loadNetworkCsv(nodesFile: string, edgesFile: string, opts: NetworkOptions = {}): NetworkData {
  const nodes = readCsv(nodesFile);
  const edges = readCsv(edgesFile);
  const problems: Problem[] = [];
  if (!nodes.header.includes('id')) problems.push(missingColumn(nodesFile, 'id', nodes.header));
  for (const c of ['source', 'target'])
    if (!edges.header.includes(c)) problems.push(missingColumn(edgesFile, c, edges.header));
  const weightColumn = opts.weight ?? (edges.header.includes('weight') ? 'weight' : undefined);
  if (opts.weight && !edges.header.includes(opts.weight))
    problems.push(missingColumn(edgesFile, opts.weight, edges.header));
  if (problems.length) throw new InputError(problems);

  const ids: string[] = [];
  const seen = new Map<string, number>();
  for (const r of nodes.rows) {
    const id = r.values.id as string;
    const bad = (message: LocalizedText, fix: LocalizedText) =>
      problems.push({ file: nodesFile, path: 'id', line: r.line, message, fix });
    if (!id)
      bad(
        { zh: '节点编号为空。', en: 'Empty node id.' },
        { zh: '每个节点都要有 id。', en: 'Give every node an id.' },
      );
    else if (seen.has(id))
      bad(
        {
          zh: `节点编号“${id}”重复（第 ${seen.get(id)} 行已出现）。`,
          en: `Duplicate node id "${id}" (already on line ${seen.get(id)}).`,
        },
        { zh: '每个节点编号只能出现一次。', en: 'Each node id may appear only once.' },
      );
    else {
      seen.set(id, r.line);
      ids.push(id);
    }
    const layer = r.values.layer;
    if (layer !== undefined && layer !== '' && !(NETWORK_LAYERS as readonly string[]).includes(layer))
      problems.push({
        file: nodesFile,
        path: 'layer',
        line: r.line,
        message: { zh: `层次“${layer}”无效。`, en: `Invalid layer "${layer}".` },
        fix: {
          zh: '使用 core（核心层）、auxiliary（辅助层）或 external（外部层）。',
          en: 'Use core, auxiliary or external.',
        },
      });
  }
  const attributes = new Map<string, string[]>();
  for (const h of nodes.header) if (h !== 'id') attributes.set(h, []);
  for (const r of nodes.rows)
    if (r.values.id && seen.get(r.values.id) === r.line)
      for (const [h, col] of attributes) col.push(r.values[h] ?? '');

  const raw: RawEdge[] = [];
  for (const r of edges.rows) {
    const s = r.values.source as string;
    const t = r.values.target as string;
    for (const [end, id] of [
      ['source', s],
      ['target', t],
    ] as const)
      if (!seen.has(id))
        problems.push({
          file: edgesFile,
          path: end,
          line: r.line,
          message: { zh: `节点“${id}”不在节点文件中。`, en: `Node "${id}" is not in the nodes file.` },
          fix: {
            zh: `在 ${nodesFile} 中加入该节点，或改正编号。`,
            en: `Add it to ${nodesFile}, or correct the id.`,
          },
        });
    let weight = 1;
    if (weightColumn) {
      const text = r.values[weightColumn] ?? '';
      weight = Number(text);
      if (text === '' || !Number.isFinite(weight) || weight <= 0)
        problems.push({
          file: edgesFile,
          path: weightColumn,
          line: r.line,
          message: { zh: `权重“${text}”不是正数。`, en: `Weight "${text}" is not a positive number.` },
          fix: {
            zh: '权重应为大于 0 的数字（表示联系强度）。',
            en: 'Weights must be numbers greater than 0 (tie strengths).',
          },
        });
    }
    const d = r.values.directed?.toLowerCase();
    raw.push({
      source: s,
      target: t,
      weight,
      line: r.line,
      ...(r.values.type ? { type: r.values.type } : {}),
      ...(d === 'true' || d === '1'
        ? { directed: true }
        : d === 'false' || d === '0'
          ? { directed: false }
          : {}),
    });
  }
  if (problems.length) throw new InputError(problems);
  return assembleNetwork(ids, attributes, raw, { ...opts, weighted: weightColumn !== undefined }, edgesFile);
}
