/**
 * The agent-based governance comparison as a section of the diagnosis report (`climb diagnose --abm`):
 * what was run, a compact final-state table (functional upgrading, process and product upgrading, local
 * value capture, reputation; means with 95 % CIs and paired differences), the explanation against Humphrey
 * & Schmitz 2002 (explain.ts) and, in HTML, one chart (charts.ts). The same numbers as `climb abm report`,
 * formatted by the same helpers (format.ts); the JSON counterpart is `abmSummary`.
 */
import type { SourceRef } from '../../domain/common.ts';
import {
  ABM_DIAGNOSIS_MEASURES,
  type AbmDiagnosisMeasure,
  type DiagnosisJson,
} from '../../domain/diagnosis-json.ts';
import type { GovernanceType } from '../../domain/vocabulary.ts';
import { type Speaker, translator } from '../../i18n/index.ts';
import type { Block } from '../../report/blocks.ts';
import { comparisonCharts } from './charts.ts';
import type { Comparison, Estimate, Measure } from './compare.ts';
import { citations, explainComparison } from './explain.ts';
import { finalTable, isShare } from './format.ts';

/** The diagnosis measures, checked to be measures of the comparison. */
const MEASURES: readonly Measure[] = ABM_DIAGNOSIS_MEASURES satisfies readonly Measure[];

/** The chart shown in HTML: the ODM + OBM share over time, one line per governance type. */
const CHART_ID = 'upgraded';

/** "captive vs market" / "俘获型与市场型" (three or more: "a, b vs c" / "甲、乙与丙"). */
function governanceList(c: Comparison, sp: Speaker): string {
  const names = c.results.map((r) => sp.t(`abmx.governance.${r.governance}`));
  const last = names.pop() ?? '';
  return names.length ? `${names.join(sp.t('abmdiag.govsSep'))}${sp.t('abmdiag.govsLast')}${last}` : last;
}

/** The section's title (without its number): "Agent-based simulation: captive vs market governance". */
export function abmSectionTitle(c: Comparison, sp: Speaker): string {
  return sp.t('abmdiag.section', { govs: governanceList(c, sp) });
}

/**
 * The section's blocks (its heading is added by the caller). `cite` records the sources the explanation
 * rests on, so that the report's reference list includes them.
 */
export function abmSection(c: Comparison, sp: Speaker, cite: (s: SourceRef) => string): Block[] {
  const { t } = sp;
  const ref = c.results[0]?.governance ?? '';
  const table = finalTable(c, sp.lang, MEASURES);
  const explanation = explainComparison(c, sp.lang);
  for (const id of explanation.sources) cite({ ref: id });
  const chart = comparisonCharts(c, sp.lang).find((ch) => ch.id === CHART_ID);
  return [
    {
      kind: 'paragraph',
      text: t('abmdiag.intro', {
        firms: c.firms,
        steps: c.steps,
        seeds: c.seeds.length,
        first: c.seeds[0] ?? 1,
        last: c.seeds[c.seeds.length - 1] ?? 1,
      }),
    },
    {
      kind: 'paragraph',
      text: t('abmdiag.tableNote', { steps: c.steps, ref: t(`abmx.governance.${ref}`) }),
    },
    { kind: 'table', head: table.head, rows: table.rows, numeric: table.head.map((_, i) => i > 0) },
    ...(chart ? [{ kind: 'svg', svg: chart.svg, title: chart.title } satisfies Block] : []),
    { kind: 'heading', level: 3, text: t('abmx.report.explanation') },
    ...explanation.paragraphs.map((p): Block => ({ kind: 'paragraph', text: p })),
  ];
}

const estimate = (e: Estimate) => ({ mean: e.mean, ciLow: e.ci[0], ciHigh: e.ci[1] });
const measures = (pick: (m: AbmDiagnosisMeasure) => Estimate) =>
  Object.fromEntries(ABM_DIAGNOSIS_MEASURES.map((m) => [m, estimate(pick(m))])) as Record<
    AbmDiagnosisMeasure,
    ReturnType<typeof estimate>
  >;

/** The comparison as the diagnosis JSON field `abm` (both languages for every text). */
export function abmSummary(
  c: Comparison,
  kb?: Parameters<typeof citations>[1],
): NonNullable<DiagnosisJson['abm']> {
  const en = explainComparison(c, 'en');
  const zh = explainComparison(c, 'zh');
  const tEn = translator('en');
  const tZh = translator('zh');
  const ref = c.results[0]?.governance;
  if (!ref || c.results.length < 2) throw new Error('an ABM comparison needs at least two governance types');
  return {
    firms: c.firms,
    steps: c.steps,
    seeds: c.seeds,
    reference: ref,
    governances: c.results.map((r) => r.governance),
    measures: ABM_DIAGNOSIS_MEASURES.map((m) => ({
      id: m,
      name: { en: tEn(`abmx.measure.${m}`), zh: tZh(`abmx.measure.${m}`) },
      unit: isShare(m) ? 'share' : 'index',
    })),
    results: c.results.map((r) => ({
      governance: r.governance,
      final: measures((m) => r.final[m]),
      difference: r.diff ? measures((m) => r.diff?.[m] as Estimate) : null,
    })),
    checks: en.checks.map((ch) => ({
      claim: ch.claim,
      captive: ch.captive as GovernanceType,
      other: ch.other as GovernanceType,
      verdict: ch.verdict,
    })),
    explanation: en.paragraphs.map((p, i) => ({ en: p, zh: zh.paragraphs[i] ?? '' })),
    sources: citations(en.sources, kb),
  };
}
