/**
 * The GUM model (seed 001; THEORY §3) as shipped in knowledge/models/gum.model.yaml: its file, its state
 * variables, the policy levers and what each acts on. See docs/gum-model.md.
 */
import { resolve } from 'node:path';
import type { LocalizedText } from '../domain/common.ts';
import type { PolicyLever } from '../domain/vocabulary.ts';
import { KNOWLEDGE_DIR } from '../io/knowledge.ts';
import { type CompiledSdModel, compileSdModel, loadSdModel } from '../sd/index.ts';

export const GUM_MODEL_FILE = resolve(KNOWLEDGE_DIR, 'models', 'gum.model.yaml');

/** The six factors: four basic, two auxiliary (THEORY §3), with their id in the effect names. */
export const FACTORS = [
  { stock: 'learning', id: 'lrn', kind: 'basic', construct: 'ClusterLearning' },
  { stock: 'innovation', id: 'inn', kind: 'basic', construct: 'ClusterInnovation' },
  { stock: 'gvc_insertion', id: 'gvc', kind: 'basic', construct: 'GvcInsertion' },
  { stock: 'social_capital', id: 'sc', kind: 'basic', construct: 'SocialCapital' },
  { stock: 'policy', id: 'pol', kind: 'auxiliary', construct: 'UpgradingPolicy' },
  { stock: 'leading_firms', id: 'lead', kind: 'auxiliary', construct: 'LeadingFirms' },
] as const;

/** The four realisation ways (one per sub-mechanism). */
export const WAYS = [
  { stock: 'tech_capability', construct: 'TechCapabilityUpgrading' },
  { stock: 'innovation_capability', construct: 'InnovationCapabilityUpgrading' },
  { stock: 'outside_capability', construct: 'OutsideCorrelationUpgrading' },
  { stock: 'sc_capability', construct: 'SocialCapitalUpgrading' },
] as const;

/** The series every report shows, in order. */
export const REPORTED = [
  ...FACTORS.map((f) => f.stock),
  ...WAYS.map((w) => w.stock),
  'functional_share',
  'market_reach',
  'value_capture',
] as const;
export type Reported = (typeof REPORTED)[number];

/**
 * The 28 directed effects of GUM: every ordered pair of basic factors (12) and every pair between an
 * auxiliary and a basic factor, both ways (16). The two auxiliary factors do not act on each other.
 */
export function effectNames(): string[] {
  const basic = FACTORS.filter((f) => f.kind === 'basic');
  const aux = FACTORS.filter((f) => f.kind === 'auxiliary');
  const out: string[] = [];
  for (const a of basic) for (const b of basic) if (a !== b) out.push(`e_${a.id}_${b.id}`);
  for (const a of aux)
    for (const b of basic) {
      out.push(`e_${a.id}_${b.id}`);
      out.push(`e_${b.id}_${a.id}`);
    }
  return out;
}

export interface LeverSpec {
  /** The lever id of the workspace vocabulary (POLICY_LEVERS). */
  id: PolicyLever;
  /** Its constant: intensity `lever_<key>`, `lever_<key>_start`, `lever_<key>_efficacy`. */
  key: string;
  /** Stocks (or outputs) it raises directly. */
  targets: string[];
  source: string;
  name: LocalizedText;
}

/** The policy levers of the model, what each acts on and where that comes from (docs/gum-model.md §5). */
export const LEVERS: LeverSpec[] = [
  {
    id: 'rnd-subsidy',
    key: 'rnd_subsidy',
    targets: ['innovation', 'innovation_capability', 'policy'],
    source: 'seed003 strategy 5; seed001 ch. 3',
    name: { zh: '研发补贴', en: 'R&D subsidy' },
  },
  {
    id: 'common-tech-platform',
    key: 'common_tech_platform',
    targets: ['learning', 'innovation', 'tech_capability', 'policy'],
    source: 'seed004 (Taizhou pumps: common-technology innovation system)',
    name: { zh: '共性技术平台', en: 'Common-technology platform' },
  },
  {
    id: 'training',
    key: 'training',
    targets: ['learning', 'tech_capability', 'policy'],
    source: 'seed001 (Motorola/Toyota in Tianjin); seed004 (education and training bodies)',
    name: { zh: '培训', en: 'Training' },
  },
  {
    id: 'regional-brand',
    key: 'regional_brand',
    targets: ['social_capital', 'outside_capability', 'sc_capability', 'policy'],
    source: 'seed004 (Datang socks: regional brand); seed003 strategy 1',
    name: { zh: '区域品牌治理', en: 'Regional-brand governance' },
  },
  {
    id: 'professional-market',
    key: 'professional_market',
    targets: ['social_capital', 'outside_capability', 'market_reach', 'policy'],
    source: 'seed003 strategies 3 and 7; seed004 (professional markets)',
    name: { zh: '专业市场升级', en: 'Professional-market upgrading' },
  },
  {
    id: 'relocation-support',
    key: 'relocation_support',
    targets: ['outside_capability', 'value_capture', 'policy'],
    source: 'seed002 (Belt and Road relocation); seed003 strategy 6; seed001 (Taiwan IT)',
    name: { zh: '产业转移支持', en: 'Relocation support' },
  },
  {
    id: 'export-promotion',
    key: 'export_promotion',
    targets: ['gvc_insertion', 'outside_capability', 'market_reach', 'policy'],
    source: 'seed002 (Belt and Road markets); seed003 strategy 4',
    name: { zh: '出口与“一带一路”促进', en: 'Export / Belt-and-Road promotion' },
  },
  {
    id: 'domestic-market',
    key: 'domestic_market',
    targets: ['leading_firms', 'outside_capability', 'market_reach', 'policy'],
    source: 'seed003 (national value chain route)',
    name: { zh: '国内市场（国家价值链）路径', en: 'Domestic-market (NVC) route' },
  },
  {
    id: 'ip-protection',
    key: 'ip_protection',
    targets: ['innovation', 'innovation_capability', 'policy'],
    source: 'seed003 strategy 2 (cluster patent pool)',
    name: { zh: '知识产权保护', en: 'IP protection' },
  },
  {
    id: 'cluster-association',
    key: 'cluster_association',
    targets: ['social_capital', 'sc_capability', 'policy'],
    source: 'seed004 (auxiliary layer: associations)',
    name: { zh: '集群协会', en: 'Cluster association' },
  },
  {
    id: 'leading-firm-support',
    key: 'leading_firm_support',
    targets: ['leading_firms', 'policy'],
    source: 'seed000 §2.2; seed003 strategy 1',
    name: { zh: '龙头企业培育', en: 'Leading-firm support' },
  },
];

export const leverById = (id: string): LeverSpec | undefined => LEVERS.find((l) => l.id === id);

/** Shock kinds and their constants. */
export const SHOCKS = ['demand', 'cost', 'technology'] as const;
export type ShockKind = (typeof SHOCKS)[number];
export const shockPrefix = (k: ShockKind): string => (k === 'technology' ? 'shock_tech' : `shock_${k}`);

let cached: CompiledSdModel | undefined;

/** The compiled GUM model (compiled once per thread). */
export function gumModel(): CompiledSdModel {
  cached ??= compileSdModel(loadSdModel(GUM_MODEL_FILE));
  return cached;
}
