/**
 * `climb survey analyze` (issue 5 items 8–9): reads a filled GUM questionnaire table, screens it (rows left
 * out and why), checks the measurement model, computes the cluster's GUM factor profile, classifies each
 * firm's main buyer relationship with the GHS classifier (THEORY §2.4) and compares upgrading outcomes
 * between governance types: a multigroup PLS analysis (src/measure/pls/mga.ts) and the simple
 * captive vs non-captive comparison of outcome means (the Humphrey–Schmitz hypothesis).
 */
import { join, relative } from 'node:path';
import { loadPlsModel } from '../../cli/pls.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import { GOVERNANCE_OUTCOMES, type GovernanceOutcome } from '../../domain/vocabulary.ts';
import { KNOWLEDGE_DIR } from '../../io/knowledge.ts';
import { InputError, type Problem } from '../../io/problems.ts';
import {
  type Cell,
  type Codebook,
  type CodebookItem,
  codebookDisagreements,
  loadCodebook,
  type PreparedSurvey,
  prepareSurvey,
  type RawSurvey,
  readSurveyFile,
} from '../../io/survey.ts';
import { classifyGovernance } from '../../theory/governance.ts';
import { bootstrapPls } from '../pls/bootstrap.ts';
import { type MgaResult, multigroupPls } from '../pls/mga.ts';
import type { PlsModel } from '../pls/model.ts';
import { constructScores, type GumProfile, gumProfile } from './profile.ts';
import { compareMeans, type TwoSample } from './stats.ts';

export const DEFAULT_MODEL = join(KNOWLEDGE_DIR, 'instrument', 'gum-model.yaml');

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────────────

/** The codebook implied by the bundled instrument: its scale, missing code, reverse items and constructs. */
export function instrumentCodebook(inst: Instrument, file = 'knowledge/instrument/gum.yaml'): Codebook {
  const items = new Map<string, CodebookItem>();
  for (const c of inst.constructs)
    for (const it of c.items)
      items.set(it.id, {
        construct: c.id,
        min: inst.scale.min,
        max: inst.scale.max,
        reverse: it.reverse ?? false,
        missing: [],
      });
  return { file, scale: { min: inst.scale.min, max: inst.scale.max }, missing: [inst.missingCode], items };
}

export type ExclusionReason = 'out-of-range' | 'not-a-number' | 'straight-lining' | 'no-answers';

export interface ExcludedRow {
  /** The row as the user sees it (CSV line, sheet row, .sav case). */
  row: number;
  firm: string | null;
  reason: ExclusionReason;
  /** e.g. "LRN3 = 8". */
  detail: string;
}

export interface ScreenedSurvey {
  raw: RawSurvey;
  /** The kept rows, prepared (reverse coding applied, NaN missing). */
  prepared: PreparedSurvey;
  /** Indices into raw.rows of the kept rows, in order. */
  kept: number[];
  excluded: ExcludedRow[];
}

const BLANK = /^(|na|n\/a|\.|#n\/a|null)$/i;

function cellNumber(cell: Cell): number | 'blank' | 'nan' {
  if (cell === null) return 'blank';
  if (typeof cell === 'number') return cell;
  const s = cell.trim();
  if (BLANK.test(s)) return 'blank';
  const x = Number(s.replace(/^\+/, ''));
  return Number.isFinite(x) ? x : 'nan';
}

/**
 * Leaves out rows with an out-of-range or non-numeric answer, straight-liners (every answered item the
 * same, at least 3 answered) and rows with no answer, then prepares the rest with `prepareSurvey`
 * (missing cells stay NaN; the PLS estimation imputes item means). Missing columns are fatal
 * (prepareSurvey's located errors).
 */
export function screenSurvey(
  raw: RawSurvey,
  items: readonly string[],
  codebook: Codebook | undefined,
  missingValues: readonly number[] = [],
): ScreenedSurvey {
  const col = new Map<string, number>();
  raw.header.forEach((h, i) => {
    if (!col.has(h)) col.set(h, i);
  });
  // Missing or duplicated columns: let prepareSurvey report them with their locations.
  if (items.some((it) => !col.has(it)) || new Set(raw.header).size !== raw.header.length)
    prepareSurvey(raw, { items, ...(codebook ? { codebook } : {}), missingValues });
  const idCol = col.get('FIRM_ID');
  const globalMissing = new Set([...missingValues, ...(codebook?.missing ?? [])]);
  const specs = items.map((item) => {
    const it = codebook?.items.get(item);
    const declared = raw.declaredMissing.get(item);
    return {
      item,
      c: col.get(item) as number,
      min: it?.min ?? codebook?.scale?.min,
      max: it?.max ?? codebook?.scale?.max,
      codes: new Set([...globalMissing, ...(it?.missing ?? []), ...(declared?.values ?? [])]),
      range: declared?.range,
    };
  });
  const excluded: ExcludedRow[] = [];
  const kept: number[] = [];
  raw.rows.forEach((r, i) => {
    const firmCell = idCol === undefined ? null : (r.cells[idCol] ?? null);
    const firm = firmCell === null || String(firmCell).trim() === '' ? null : String(firmCell).trim();
    const bad: { reason: ExclusionReason; detail: string }[] = [];
    const answers: number[] = [];
    for (const s of specs) {
      const cell = r.cells[s.c] ?? null;
      const x = cellNumber(cell);
      if (x === 'blank') continue;
      if (x === 'nan') {
        bad.push({ reason: 'not-a-number', detail: `${s.item} = "${String(cell)}"` });
        continue;
      }
      if (s.codes.has(x) || (s.range && x >= s.range.min && x <= s.range.max)) continue;
      if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max))
        bad.push({ reason: 'out-of-range', detail: `${s.item} = ${x}` });
      answers.push(x);
    }
    const first = bad[0];
    if (first) {
      excluded.push({ row: r.row, firm, reason: first.reason, detail: bad.map((b) => b.detail).join(', ') });
      return;
    }
    if (answers.length === 0) {
      excluded.push({ row: r.row, firm, reason: 'no-answers', detail: '' });
      return;
    }
    if (items.length >= 3 && answers.length >= 3 && answers.every((x) => x === answers[0])) {
      excluded.push({
        row: r.row,
        firm,
        reason: 'straight-lining',
        detail: `${answers.length} × ${answers[0]}`,
      });
      return;
    }
    kept.push(i);
  });
  const keptRaw: RawSurvey = { ...raw, rows: kept.map((i) => raw.rows[i] as RawSurvey['rows'][number]) };
  const prepared = prepareSurvey(keptRaw, {
    items,
    missing: 'mean',
    missingValues,
    ...(codebook ? { codebook } : {}),
  });
  return { raw, prepared, kept, excluded };
}

export interface SurveyInputOptions {
  data: string;
  model?: string | undefined;
  codebook?: string | undefined;
  sheet?: string | undefined;
  missingValue?: number[] | undefined;
}

export interface SurveyInputs {
  modelFile: string;
  codebookFile: string;
  model: PlsModel;
  codebook: Codebook;
  scale: { min: number; max: number };
  screened: ScreenedSurvey;
  warnings: Problem[];
}

/** Reads model, codebook (default: the bundled instrument) and data, and screens the data. */
export async function readSurveyInputs(o: SurveyInputOptions, kb: Knowledge): Promise<SurveyInputs> {
  const modelFile = o.model ?? DEFAULT_MODEL;
  const { model } = loadPlsModel(modelFile);
  const codebook = o.codebook ? loadCodebook(o.codebook) : instrumentCodebook(kb.instrument);
  const raw = await readSurveyFile(o.data, o.sheet !== undefined ? { sheet: o.sheet } : {});
  const owner = new Map<string, string>();
  for (const c of model.constructs) if (c.kind === 'composite') for (const i of c.items) owner.set(i, c.name);
  const screened = screenSurvey(raw, [...owner.keys()], codebook, o.missingValue ?? []);
  const scale = codebook.scale ?? { min: kb.instrument.scale.min, max: kb.instrument.scale.max };
  return {
    modelFile,
    codebookFile: o.codebook ?? codebook.file,
    model,
    codebook,
    scale,
    screened,
    warnings: [...screened.prepared.warnings, ...codebookDisagreements(codebook, owner)],
  };
}

// ── Governance of each firm ─────────────────────────────────────────────────────────────────────────

export const GHS_COLUMNS = {
  complexity: 'GHS_COMPLEXITY',
  codifiability: 'GHS_CODIFIABILITY',
  capability: 'GHS_CAPABILITY',
} as const;

export interface FirmGovernanceRow {
  row: number;
  firm: string | null;
  /** null: not classifiable (a determinant blank or off the scale). */
  type: GovernanceOutcome | null;
  determinants: { complexity: number | null; codifiability: number | null; capability: number | null };
  /** Other types with the same membership (a grade at the scale midpoint). */
  tiedWith: GovernanceOutcome[];
}

export interface SurveyGovernance {
  /** False when the data lack the three determinant columns. */
  available: boolean;
  scale: 5 | 7;
  firms: FirmGovernanceRow[];
  classified: number;
  counts: Record<GovernanceOutcome, number>;
  /** Shares of classified firms (unweighted: one firm, one vote). */
  shares: Record<GovernanceOutcome, number>;
  captiveShare: number;
}

/** Classifies every kept firm's main buyer relationship from its three GHS answers (1–scale grades). */
export function surveyGovernance(screened: ScreenedSurvey, kb: Knowledge): SurveyGovernance {
  const { raw, kept } = screened;
  const field = kb.instrument.profile.fields.find((f) => f.id === GHS_COLUMNS.complexity);
  const scale: 5 | 7 = field?.max === 7 ? 7 : 5;
  const col = (name: string) => raw.header.indexOf(name);
  const cols = {
    complexity: col(GHS_COLUMNS.complexity),
    codifiability: col(GHS_COLUMNS.codifiability),
    capability: col(GHS_COLUMNS.capability),
  };
  const idCol = col('FIRM_ID');
  const available = Object.values(cols).every((c) => c >= 0);
  const counts = Object.fromEntries(GOVERNANCE_OUTCOMES.map((o) => [o, 0])) as Record<
    GovernanceOutcome,
    number
  >;
  const firms: FirmGovernanceRow[] = kept.map((i) => {
    const r = raw.rows[i] as RawSurvey['rows'][number];
    const grade = (c: number) => {
      if (c < 0) return null;
      const x = cellNumber(r.cells[c] ?? null);
      return typeof x === 'number' && x >= 1 && x <= scale ? x : null;
    };
    const d = {
      complexity: grade(cols.complexity),
      codifiability: grade(cols.codifiability),
      capability: grade(cols.capability),
    };
    const id = idCol >= 0 ? r.cells[idCol] : null;
    const firm = id === null || id === undefined || String(id).trim() === '' ? null : String(id).trim();
    if (d.complexity === null || d.codifiability === null || d.capability === null)
      return { row: r.row, firm, type: null, determinants: d, tiedWith: [] };
    const g = classifyGovernance(
      { complexity: d.complexity, codifiability: d.codifiability, capability: d.capability, scale },
      kb.ghs,
    );
    counts[g.type]++;
    return { row: r.row, firm, type: g.type, determinants: d, tiedWith: g.tiedWith };
  });
  const classified = firms.filter((f) => f.type !== null).length;
  const shares = Object.fromEntries(
    GOVERNANCE_OUTCOMES.map((o) => [o, classified ? counts[o] / classified : 0]),
  ) as Record<GovernanceOutcome, number>;
  return { available, scale, firms, classified, counts, shares, captiveShare: shares.captive };
}

/** A path as shown in reports: relative to the working directory when inside it. */
function shown(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

// ── The analysis ────────────────────────────────────────────────────────────────────────────────────

/** The MGA group label of classified firms that are not captive (`--group governance`). */
export const NON_CAPTIVE = 'non-captive';

export const THRESHOLDS = { alpha: 0.7, rhoC: 0.7, rhoCMax: 0.95, rhoA: 0.7, ave: 0.5, htmt: 0.85 } as const;

/** Outcome constructs compared between captive and non-captive firms (process upgrading as the contrast). */
export const HS_CONSTRUCTS = [
  'OutsideCorrelationUpgrading',
  'ValueCapture',
  'TechCapabilityUpgrading',
] as const;

export interface SurveyAnalysis {
  files: { data: string; model: string; codebook: string };
  data: {
    rows: number;
    used: number;
    excluded: ExcludedRow[];
    missingCells: number;
    missingCodes: number;
    reversed: string[];
    warnings: Problem[];
  };
  measurement: {
    thresholds: typeof THRESHOLDS;
    constructs: {
      construct: string;
      items: number;
      alpha: number;
      rhoC: number;
      rhoA: number;
      ave: number;
      pass: boolean;
    }[];
    htmt: { a: string; b: string; value: number; pass: boolean }[];
    paths: { from: string; to: string; estimate: number; ciLow: number; ciHigh: number; p: number }[];
    rSquared: Record<string, number>;
    resamples: number;
    seed: number;
  };
  profile: GumProfile & { scale: { min: number; max: number } };
  governance: SurveyGovernance;
  humphreySchmitz: {
    available: boolean;
    groupA: 'captive';
    groupB: 'non-captive';
    comparisons: ({ construct: string } & TwoSample)[];
  };
  mga: {
    group: string;
    status: 'done' | 'failed' | 'too-few-groups';
    message: string | null;
    result: MgaResult | null;
  };
}

/**
 * Groups of the multigroup comparison: "governance" (default) compares captive firms with the other
 * classified firms pooled, the contrast of the Humphrey–Schmitz hypothesis (one pair of groups);
 * "governance-types" compares every pair of governance types (up to ten pairs, ten times the work).
 */
export const GOVERNANCE_GROUPS = ['governance', 'governance-types'] as const;

export interface AnalyzeOptions {
  /** "governance" (default: captive vs non-captive), "governance-types" or the name of a data column. */
  group?: string;
  resamples?: number;
  seed?: number;
  /** MGA permutations (default: resamples). */
  permutations?: number;
  /** worker_threads for the bootstrap and MGA (default 1). */
  workers?: number;
}

/** The whole analysis of screened survey data (deterministic for a given seed). */
export async function analyseSurvey(
  inputs: SurveyInputs,
  kb: Knowledge,
  o: AnalyzeOptions = {},
): Promise<SurveyAnalysis> {
  const resamples = o.resamples ?? 1000;
  const seed = o.seed ?? 42;
  const { screened, model } = inputs;
  const prepared = screened.prepared;
  if (prepared.used < 10)
    throw new InputError([
      {
        file: screened.raw.file,
        path: '',
        message: {
          zh: `只有 ${prepared.used} 家企业的回答可用，无法分析（至少需要 10 家）。`,
          en: `Only ${prepared.used} firms' answers are usable; at least 10 are needed.`,
        },
        fix: {
          zh: '检查被排除的行（超出量表、直线作答）。',
          en: 'Check the excluded rows (out of range, straight-lining).',
        },
      },
    ]);

  const workers = o.workers ?? 1;
  // Percentile intervals and p only: the BCa jackknife (up to 250 more estimations) is not needed.
  const boot = await bootstrapPls(prepared.data, model, {
    missing: 'mean',
    resamples: Math.max(2, resamples),
    seed,
    workers,
    jackknifeGroups: 2,
  });
  const est = boot.original;
  const constructs = est.constructs.map((c) => {
    const r = est.reliability[c] as { alpha: number; rhoC: number; rhoA: number; ave: number };
    const spec = model.constructs.find((x) => x.name === c);
    return {
      construct: c,
      items: spec?.kind === 'composite' ? spec.items.length : 0,
      ...r,
      pass:
        r.alpha >= THRESHOLDS.alpha &&
        r.rhoC >= THRESHOLDS.rhoC &&
        r.rhoA >= THRESHOLDS.rhoA &&
        r.ave >= THRESHOLDS.ave,
    };
  });
  const htmt = Object.entries(est.htmt).flatMap(([a, row]) =>
    Object.entries(row).map(([b, value]) => ({ a, b, value, pass: value < THRESHOLDS.htmt })),
  );
  const paths = boot.paths.map((p) => ({
    from: p.from,
    to: p.to,
    estimate: p.original,
    ciLow: p.percentile[0],
    ciHigh: p.percentile[1],
    p: p.p,
  }));

  const profile = gumProfile(prepared, model, { scale: inputs.scale, resamples, seed });
  const governance = surveyGovernance(screened, kb);

  // Humphrey–Schmitz: outcome means, captive vs other classified firms.
  const scores = constructScores(prepared, model);
  const isCaptive = governance.firms.map((f) => (f.type === null ? null : f.type === 'captive'));
  const comparisons = HS_CONSTRUCTS.filter((c) => scores[c]).map((c) => {
    const s = scores[c] as Float64Array;
    const a: number[] = [];
    const b: number[] = [];
    isCaptive.forEach((cap, i) => {
      if (cap === true) a.push(s[i] as number);
      else if (cap === false) b.push(s[i] as number);
    });
    return { construct: c, ...compareMeans(a, b, resamples, seed) };
  });
  const hsAvailable =
    governance.available && comparisons.length > 0 && comparisons.every((c) => c.nA >= 2 && c.nB >= 2);

  // Multigroup PLS: captive vs non-captive, by governance type or by a column.
  const group = o.group ?? 'governance';
  let labels: (string | null)[];
  if (group === 'governance')
    labels = isCaptive.map((cap) => (cap === null ? null : cap ? 'captive' : NON_CAPTIVE));
  else if (group === 'governance-types') labels = governance.firms.map((f) => f.type);
  else {
    const c = screened.raw.header.indexOf(group);
    if (c < 0) {
      throw new InputError([
        {
          file: screened.raw.file,
          path: group,
          message: { zh: `数据中没有分组列“${group}”。`, en: `The data have no grouping column "${group}".` },
          fix: {
            zh: `用 --group governance、governance-types 或数据中的列名：${screened.raw.header.join('、')}。`,
            en: `Use --group governance, governance-types or a column of the data: ${screened.raw.header.join(', ')}.`,
          },
        },
      ]);
    }
    const field = kb.instrument.profile.fields.find((f) => f.id === group);
    labels = screened.kept.map((i) => {
      const cell = screened.raw.rows[i]?.cells[c] ?? null;
      if (cell === null || String(cell).trim() === '') return null;
      const code = Number(cell);
      return field?.options?.find((op) => op.code === code)?.value ?? String(cell).trim();
    });
  }
  const mga: SurveyAnalysis['mga'] = { group, status: 'too-few-groups', message: null, result: null };
  if (new Set(labels.filter((l) => l !== null)).size >= 2)
    try {
      mga.result = await multigroupPls(prepared.data, model, labels, {
        permutations: o.permutations ?? resamples,
        resamples: Math.max(2, resamples),
        seed,
        workers,
      });
      mga.status = 'done';
    } catch (err) {
      mga.status = 'failed';
      mga.message = (err as Error).message;
    }

  return {
    files: { data: screened.raw.file, model: shown(inputs.modelFile), codebook: shown(inputs.codebookFile) },
    data: {
      rows: screened.raw.rows.length,
      used: prepared.used,
      excluded: screened.excluded,
      missingCells: prepared.missingCells,
      missingCodes: prepared.missingCodes,
      reversed: prepared.reversed,
      warnings: inputs.warnings,
    },
    measurement: {
      thresholds: THRESHOLDS,
      constructs,
      htmt,
      paths,
      rSquared: est.rSquared,
      resamples: boot.resamples,
      seed,
    },
    profile: { ...profile, scale: inputs.scale },
    governance,
    humphreySchmitz: { available: hsAvailable, groupA: 'captive', groupB: 'non-captive', comparisons },
    mga,
  };
}
