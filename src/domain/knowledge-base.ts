import type { BibliographyEntry } from './common.ts';
import type { Instrument } from './instrument.ts';
import type {
  CaseRecord,
  ChainPreset,
  Dataset,
  GhsTable,
  IndicatorDefinition,
  PositionCoverage,
  PositionEvidence,
  ProspectsTable,
  RiskDefinition,
  Rule,
  StageCatalog,
} from './knowledge.ts';

/** The validated knowledge base that every analysis reads (never the files themselves). */
export interface Knowledge {
  dir: string;
  sources: Map<string, BibliographyEntry>;
  ghs: GhsTable;
  prospects: ProspectsTable;
  coverage: PositionCoverage;
  positionEvidence: PositionEvidence;
  indicators: Map<string, IndicatorDefinition>;
  risks: Map<string, RiskDefinition>;
  stages: StageCatalog;
  chains: Map<string, ChainPreset>;
  rules: Rule[];
  cases: Map<string, CaseRecord & { file: string }>;
  datasets: Map<string, Dataset>;
  /** The bundled GUM survey instrument (knowledge/instrument/gum.yaml). */
  instrument: Instrument;
}
