/** Closed vocabularies of the domain, shared by schemas, theory and presentation. */

/** Functional positions of a firm along the OEA→OEM→ODM→OBM path (THEORY §2.2). */
export const POSITIONS = ['OEA', 'OEM', 'ODM', 'OBM'] as const;
export type Position = (typeof POSITIONS)[number];

/** The four upgrading types of Humphrey & Schmitz (2002), in their "normal" order (THEORY §2.3). */
export const UPGRADING_TYPES = ['process', 'product', 'functional', 'chain'] as const;
export type UpgradingType = (typeof UPGRADING_TYPES)[number];

/** The four upgrading stages of seed 000 §2, one per upgrading type. */
export const STAGES = UPGRADING_TYPES;
export type Stage = UpgradingType;

/** The five governance types of Gereffi, Humphrey & Sturgeon (2005). */
export const GOVERNANCE_TYPES = ['market', 'modular', 'relational', 'captive', 'hierarchy'] as const;
export type GovernanceType = (typeof GOVERNANCE_TYPES)[number];

/** Outcomes of the GHS classifier: a type, or one of the two non-type combinations. */
export const GOVERNANCE_OUTCOMES = [...GOVERNANCE_TYPES, 'exclusion', 'not-expected'] as const;
export type GovernanceOutcome = (typeof GOVERNANCE_OUTCOMES)[number];

/** Canonical functions a value-chain segment performs (THEORY §2.1, Porter/Gereffi segments). */
export const SEGMENT_FUNCTIONS = [
  'rnd',
  'design',
  'sourcing',
  'manufacturing',
  'logistics',
  'marketing',
  'brand',
  'service',
] as const;
export type SegmentFunction = (typeof SEGMENT_FUNCTIONS)[number];

export const CLUSTER_TYPES = ['endogenous', 'embedded'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

export const FIRM_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const OWNERSHIPS = [
  'private',
  'state',
  'collective',
  'foreign',
  'joint-venture',
  'hk-macao-taiwan',
] as const;

export const BUYER_KINDS = [
  'global-buyer',
  'brand-owner',
  'retailer',
  'trading-company',
  'lead-firm',
  'parent-company',
  'domestic-buyer',
  'wholesale-market',
] as const;

export const MARKETS = ['export', 'domestic'] as const;

export const RELOCATION_DESTINATIONS = ['inland-china', 'belt-and-road', 'other-abroad'] as const;

/** Policy levers (THEORY §5; seeds 001, 002, 003, 004). The SD and ABM issues reuse this list. */
export const POLICY_LEVERS = [
  'rnd-subsidy',
  'common-tech-platform',
  'training',
  'regional-brand',
  'professional-market',
  'relocation-support',
  'export-promotion',
  'domestic-market',
  'ip-protection',
  'patent-pool',
  'land-efficiency',
  'environmental-standards',
  'cluster-association',
  'leading-firm-support',
  'other',
] as const;
export type PolicyLever = (typeof POLICY_LEVERS)[number];

export const ADVICE_LEVELS = ['government', 'cluster', 'firm'] as const;
export type AdviceLevel = (typeof ADVICE_LEVELS)[number];

export const NETWORK_LAYERS = ['core', 'auxiliary', 'external'] as const;
export const TIE_TYPES = ['transaction', 'technology', 'social', 'knowledge'] as const;

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
