import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkConsistency } from '../domain/consistency.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { Workspace, type Workspace as WorkspaceT } from '../domain/workspace.ts';
import { resolveSegments } from '../theory/value-capture.ts';
import { formatPath, InputError, type Problem } from './problems.ts';
import { readDocument, type SourceDocument } from './read-document.ts';
import { schemaProblems } from './schema-problems.ts';

export interface LoadedWorkspace {
  workspace: WorkspaceT;
  /** Files the workspace was read from. */
  files: string[];
}

const MAIN_NAMES = ['workspace.yaml', 'workspace.yml', 'workspace.json'];

/**
 * Reads a workspace from one YAML/JSON file, or from a folder holding `workspace.yaml` plus any other
 * YAML/JSON files that each contribute top-level sections (e.g. `firms.yaml` with `firms:`).
 * Validates structure and consistency; throws an InputError listing every problem with its location.
 */
export function loadWorkspace(path: string, kb: Knowledge): LoadedWorkspace {
  const docs = readWorkspaceDocuments(path);
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, SourceDocument>();
  const problems: Problem[] = [];
  for (const doc of docs) {
    if (!doc.data || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
      problems.push({
        file: doc.file,
        path: '',
        message: {
          zh: '文件顶层应为键值映射（对象）。',
          en: 'The top level of the file must be a mapping (an object).',
        },
        fix: {
          zh: '参照 schemas/workspace.schema.json 的结构。',
          en: 'Follow the structure of schemas/workspace.schema.json.',
        },
      });
      continue;
    }
    for (const [key, value] of Object.entries(doc.data)) {
      const prev = owner.get(key);
      if (prev) {
        problems.push({
          file: doc.file,
          path: key,
          ...doc.locate([key]),
          message: {
            zh: `“${key}”已在 ${prev.file} 中定义。`,
            en: `"${key}" is already defined in ${prev.file}.`,
          },
          fix: {
            zh: '每个顶层部分只能在一个文件中出现。',
            en: 'Each top-level section may appear in one file only.',
          },
        });
        continue;
      }
      owner.set(key, doc);
      merged[key] = value;
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  const main = docs[0] as SourceDocument;
  // Route each issue to the file its top-level section came from.
  const located: SourceDocument = {
    file: main.file,
    data: merged,
    locate: (p) => (owner.get(String(p[0])) ?? main).locate(p),
  };
  const parsed = Workspace.safeParse(merged, { reportInput: true });
  if (!parsed.success) {
    const byFile = schemaProblems(located, Workspace, parsed.error.issues).map((pr) => ({
      ...pr,
      file: owner.get(pr.path.split(/[.[]/)[0] ?? '')?.file ?? main.file,
    }));
    throw new InputError(byFile);
  }
  const ws = parsed.data;
  const issues = checkConsistency(
    ws,
    (c) => resolveSegments(c, kb),
    [...kb.chains.keys()],
    new Set(kb.sources.keys()),
  );
  if (issues.length > 0)
    throw new InputError(
      issues.map((i) => ({
        file: (owner.get(String(i.path[0])) ?? main).file,
        path: formatPath(i.path),
        ...located.locate(i.path),
        message: i.message,
        fix: i.fix,
      })),
    );
  return { workspace: ws, files: docs.map((d) => d.file) };
}

function readWorkspaceDocuments(path: string): SourceDocument[] {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const names = readdirSync(path)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort();
    const main = names.find((n) => MAIN_NAMES.includes(n));
    if (!main)
      throw new InputError([
        {
          file: path,
          path: '',
          message: {
            zh: '文件夹中没有 workspace.yaml（或 .json）。',
            en: 'The folder has no workspace.yaml (or .json).',
          },
          fix: {
            zh: '在文件夹中放入 workspace.yaml，其余部分（如 firms.yaml）可分文件存放。',
            en: 'Put a workspace.yaml in the folder; other sections (e.g. firms.yaml) may live in their own files.',
          },
        },
      ]);
    return [main, ...names.filter((n) => n !== main && !n.endsWith('.schema.json'))].map((n) =>
      readDocument(join(path, n)),
    );
  }
  if (!/\.(ya?ml|json)$/i.test(basename(path)) && existsSync(path))
    throw new InputError([
      {
        file: path,
        path: '',
        message: { zh: '不支持的文件类型。', en: 'Unsupported file type.' },
        fix: {
          zh: '工作区应为 .yaml、.yml 或 .json 文件，或包含它们的文件夹。',
          en: 'A workspace is a .yaml, .yml or .json file, or a folder of them.',
        },
      },
    ]);
  return [readDocument(path)];
}
