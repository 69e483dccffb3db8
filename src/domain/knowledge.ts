import { z } from 'zod';
import { BibliographyEntry, LocalizedText, Share, SourceRef } from './common.ts';
import {
  ADVICE_LEVELS,
  CLUSTER_TYPES,
  GOVERNANCE_OUTCOMES,
  GOVERNANCE_TYPES,
  POSITIONS,
  SEGMENT_FUNCTIONS,
  STAGES,
  UPGRADING_TYPES,
} from './vocabulary.ts';
import { Segment } from './workspace.ts';

/** Schemas of the knowledge base (knowledge/*.yaml): domain knowledge kept as data with sources. */

export const Bibliography = z.strictObject({ sources: z.array(BibliographyEntry).min(1) });

export const ChainPreset = z.strictObject({
  id: z.string().min(1),
  name: LocalizedText,
  industries: z.array(z.string()).optional(),
  /** English sector name of the Zhejiang benchmark rows (knowledge/datasets) that fit this chain. */
  benchmarkSector: z.string().optional(),
  note: LocalizedText.optional(),
  segments: z.array(Segment).min(2),
});
export type ChainPreset = z.infer<typeof ChainPreset>;

const Level = z.enum(['high', 'low']);

export const GhsRow = z.strictObject({
  complexity: Level,
  codifiability: Level,
  capability: Level,
  outcome: z.enum(GOVERNANCE_OUTCOMES),
  explanation: LocalizedText,
  source: SourceRef,
});
export const GhsTable = z.strictObject({
  governanceTypes: z.array(
    z.strictObject({
      id: z.enum(GOVERNANCE_OUTCOMES),
      name: LocalizedText,
      coordination: z.number().int().min(0).max(5).optional(),
      humphreySchmitz: LocalizedText.optional(),
    }),
  ),
  rows: z.array(GhsRow).length(8, 'the GHS table has exactly 8 combinations'),
});
export type GhsTable = z.infer<typeof GhsTable>;

export const PROSPECT_EFFECTS = ['favoured', 'possible', 'slow', 'hindered', 'internal'] as const;
export type ProspectEffect = (typeof PROSPECT_EFFECTS)[number];

export const ProspectsTable = z.strictObject({
  /** Numeric value of each effect, used to weight a governance mix. */
  effectScores: z.record(z.enum(PROSPECT_EFFECTS), z.number().min(-1).max(1)),
  rows: z.array(
    z.strictObject({
      governance: z.enum(GOVERNANCE_OUTCOMES),
      effects: z.record(z.enum(UPGRADING_TYPES), z.enum(PROSPECT_EFFECTS)),
      reason: LocalizedText,
      source: SourceRef,
    }),
  ),
  escape: z.strictObject({ text: LocalizedText, source: SourceRef }),
});
export type ProspectsTable = z.infer<typeof ProspectsTable>;

/** Which canonical segment functions each functional position performs (THEORY §2.2). */
export const PositionCoverage = z.strictObject({
  coverage: z.record(z.enum(POSITIONS), z.record(z.enum(SEGMENT_FUNCTIONS), Share)),
  source: SourceRef,
  note: LocalizedText,
});
export type PositionCoverage = z.infer<typeof PositionCoverage>;

export const PositionEvidence = z.strictObject({
  evidence: z.array(
    z.strictObject({
      type: z.enum(UPGRADING_TYPES),
      positions: z.array(z.enum(POSITIONS)).min(1),
      fullAt: z.number().positive().max(1),
      weight: Share,
      source: SourceRef,
    }),
  ),
});
export type PositionEvidence = z.infer<typeof PositionEvidence>;

export const IndicatorDefinition = z.strictObject({
  key: z.string(),
  name: LocalizedText,
  unit: LocalizedText,
  /** Which upgrading type a rise of this indicator is evidence of, and how strongly (0–1). */
  evidenceFor: z
    .array(
      z.strictObject({ type: z.enum(UPGRADING_TYPES), weight: Share, direction: z.enum(['up', 'down']) }),
    )
    .default([]),
  /** Annual relative change that counts as a clear move (e.g. 0.02 = 2 % a year). */
  meaningfulChange: z.number().positive(),
  source: SourceRef,
});
export const IndicatorCatalog = z.strictObject({ indicators: z.array(IndicatorDefinition) });
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

export const Threshold = z.strictObject({
  /** "above": higher values are riskier; "below": lower values are riskier. */
  direction: z.enum(['above', 'below']).default('above'),
  medium: z.number(),
  high: z.number(),
  source: SourceRef,
  assumption: LocalizedText.optional(),
});

export const RiskDefinition = z.strictObject({
  id: z.string(),
  name: LocalizedText,
  description: LocalizedText,
  unit: LocalizedText,
  thresholds: Threshold,
  source: SourceRef,
});
export const RiskCatalog = z.strictObject({ risks: z.array(RiskDefinition) });
export type RiskDefinition = z.infer<typeof RiskDefinition>;

/** Stage criteria (seed 000 §2): parameters of the stage diagnosis, kept as data. */
export const StageCatalog = z.strictObject({
  stages: z.array(
    z.strictObject({
      id: z.enum(STAGES),
      name: LocalizedText,
      firmModel: LocalizedText,
      strategy: LocalizedText,
      build: LocalizedText,
      /** Revenue share of positions at or above this stage's model needed to count as reached. */
      positionEntry: z.strictObject({ positions: z.array(z.enum(POSITIONS)), minShare: Share }),
      source: SourceRef,
      assumption: LocalizedText.optional(),
    }),
  ),
});
export type StageCatalog = z.infer<typeof StageCatalog>;

/** A condition over diagnosis facts (see docs/facts.md for the vocabulary). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | {
      fact: string;
      eq?: string | number | boolean;
      ne?: string | number | boolean;
      gt?: number;
      gte?: number;
      lt?: number;
      lte?: number;
      in?: (string | number)[];
    };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
    z
      .strictObject({
        fact: z.string().min(1),
        eq: z.union([z.string(), z.number(), z.boolean()]).optional(),
        ne: z.union([z.string(), z.number(), z.boolean()]).optional(),
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
        in: z.array(z.union([z.string(), z.number()])).optional(),
      })
      .refine((c) => Object.keys(c).length === 2, {
        message: 'a fact test needs exactly one comparison (eq, ne, gt, gte, lt, lte or in)',
      }),
  ]),
);

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  level: z.enum(ADVICE_LEVELS),
  stages: z
    .array(z.enum(STAGES))
    .optional()
    .meta({ description: 'Stages the advice fits; absent = any stage.' }),
  clusterTypes: z.array(z.enum(CLUSTER_TYPES)).optional(),
  when: Condition,
  priority: z.number().int().min(1).max(3).default(2),
  title: LocalizedText,
  text: LocalizedText,
  source: SourceRef,
});
export type Rule = z.infer<typeof Rule>;
export const RuleFile = z.strictObject({ rules: z.array(Rule).min(1) });

export const CaseFact = z.strictObject({
  statement: LocalizedText,
  figures: z
    .array(
      z.strictObject({
        name: z.string(),
        value: z.number(),
        unit: z.string(),
        year: z.number().int().optional(),
      }),
    )
    .optional(),
  source: SourceRef,
});

export const CaseRecord = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: LocalizedText,
  region: LocalizedText,
  country: z.string().length(2),
  industry: LocalizedText,
  clusterType: z.enum(CLUSTER_TYPES).optional(),
  governance: z.array(z.enum(GOVERNANCE_TYPES)).optional(),
  themes: z.array(z.string()).default([]),
  summary: LocalizedText,
  facts: z.array(CaseFact).min(1),
  workspace: z
    .string()
    .optional()
    .meta({ description: 'Complete workspace file, relative to the case file.' }),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const DatasetRow = z.strictObject({
  indicator: z.string(),
  sector: LocalizedText,
  year: z.number().int(),
  value: z.number(),
  unit: LocalizedText,
  source: SourceRef,
});
export const Dataset = z.strictObject({
  id: z.string(),
  title: LocalizedText,
  rows: z.array(DatasetRow).min(1),
});
export type Dataset = z.infer<typeof Dataset>;
