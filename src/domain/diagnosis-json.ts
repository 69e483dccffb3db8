import { z } from 'zod';
import { LocalizedText, SourceRef } from './common.ts';
import {
  ADVICE_LEVELS,
  CLUSTER_TYPES,
  GOVERNANCE_OUTCOMES,
  GOVERNANCE_TYPES,
  POSITIONS,
  STAGES,
  UPGRADING_TYPES,
} from './vocabulary.ts';

/**
 * The published shape of `climb diagnose --format json` (schemas/diagnosis.schema.json). Stable: extend
 * with new optional keys, never rename or remove. Shares are fractions 0–1.
 */
const shareRecord = <K extends readonly [string, ...string[]]>(keys: K) =>
  z.record(z.enum(keys), z.number().min(0).max(1));

const FactValue = z.union([z.string(), z.number(), z.boolean()]);

export const EvidenceJson = z.strictObject({
  code: z.string(),
  key: z.string(),
  effect: z.number().min(-1).max(1),
  weight: z.number(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  statement: LocalizedText,
  source: SourceRef,
});

/**
 * Final-state measures of the agent-based governance comparison published in the diagnosis (`abm`): the
 * ODM + OBM share (functional upgrading), production and design capability (process and product
 * upgrading), value captured locally and regional-brand reputation.
 */
export const ABM_DIAGNOSIS_MEASURES = [
  'upgraded',
  'production',
  'design',
  'localValueCapture',
  'reputation',
] as const;
export type AbmDiagnosisMeasure = (typeof ABM_DIAGNOSIS_MEASURES)[number];

const AbmEstimate = z.strictObject({ mean: z.number(), ciLow: z.number(), ciHigh: z.number() });
const AbmMeasures = z.record(z.enum(ABM_DIAGNOSIS_MEASURES), AbmEstimate);

export const DiagnosisJson = z
  .strictObject({
    schemaVersion: z.literal(1),
    cluster: z.strictObject({
      id: z.string(),
      name: LocalizedText,
      region: LocalizedText,
      industry: LocalizedText,
      clusterType: z.enum(CLUSTER_TYPES),
      firms: z.number().int(),
      years: z.array(z.number().int()),
      illustrative: z.strictObject({
        any: z.boolean(),
        firms: z.number().int(),
        indicatorYears: z.number().int(),
        other: z.array(z.string()),
      }),
    }),
    governanceMix: z.strictObject({
      weighting: z.enum(['sales', 'exports']),
      shares: shareRecord(GOVERNANCE_OUTCOMES),
      dominant: z.enum(GOVERNANCE_OUTCOMES).nullable(),
      coverage: z.number().min(0).max(1),
      relationships: z.number().int(),
      method: LocalizedText,
      source: SourceRef,
      firms: z.array(
        z.strictObject({
          firm: z.string(),
          type: z.enum(GOVERNANCE_OUTCOMES),
          membership: shareRecord(GOVERNANCE_OUTCOMES),
        }),
      ),
    }),
    positions: z.strictObject({
      shares: shareRecord(POSITIONS),
      firmsByMainPosition: z.record(z.enum(POSITIONS), z.number().int()),
      highest: z.enum(POSITIONS).nullable(),
      lowEnd: z.number(),
      highEnd: z.number(),
      source: SourceRef,
    }),
    valueCapture: z.strictObject({
      capture: z.number().min(0).max(1),
      localCapture: z.number().min(0).max(1),
      chains: z.array(
        z.strictObject({
          id: z.string(),
          preset: z.string().nullable(),
          name: LocalizedText.nullable(),
          capture: z.number(),
          localCapture: z.number(),
          bounds: z.strictObject({ allOEA: z.number(), allOBM: z.number() }),
          segments: z.array(
            z.strictObject({
              id: z.string(),
              function: z.string(),
              name: LocalizedText,
              valueShare: z.number(),
              activity: z.number(),
              localActivity: z.number(),
              contribution: z.number(),
              source: SourceRef.nullable(),
              assumption: LocalizedText.nullable(),
            }),
          ),
        }),
      ),
    }),
    upgrading: z.record(
      z.enum(UPGRADING_TYPES),
      z.strictObject({
        status: z.enum(['evident', 'emerging', 'absent', 'reversing', 'unknown']),
        score: z.number(),
        coverage: z.number(),
        evidence: z.array(EvidenceJson),
        missing: z.array(z.string()),
      }),
    ),
    stage: z.strictObject({
      id: z.enum(STAGES),
      name: LocalizedText,
      confidence: z.number().min(0).max(1),
      firmModel: LocalizedText,
      strategy: LocalizedText,
      build: LocalizedText,
      supports: z.array(
        z.strictObject({
          stage: z.enum(STAGES),
          support: z.number(),
          positionPart: z.number(),
          upgradingPart: z.number().nullable(),
          positionShare: z.number(),
          entryShare: z.number(),
          upgradingStatus: z.string(),
        }),
      ),
      evidence: z.array(EvidenceJson),
      missing: z.array(z.string()),
      source: SourceRef,
    }),
    prospects: z.record(
      z.enum(UPGRADING_TYPES),
      z.strictObject({
        verdict: z.enum(['favoured', 'mixed', 'hindered']),
        score: z.number(),
        contributions: z.array(
          z.strictObject({
            governance: z.enum(GOVERNANCE_OUTCOMES),
            share: z.number(),
            effect: z.string(),
            reason: LocalizedText,
            source: SourceRef,
          }),
        ),
      }),
    ),
    escape: z.strictObject({ text: LocalizedText, source: SourceRef, domesticShare: z.number() }).nullable(),
    risks: z.array(
      z.strictObject({
        id: z.string(),
        name: LocalizedText,
        level: z.enum(['low', 'medium', 'high', 'unknown']),
        value: z.number().nullable(),
        unit: LocalizedText,
        thresholds: z.strictObject({
          direction: z.enum(['above', 'below']),
          medium: z.number(),
          high: z.number(),
          source: SourceRef,
          assumption: LocalizedText.nullable(),
        }),
        inputs: z.record(z.string(), FactValue),
        gated: z.string().nullable(),
        missing: z.array(z.string()),
        source: SourceRef,
      }),
    ),
    recommendations: z.array(
      z.strictObject({
        id: z.string(),
        level: z.enum(ADVICE_LEVELS),
        priority: z.number().int(),
        stages: z.array(z.enum(STAGES)).nullable(),
        title: LocalizedText,
        text: LocalizedText,
        source: SourceRef,
        evidence: z
          .array(z.strictObject({ fact: z.string(), value: FactValue, label: LocalizedText }))
          .min(1),
      }),
    ),
    network: z
      .strictObject({
        n: z.number().int(),
        m: z.number().int(),
        directed: z.boolean(),
        density: z.number(),
        transitivity: z.number(),
        fragmentation: z.number().nullable(),
        communities: z.number().int(),
        modularity: z.number(),
        coreFit: z.number().nullable(),
        openness: z.number().nullable(),
        externalConcentration: z.number().nullable(),
        externalHhi: z.number().nullable(),
        eiIndex: z.number().nullable(),
        cognitiveRoles: z.record(z.string(), z.number()).nullable(),
        gatekeepers: z.array(
          z.strictObject({
            id: z.string(),
            name: z.string(),
            externalTies: z.number(),
            inDegree: z.number(),
            outDegree: z.number(),
          }),
        ),
        brokerage: z
          .strictObject({
            attribute: z.string(),
            roles: z.record(
              z.string(),
              z.strictObject({
                name: LocalizedText,
                raw: z.number(),
                expected: z.number().nullable(),
                z: z.number().nullable(),
                top: z.array(
                  z.strictObject({
                    id: z.string(),
                    name: z.string(),
                    count: z.number(),
                    z: z.number().nullable(),
                  }),
                ),
              }),
            ),
          })
          .nullable(),
      })
      .nullable()
      .meta({
        description:
          'The cluster network (Giuliani & Bell 2005; Gould & Fernandez 1989), when the workspace has one.',
      }),
    survey: z
      .strictObject({
        file: z.string(),
        rows: z.number().int(),
        used: z.number().int(),
        scale: z.strictObject({ min: z.number(), max: z.number() }),
        n: z.number().int(),
        factors: z.record(
          z.string(),
          z.strictObject({
            name: LocalizedText,
            mean: z.number().nullable(),
            scaled: z.number().nullable(),
            ciLow: z.number().nullable(),
            ciHigh: z.number().nullable(),
          }),
        ),
        governance: z
          .strictObject({
            classified: z.number().int(),
            shares: z.record(z.string(), z.number()),
            captiveShare: z.number(),
          })
          .nullable(),
        humphreySchmitz: z
          .array(
            z.strictObject({
              construct: z.string(),
              captiveMean: z.number().nullable(),
              otherMean: z.number().nullable(),
              nCaptive: z.number().int(),
              nOther: z.number().int(),
              difference: z.number().nullable(),
              pWelch: z.number().nullable(),
            }),
          )
          .nullable(),
      })
      .nullable()
      .meta({
        description:
          'The firm survey (GUM factor profile on the questionnaire scale and 0–1, governance of the main buyer relationship, captive vs non-captive outcome means), when the workspace references one.',
      }),
    abm: z
      .strictObject({
        firms: z.number().int(),
        steps: z.number().int(),
        seeds: z.array(z.number().int()),
        reference: z.enum(GOVERNANCE_TYPES),
        governances: z.array(z.enum(GOVERNANCE_TYPES)).min(2),
        measures: z.array(
          z.strictObject({
            id: z.enum(ABM_DIAGNOSIS_MEASURES),
            name: LocalizedText,
            unit: z.enum(['share', 'index']),
          }),
        ),
        results: z.array(
          z.strictObject({
            governance: z.enum(GOVERNANCE_TYPES),
            final: AbmMeasures.meta({
              description: 'Mean over seeds at the last step, with its 95% confidence interval.',
            }),
            difference: AbmMeasures.nullable().meta({
              description:
                'Paired (same seed) difference from the reference type, with its 95% confidence interval; null for the reference type.',
            }),
          }),
        ),
        checks: z.array(
          z.strictObject({
            claim: z.enum(['process', 'functional']),
            captive: z.enum(GOVERNANCE_TYPES),
            other: z.enum(GOVERNANCE_TYPES),
            verdict: z.enum(['agrees', 'contrary', 'unclear']),
          }),
        ),
        explanation: z.array(LocalizedText),
        sources: z.array(z.strictObject({ id: z.string(), citation: z.string() })),
      })
      .nullable()
      .meta({
        description:
          'The agent-based model of the cluster run under several governance types (`--abm`): final-state means with 95% CIs, paired differences from the first type, and the checks against Humphrey & Schmitz (2002). The numbers illustrate mechanisms; they are not forecasts. Null without --abm.',
      }),
    facts: z.record(z.string(), FactValue),
    missingData: z.array(
      z.strictObject({
        field: z.string(),
        decides: z.array(z.string()),
        declared: z.boolean(),
        reason: LocalizedText.nullable(),
      }),
    ),
    warnings: z.array(z.strictObject({ code: z.string(), field: z.string(), message: LocalizedText })),
    sources: z.array(z.strictObject({ id: z.string(), citation: z.string() })),
  })
  .meta({ title: 'Climb diagnosis', description: 'Output of `climb diagnose --format json`.' });
export type DiagnosisJson = z.infer<typeof DiagnosisJson>;
