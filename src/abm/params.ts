import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  GOVERNANCE_TYPES,
  type GovernanceType,
  POLICY_LEVERS,
  type PolicyLever,
} from '../domain/vocabulary.ts';

/**
 * The cluster ABM's parameters. Defaults are data (knowledge/abm/parameters.yaml), each with its source or
 * an "assumption" mark; this module only names them, checks the file and merges overrides.
 */
export const SCALAR_IDS = [
  'tieSlots',
  'rewire',
  'pTieSearch',
  'pTriadic',
  'pLearn',
  'learnRate',
  'cogDistance',
  'absorbBase',
  'absorbRnd',
  'absorbProd',
  'extShare',
  'pExt',
  'frontier',
  'pExtGain',
  'buyers',
  'buyerProd',
  'buyerDesign',
  'govEvery',
  'govHysteresis',
  'capLow',
  'capHigh',
  'rndRate',
  'pInnov',
  'innovSize',
  'decay',
  'brandRate',
  'pMove',
  'pDown',
  'oemProd',
  'odmProd',
  'odmDesign',
  'obmDesign',
  'obmBrand',
  'muBase',
  'bertrand',
  'muCap',
  'muDesign',
  'muBrand',
  'cost0',
  'costGrowth',
  'relocThreshold',
  'pReloc',
  'relocStep',
  'relocSaving',
  'domShare',
  'domDrift',
  'domUpgrade',
  'thirdShare',
  'rep0',
  'repRate',
  'premium',
  'qualityCost',
  'repHorizon',
  'enforcement',
  'penalty',
  'cheatTemp',
  'cheatCut',
  'exitCash',
  'entryRate',
  'spinInherit',
  'cash0',
  'initNoise',
  'headroom',
  'sizeGrowth',
  'normalProfit',
  'sizeDamping',
  'growthCap',
  'learnByDoing',
  'platformLevel',
  'platformRate',
  'trainingAbsorb',
  'techSpread',
  'techPenalty',
  'techDistance',
  'techAdapt',
  'demandTech',
  'criticalMass',
  'thinLoss',
  'massSteep',
  'thinCost',
  'tieStr0',
  'tieGrow',
  'embedSaving',
  'embedLearn',
  'pipeCost',
  'divAbsorb',
  'nvcTransfer',
  'nvcLevel',
] as const;
export type ScalarId = (typeof SCALAR_IDS)[number];

export const GOVERNANCE_TABLE_IDS = [
  'transferProcess',
  'transferProduct',
  'designCeiling',
  'restrict',
  'ownDesign',
  'power',
  'complexity',
  'codifiability',
] as const;
export type GovernanceTableId = (typeof GOVERNANCE_TABLE_IDS)[number];

export const POSITION_TABLE_IDS = [
  'initShare',
  'initProd',
  'initDesign',
  'initRnd',
  'initBrand',
  'rndEffort',
  'brandEffort',
  'moveCost',
  'fixedCost',
] as const;
export type PositionTableId = (typeof POSITION_TABLE_IDS)[number];

/** How a run's buyers govern: co-evolving from the GHS determinants, or one type held fixed. */
export type GovernanceMode =
  | { kind: 'coevolve'; initial?: GovernanceType }
  | { kind: 'fixed'; type: GovernanceType };

export interface ClusterParams {
  scalars: Record<ScalarId, number>;
  byGovernance: Record<GovernanceTableId, number[]>;
  byPosition: Record<PositionTableId, number[]>;
  /** Per-lever effect scale (from the data file). */
  leverScale: Record<PolicyLever, number>;
  /** Policy intensities 0–1 set for the run. */
  policy: Partial<Record<PolicyLever, number>>;
  governance: GovernanceMode;
  /** Smile-curve value share of each position (OEA…OBM) and of its manufacturing, from the chain preset. */
  positionValue: number[];
  manufacturingValue: number[];
}

const Ref = { ref: z.string().min(1), note: z.string().optional(), assumption: z.string().optional() };
const ParameterFile = z.strictObject({
  chain: z.string(),
  scalars: z.array(z.strictObject({ id: z.string(), value: z.number(), ...Ref })),
  byGovernance: z.array(z.strictObject({ id: z.string(), values: z.array(z.number()).length(5), ...Ref })),
  byPosition: z.array(z.strictObject({ id: z.string(), values: z.array(z.number()).length(4), ...Ref })),
  levers: z.array(
    z.strictObject({ id: z.enum(POLICY_LEVERS), scale: z.number(), ref: z.string(), effect: z.string() }),
  ),
});
export type ParameterFile = z.infer<typeof ParameterFile>;

export const ABM_KNOWLEDGE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'knowledge',
  'abm',
);

let cachedFile: ParameterFile | undefined;
/** The parameter file, checked: every id known, none missing, each entry with a note or an assumption. */
export function parameterFile(): ParameterFile {
  if (cachedFile) return cachedFile;
  const raw = parse(readFileSync(resolve(ABM_KNOWLEDGE_DIR, 'parameters.yaml'), 'utf8')) as unknown;
  const f = ParameterFile.parse(raw);
  const check = (kind: string, have: string[], want: readonly string[]) => {
    const missing = want.filter((x) => !have.includes(x));
    const extra = have.filter((x) => !want.includes(x));
    if (missing.length || extra.length)
      throw new Error(`knowledge/abm/parameters.yaml ${kind}: missing [${missing}] unknown [${extra}]`);
  };
  check(
    'scalars',
    f.scalars.map((s) => s.id),
    SCALAR_IDS,
  );
  check(
    'byGovernance',
    f.byGovernance.map((s) => s.id),
    GOVERNANCE_TABLE_IDS,
  );
  check(
    'byPosition',
    f.byPosition.map((s) => s.id),
    POSITION_TABLE_IDS,
  );
  cachedFile = f;
  return f;
}

/**
 * Position value shares from a chain's segments and the position coverage table (the same arithmetic as
 * src/theory/value-capture.ts: Σ over segment functions of coverage × value share).
 */
export function positionValues(
  segments: readonly { function: string; valueShare: number }[],
  coverage: Record<string, Record<string, number>>,
): { positionValue: number[]; manufacturingValue: number[] } {
  const positionValue: number[] = [];
  const manufacturingValue: number[] = [];
  for (const p of ['OEA', 'OEM', 'ODM', 'OBM']) {
    const cov = coverage[p] ?? {};
    let v = 0;
    let m = 0;
    for (const s of segments) {
      const c = cov[s.function] ?? 0;
      v += c * s.valueShare;
      if (s.function === 'manufacturing') m += c * s.valueShare;
    }
    positionValue.push(v);
    manufacturingValue.push(m);
  }
  return { positionValue, manufacturingValue };
}

/** Defaults from the data file; the position values must come from a chain (see positionValues). */
export function defaultParams(values: {
  positionValue: number[];
  manufacturingValue: number[];
}): ClusterParams {
  const f = parameterFile();
  return {
    scalars: Object.fromEntries(f.scalars.map((s) => [s.id, s.value])) as Record<ScalarId, number>,
    byGovernance: Object.fromEntries(f.byGovernance.map((s) => [s.id, [...s.values]])) as Record<
      GovernanceTableId,
      number[]
    >,
    byPosition: Object.fromEntries(f.byPosition.map((s) => [s.id, [...s.values]])) as Record<
      PositionTableId,
      number[]
    >,
    leverScale: Object.fromEntries(
      POLICY_LEVERS.map((l) => [l, f.levers.find((x) => x.id === l)?.scale ?? 0]),
    ) as Record<PolicyLever, number>,
    policy: {},
    governance: { kind: 'coevolve' },
    positionValue: [...values.positionValue],
    manufacturingValue: [...values.manufacturingValue],
  };
}

export function governanceIndex(g: GovernanceType): number {
  return GOVERNANCE_TYPES.indexOf(g);
}
