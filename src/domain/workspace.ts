import { z } from 'zod';
import { BibliographyEntry, LocalizedText, Percent, Share, SourceRef } from './common.ts';
import {
  BUYER_KINDS,
  CLUSTER_TYPES,
  FIRM_SIZES,
  MARKETS,
  NETWORK_LAYERS,
  OWNERSHIPS,
  POLICY_LEVERS,
  RELOCATION_DESTINATIONS,
  SEGMENT_FUNCTIONS,
  TIE_TYPES,
} from './vocabulary.ts';

/** Tolerance on sums that must equal 100 % (revenue splits) or 1 (segment value shares). */
export const SUM_TOLERANCE_PERCENT = 0.5;
export const SUM_TOLERANCE_SHARE = 0.005;

const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "-", "_" or "." (no spaces), e.g. "firm-01"');

const Year = z.number().int('a year is a whole number').min(1900).max(2100);

/** Record-level provenance: a source, or an explicit "illustrative" mark. */
const provenanceFields = {
  source: SourceRef.optional(),
  illustrative: z
    .boolean()
    .optional()
    .meta({ description: 'True when the numbers of this record are not from a source.' }),
};

/**
 * One of the three GHS determinants: "high"/"low", or a grade on a 1–5 scale (or 1–7 when the buyer
 * relationship says `scale: 7`).
 */
export const Determinant = z
  .union([z.enum(['high', 'low']), z.number().min(1, 'a graded determinant starts at 1').max(7)])
  .meta({ description: '"high", "low", or a grade on the 1–5 (default) or 1–7 scale.' });
export type Determinant = z.infer<typeof Determinant>;

export const Segment = z
  .strictObject({
    id: Id,
    function: z.enum(SEGMENT_FUNCTIONS),
    name: LocalizedText,
    valueShare: Share.meta({ description: "Segment's share of the chain's value added (0–1)." }),
    source: SourceRef.optional(),
    assumption: LocalizedText.optional().meta({
      description: 'Why the share is assumed when no source gives it.',
    }),
  })
  .meta({ description: 'An ordered value-chain segment with its value-added share.' });
export type Segment = z.infer<typeof Segment>;

export const Chain = z.strictObject({
  id: Id,
  preset: z
    .string()
    .optional()
    .meta({ description: 'Id of a bundled chain default (apparel, textiles, footwear, …).' }),
  name: LocalizedText.optional(),
  segments: z
    .array(Segment)
    .min(2, 'a value chain needs at least two segments')
    .optional()
    .meta({ description: 'Ordered segments; overrides the preset when given.' }),
});
export type Chain = z.infer<typeof Chain>;

export const BuyerRelation = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(BUYER_KINDS).optional(),
  market: z.enum(MARKETS),
  salesShare: Percent.meta({ description: "Share of the firm's sales going to this buyer (%)." }),
  complexity: Determinant.meta({ description: 'Complexity of transactions.' }),
  codifiability: Determinant.meta({ description: 'Ability to codify transactions.' }),
  capability: Determinant.meta({ description: 'Capabilities in the supply base (the firm itself).' }),
  scale: z
    .union([z.literal(5), z.literal(7)])
    .optional()
    .meta({ description: 'Scale of numeric determinants: 5 (default) or 7.' }),
});
export type BuyerRelation = z.infer<typeof BuyerRelation>;

export const RevenueSplit = z
  .strictObject({ OEA: Percent, OEM: Percent, ODM: Percent, OBM: Percent })
  .meta({ description: 'Revenue split over OEA/OEM/ODM/OBM in %, summing to 100 (±0.5).' });
export type RevenueSplit = z.infer<typeof RevenueSplit>;

export const Relocation = z.strictObject({
  segment: Id,
  share: Percent.meta({ description: "Share of the firm's activity in this segment moved out (%)." }),
  destination: z.enum(RELOCATION_DESTINATIONS),
  year: Year.optional(),
});

export const Firm = z.strictObject({
  id: Id,
  name: z.union([z.string().min(1), LocalizedText]).optional(),
  chain: Id.optional().meta({ description: 'Chain the firm belongs to; default: the first chain.' }),
  size: z.enum(FIRM_SIZES),
  employees: z.number().int().min(1).optional(),
  ownership: z.enum(OWNERSHIPS),
  revenue: z
    .number()
    .positive('revenue must be greater than 0')
    .meta({ description: 'Annual revenue in million yuan.' }),
  revenueSplit: RevenueSplit,
  exportShare: Percent.meta({ description: 'Share of revenue exported (%).' }),
  segments: z.array(Id).optional().meta({
    description: 'Segments the firm performs (before relocation). Default: implied by its positions.',
  }),
  relocations: z.array(Relocation).optional(),
  buyers: z.array(BuyerRelation).optional(),
  dominant: z.boolean().optional().meta({ description: 'A dominant (leading) firm of the cluster (GUM).' }),
  ...provenanceFields,
});
export type Firm = z.infer<typeof Firm>;

/** The indicator panel. Keys are fixed; units are documented in knowledge/indicators.yaml. */
export const INDICATOR_KEYS = [
  'newProductOutputRate',
  'exportDeliveryRatio',
  'profitTaxPer100Yuan',
  'rndIntensity',
  'ownBrandShare',
  'laborProductivity',
  'outputPerMu',
  'unitValueIndex',
  'certifiedFirmShare',
  'newSectorRevenueShare',
  'designStaffShare',
  'domesticSalesShare',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const IndicatorYear = z.strictObject({
  year: Year,
  newProductOutputRate: Percent.optional().meta({
    description: '新产品产值率: new-product output / output (%).',
  }),
  exportDeliveryRatio: Percent.optional().meta({ description: '出口交货值占销售产值比重 (%).' }),
  profitTaxPer100Yuan: z
    .number()
    .min(-100)
    .max(100)
    .optional()
    .meta({ description: '百元主营业务收入利税: profit and tax per 100 yuan of revenue (yuan).' }),
  rndIntensity: Percent.optional().meta({ description: 'R&D expenditure / revenue (%).' }),
  ownBrandShare: Percent.optional().meta({ description: 'Revenue under own brands (%).' }),
  laborProductivity: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Value added (or output) per worker, 10,000 yuan.' }),
  outputPerMu: z
    .number()
    .positive()
    .optional()
    .meta({ description: '亩均产值: output per mu of land, 10,000 yuan.' }),
  unitValueIndex: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Export unit value, index (base year = 100).' }),
  certifiedFirmShare: Percent.optional().meta({ description: 'Firms with ISO 9001-type certification (%).' }),
  newSectorRevenueShare: Percent.optional().meta({
    description: 'Revenue from new related sectors entered (chain upgrading) (%).',
  }),
  designStaffShare: Percent.optional().meta({ description: 'Design and marketing staff / employees (%).' }),
  domesticSalesShare: Percent.optional().meta({ description: 'Sales on the domestic market (%).' }),
  ...provenanceFields,
});
export type IndicatorYear = z.infer<typeof IndicatorYear>;

export const Policy = z.strictObject({
  id: Id,
  lever: z.enum(POLICY_LEVERS),
  name: LocalizedText,
  since: Year.optional(),
  until: Year.optional(),
  intensity: Share.optional().meta({ description: 'Relative intensity 0–1 (used by simulation).' }),
  orientation: z.enum(['upgrading', 'protective']).optional().meta({
    description: '"protective" when it shields incumbent structures (political lock-in, Grabher 1993).',
  }),
  ...provenanceFields,
});
export type Policy = z.infer<typeof Policy>;

const ShareItem = z.strictObject({ name: z.string().min(1), share: Percent });
export const ShareList = z.strictObject({ items: z.array(ShareItem).min(1), ...provenanceFields });
export type ShareList = z.infer<typeof ShareList>;

export const Concentration = z
  .strictObject({
    products: ShareList.optional(),
    markets: ShareList.optional(),
    buyers: ShareList.optional(),
  })
  .meta({ description: "Shares of the cluster's sales by product, market or buyer (%)." });

export const Actor = z.strictObject({
  id: Id,
  name: z.union([z.string().min(1), LocalizedText]),
  layer: z.enum(NETWORK_LAYERS),
  role: z.string().min(1),
  firm: Id.optional().meta({ description: 'Firm id when the actor is one of the firms.' }),
});

export const Tie = z.strictObject({
  source: Id,
  target: Id,
  type: z.enum(TIE_TYPES).optional(),
  weight: z.number().positive().optional(),
  directed: z.boolean().optional(),
});

export const SurveyRef = z.strictObject({
  data: z
    .string()
    .min(1)
    .meta({ description: 'Path of the survey data (CSV/XLSX/SAV), relative to the workspace.' }),
  model: z.string().optional(),
  codebook: z.string().optional(),
  note: z.string().optional(),
});

export const NetworkRef = z
  .strictObject({
    nodes: z
      .string()
      .min(1)
      .meta({ description: 'Nodes CSV (id, name, layer, role, …), relative to the workspace.' }),
    edges: z.string().min(1).meta({ description: 'Edges CSV (source, target, type, weight, directed).' }),
    directed: z.boolean().optional(),
    weight: z.string().optional().meta({ description: 'Weight column (default: "weight" when present).' }),
  })
  .meta({ description: 'A network kept in CSV files instead of actors/ties.' });

export const DeclaredMissing = z.strictObject({
  field: z
    .string()
    .min(1)
    .meta({ description: 'Data item, e.g. "indicators.rndIntensity" or "firms.buyers".' }),
  reason: LocalizedText,
});

export const Workspace = z
  .strictObject({
    schemaVersion: z.literal(1).meta({ description: 'Version of the workspace format; currently 1.' }),
    id: Id,
    name: LocalizedText,
    region: LocalizedText,
    country: z.string().length(2, 'use a two-letter ISO country code, e.g. "CN"').optional(),
    industry: LocalizedText,
    clusterType: z.enum(CLUSTER_TYPES),
    description: LocalizedText.optional(),
    sources: z
      .array(BibliographyEntry)
      .optional()
      .meta({ description: 'Sources cited only by this workspace.' }),
    chains: z.array(Chain).min(1, 'describe at least one value chain'),
    firms: z.array(Firm),
    indicators: z.array(IndicatorYear),
    policies: z.array(Policy).default([]),
    concentration: Concentration.optional(),
    actors: z.array(Actor).optional(),
    ties: z.array(Tie).optional(),
    network: NetworkRef.optional(),
    survey: SurveyRef.optional(),
    missingData: z.array(DeclaredMissing).optional(),
  })
  .meta({
    title: 'Climb cluster workspace',
    description: 'One industrial cluster: its chains, firms, indicators and policies.',
  });
export type Workspace = z.infer<typeof Workspace>;
export type WorkspaceInput = z.input<typeof Workspace>;
