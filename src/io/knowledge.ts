import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { BibliographyEntry } from '../domain/common.ts';
import { Instrument } from '../domain/instrument.ts';
import {
  Bibliography,
  CaseRecord,
  ChainPreset,
  Dataset,
  GhsTable,
  IndicatorCatalog,
  PositionCoverage,
  PositionEvidence,
  ProspectsTable,
  RiskCatalog,
  RuleFile,
  StageCatalog,
} from '../domain/knowledge.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { InputError, type Problem } from './problems.ts';
import { readDocument } from './read-document.ts';
import { schemaProblems } from './schema-problems.ts';

/** The bundled knowledge base, next to src/ in the package. */
export const KNOWLEDGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge');

function load<S extends z.ZodType>(file: string, schema: S, problems: Problem[]): z.infer<S> | undefined {
  try {
    const doc = readDocument(file);
    const r = schema.safeParse(doc.data, { reportInput: true });
    if (r.success) return r.data;
    problems.push(...schemaProblems(doc, schema, r.error.issues));
  } catch (err) {
    if (err instanceof InputError) problems.push(...err.problems);
    else throw err;
  }
  return undefined;
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && !f.includes('.workspace.'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Loads and validates the whole knowledge base, and checks that every source it cites exists.
 * Throws an InputError listing every problem: a broken knowledge base must not produce a diagnosis.
 */
export function loadKnowledge(dir = KNOWLEDGE_DIR): Knowledge {
  const problems: Problem[] = [];
  const f = (name: string) => join(dir, name);
  const bibliography = load(f('sources.yaml'), Bibliography, problems);
  const ghs = load(f('ghs-table.yaml'), GhsTable, problems);
  const prospects = load(f('governance-upgrading.yaml'), ProspectsTable, problems);
  const coverage = load(f('positions.yaml'), PositionCoverage, problems);
  const positionEvidence = load(f('position-evidence.yaml'), PositionEvidence, problems);
  const indicators = load(f('indicators.yaml'), IndicatorCatalog, problems);
  const risks = load(f('risks.yaml'), RiskCatalog, problems);
  const stages = load(f('stages.yaml'), StageCatalog, problems);
  const chains = yamlFiles(f('chains')).flatMap((file) => load(file, ChainPreset, problems) ?? []);
  const rules = yamlFiles(f('rules')).flatMap((file) => load(file, RuleFile, problems)?.rules ?? []);
  const cases = yamlFiles(f('cases')).flatMap((file) => {
    const c = load(file, CaseRecord, problems);
    return c ? [{ ...c, file }] : [];
  });
  const datasets = yamlFiles(f('datasets')).flatMap((file) => load(file, Dataset, problems) ?? []);
  const instrument = load(f(join('instrument', 'gum.yaml')), Instrument, problems);
  if (
    problems.length > 0 ||
    !bibliography ||
    !ghs ||
    !prospects ||
    !coverage ||
    !positionEvidence ||
    !indicators ||
    !risks ||
    !stages ||
    !instrument
  )
    throw new InputError(problems);

  const kb: Knowledge = {
    dir,
    sources: new Map(bibliography.sources.map((s: BibliographyEntry) => [s.id, s])),
    ghs,
    prospects,
    coverage,
    positionEvidence,
    indicators: new Map(indicators.indicators.map((i) => [i.key, i])),
    risks: new Map(risks.risks.map((r) => [r.id, r])),
    stages,
    chains: new Map(chains.map((c) => [c.id, c])),
    rules,
    cases: new Map(cases.map((c) => [c.id, c])),
    datasets: new Map(datasets.map((d) => [d.id, d])),
    instrument,
  };
  const unknown = unknownSources(kb);
  if (unknown.length > 0)
    throw new InputError(
      unknown.map((u) => ({
        file: u.where,
        path: '',
        message: {
          zh: `引用了书目中不存在的来源“${u.ref}”。`,
          en: `Cites source "${u.ref}", which is not in the bibliography.`,
        },
        fix: {
          zh: '在 knowledge/sources.yaml 中加入该来源。',
          en: 'Add the source to knowledge/sources.yaml.',
        },
      })),
    );
  const ruleIds = new Set<string>();
  for (const r of rules) {
    if (ruleIds.has(r.id))
      throw new InputError([
        {
          file: f('rules'),
          path: r.id,
          message: { zh: `规则编号“${r.id}”重复。`, en: `Duplicate rule id "${r.id}".` },
          fix: { zh: '每条规则的 id 必须唯一。', en: 'Each rule id must be unique.' },
        },
      ]);
    ruleIds.add(r.id);
  }
  return kb;
}

function unknownSources(kb: Knowledge): { ref: string; where: string }[] {
  const out: { ref: string; where: string }[] = [];
  const visit = (x: unknown, where: string) => {
    if (Array.isArray(x)) for (const v of x) visit(v, where);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.ref === 'string' && !kb.sources.has(o.ref)) out.push({ ref: o.ref, where });
      for (const v of Object.values(o)) visit(v, where);
    }
  };
  visit(kb.ghs, 'ghs-table.yaml');
  visit(kb.prospects, 'governance-upgrading.yaml');
  visit(kb.coverage, 'positions.yaml');
  visit(kb.positionEvidence, 'position-evidence.yaml');
  visit([...kb.indicators.values()], 'indicators.yaml');
  visit([...kb.risks.values()], 'risks.yaml');
  visit(kb.stages, 'stages.yaml');
  for (const c of kb.chains.values()) visit(c, `chains/${c.id}.yaml`);
  for (const r of kb.rules) visit(r, `rules (${r.id})`);
  for (const c of kb.cases.values()) visit(c.facts, c.file);
  for (const d of kb.datasets.values()) visit(d, `datasets/${d.id}`);
  visit(kb.instrument, 'instrument/gum.yaml');
  return out;
}

let cached: Knowledge | undefined;
/** The bundled knowledge base, loaded once per process. */
export function bundledKnowledge(): Knowledge {
  cached ??= loadKnowledge();
  return cached;
}
