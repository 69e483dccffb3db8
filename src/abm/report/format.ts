/**
 * Number formatting and the final-state table of a governance comparison, shared by the stand-alone
 * report (render.ts: `climb abm report`) and the diagnosis section (blocks.ts: `climb diagnose --abm`), so
 * both print the same numbers the same way.
 */
import type { Lang } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/index.ts';
import type { Comparison, Estimate, Measure } from './compare.ts';

/** Measures that are shares of firms (printed as percentages; differences in percentage points). */
const SHARES = new Set<string>(['OEA', 'OEM', 'ODM', 'OBM', 'upgraded', 'relocated', 'shirking']);

export const isShare = (m: string): boolean => SHARES.has(m);

/** A value of measure `m`: "33.0%" for shares, "0.841" otherwise. */
export const num = (m: string, v: number): string =>
  SHARES.has(m) ? `${(v * 100).toFixed(1)}%` : v.toFixed(3);

/** A mean with its 95 % CI: "33.0% [32.2%, 33.9%]". */
export const est = (m: string, e: Estimate): string =>
  `${num(m, e.mean)} [${num(m, e.ci[0])}, ${num(m, e.ci[1])}]`;

/** A signed (paired) difference with its 95 % CI: "+4.4 [+3.3, +5.5] pp", "-0.251 [-0.254, -0.249]". */
export const signed = (m: string, e: Estimate): string => {
  const s = (v: number) => (v > 0 ? '+' : '') + (SHARES.has(m) ? (v * 100).toFixed(1) : v.toFixed(3));
  return `${s(e.mean)} [${s(e.ci[0])}, ${s(e.ci[1])}]${SHARES.has(m) ? ' pp' : ''}`;
};

export interface Table {
  head: string[];
  rows: string[][];
}

/**
 * The final-state table: one row per measure; a column per governance type (mean [95 % CI]) and one per
 * non-reference type (paired difference from the first type).
 */
export function finalTable(c: Comparison, lang: Lang, measures: readonly Measure[]): Table {
  const t = translator(lang);
  const ref = c.results[0];
  const head = [
    t('abmx.report.measure'),
    ...c.results.map((r) => t(`abmx.governance.${r.governance}`)),
    ...c.results.slice(1).map((r) =>
      t('abmx.report.diff', {
        b: t(`abmx.governance.${r.governance}`),
        a: t(`abmx.governance.${ref?.governance}`),
      }),
    ),
  ];
  const rows = measures.map((m) => [
    t(`abmx.measure.${m}`),
    ...c.results.map((r) => est(m, r.final[m])),
    ...c.results.slice(1).map((r) => signed(m, r.diff?.[m] as Estimate)),
  ]);
  return { head, rows };
}
