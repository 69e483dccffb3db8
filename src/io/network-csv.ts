import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LocalizedText } from '../domain/common.ts';
import { NETWORK_LAYERS } from '../domain/vocabulary.ts';
import {
  assembleNetwork,
  EdgeRowsBuilder,
  type NetworkData,
  type NetworkOptions,
} from '../network/assemble.ts';
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
  /** Rows as arrays in header order; `line` is the 1-based line number in the file. */
  rows: { line: number; values: string[] }[];
}

function csvProblem(file: string, message: string, line?: number): InputError {
  return new InputError([
    {
      file,
      path: '',
      ...(line ? { line } : {}),
      message: { zh: `不是有效的 CSV：${message}`, en: `Not valid CSV: ${message}` },
      fix: {
        zh: '检查该行的列数与表头一致，含逗号的值要加英文双引号。',
        en: 'Check that the row has as many columns as the header and that values with commas are quoted.',
      },
    },
  ]);
}

/**
 * Scans a CSV file row by row, without keeping the rows: `visit` gets each row's fields (header order) and
 * its 1-based line number (`onHeader` sees the header first and returns the row visitor). Files without any double quote take a fast path (split on commas), which keeps
 * million-edge files quick; files with quotes go through csv-parse. Returns the header.
 */
function scanCsv(
  file: string,
  onHeader: (header: string[]) => (values: string[], line: number) => void,
): string[] {
  const text = readText(file);
  let header: string[] | undefined;
  let visit: (values: string[], line: number) => void = () => {};
  const row = (values: string[], line: number) => {
    if (!header) {
      header = values.map((h) => h.trim());
      visit = onHeader(header);
      return;
    }
    if (values.length !== header.length)
      throw csvProblem(
        file,
        `line ${line} has ${values.length} fields, the header has ${header.length}`,
        line,
      );
    visit(values, line);
  };
  if (!text.includes('"')) {
    let start = 0;
    let line = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      line++;
      const raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (raw.trim() !== '')
        row(raw.includes(' ') ? raw.split(',').map((x) => x.trim()) : raw.split(','), line);
      start = end + 1;
    }
  } else {
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, {
        info: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
      }) as unknown as {
        record: string[];
        info: { lines: number };
      }[];
    } catch (err) {
      const e = err as { lines?: number; message: string };
      throw csvProblem(file, e.message, e.lines);
    }
    for (const r of records) row(r.record, r.info.lines);
  }
  if (!header)
    throw new InputError([
      {
        file,
        path: '',
        message: { zh: '文件为空。', en: 'The file is empty.' },
        fix: { zh: '第一行应为表头。', en: 'The first line must be a header.' },
      },
    ]);
  return header;
}

/** Reads a whole (small) CSV file into rows. */
function readCsv(file: string): Table {
  const rows: Table['rows'] = [];
  const header = scanCsv(file, () => (values, line) => {
    rows.push({ line, values });
  });
  return { file, header, rows };
}

/**
 * Node index by id. Ids that are all plain non-negative integers (as exported by many tools) are looked
 * up through a typed array, which avoids hashing millions of freshly sliced strings; others use a Map.
 */
function idLookup(ids: readonly string[]): (id: string) => number | undefined {
  const byMap = () => {
    const map = new Map(ids.map((id, v) => [id, v]));
    return (id: string) => map.get(id);
  };
  let max = -1;
  for (const id of ids) {
    const k = plainInteger(id);
    if (k < 0) return byMap();
    if (k > max) max = k;
  }
  if (max > 16 * ids.length + 1024) return byMap();
  const table = new Int32Array(max + 1).fill(-1);
  ids.forEach((id, v) => {
    table[plainInteger(id)] = v;
  });
  return (id) => {
    const k = plainInteger(id);
    const v = k >= 0 && k <= max ? (table[k] as number) : -1;
    return v >= 0 ? v : undefined;
  };
}

/** The value of a string of ASCII digits without a leading zero (or "0"); −1 for anything else. */
function plainInteger(s: string): number {
  const len = s.length;
  if (len === 0 || len > 9 || (len > 1 && s.charCodeAt(0) === 48)) return -1;
  let k = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    k = k * 10 + c;
  }
  return k;
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
  const problems: Problem[] = [];
  if (!nodes.header.includes('id')) problems.push(missingColumn(nodesFile, 'id', nodes.header));
  if (problems.length) throw new InputError(problems);

  const col = (header: string[], name: string) => header.indexOf(name);
  const idCol = col(nodes.header, 'id');
  const layerCol = col(nodes.header, 'layer');
  const ids: string[] = [];
  const seen = new Map<string, number>();
  for (const r of nodes.rows) {
    const id = r.values[idCol] as string;
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
    const layer = layerCol >= 0 ? r.values[layerCol] : undefined;
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
  const attrCols = nodes.header.flatMap((h, c) => (h === 'id' ? [] : [[h, c] as const]));
  for (const [h] of attrCols) attributes.set(h, []);
  for (const r of nodes.rows) {
    const id = r.values[idCol] as string;
    if (id && seen.get(id) === r.line)
      for (const [h, c] of attrCols) attributes.get(h)?.push(r.values[c] ?? '');
  }

  if (problems.length) throw new InputError(problems);
  const indexOf = idLookup(ids);
  const out = new EdgeRowsBuilder();
  let weightColumn: string | undefined;
  scanCsv(edgesFile, (header) => {
    const missing: Problem[] = [];
    for (const c of ['source', 'target'])
      if (!header.includes(c)) missing.push(missingColumn(edgesFile, c, header));
    weightColumn = opts.weight ?? (header.includes('weight') ? 'weight' : undefined);
    if (opts.weight && !header.includes(opts.weight))
      missing.push(missingColumn(edgesFile, opts.weight, header));
    if (missing.length) throw new InputError(missing);
    const [sCol, tCol, wCol, typeCol, dirCol] = [
      'source',
      'target',
      weightColumn ?? '',
      'type',
      'directed',
    ].map((c) => (c ? col(header, c) : -1)) as [number, number, number, number, number];
    return (v, line) => {
      const s = indexOf(v[sCol] as string);
      const t = indexOf(v[tCol] as string);
      for (const [end, found, id] of [
        ['source', s, v[sCol]],
        ['target', t, v[tCol]],
      ] as const)
        if (found === undefined)
          problems.push({
            file: edgesFile,
            path: end,
            line,
            message: { zh: `节点“${id}”不在节点文件中。`, en: `Node "${id}" is not in the nodes file.` },
            fix: {
              zh: `在 ${nodesFile} 中加入该节点，或改正编号。`,
              en: `Add it to ${nodesFile}, or correct the id.`,
            },
          });
      let weight = 1;
      if (wCol >= 0) {
        const text = v[wCol] ?? '';
        weight = Number(text);
        if (text === '' || !Number.isFinite(weight) || weight <= 0)
          problems.push({
            file: edgesFile,
            path: weightColumn as string,
            line,
            message: { zh: `权重“${text}”不是正数。`, en: `Weight "${text}" is not a positive number.` },
            fix: {
              zh: '权重应为大于 0 的数字（表示联系强度）。',
              en: 'Weights must be numbers greater than 0 (tie strengths).',
            },
          });
      }
      if (s === undefined || t === undefined || problems.length > 0) return;
      const d = dirCol >= 0 ? v[dirCol]?.toLowerCase() : undefined;
      out.push(
        s,
        t,
        weight,
        line,
        d === 'true' || d === '1' ? 1 : d === 'false' || d === '0' ? 0 : -1,
        typeCol >= 0 ? v[typeCol] || undefined : undefined,
      );
    };
  });
  if (problems.length) throw new InputError(problems);
  return assembleNetwork(
    ids,
    attributes,
    out.build(),
    { ...opts, weighted: weightColumn !== undefined },
    edgesFile,
  );
}
