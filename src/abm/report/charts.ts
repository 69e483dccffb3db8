/**
 * SVG charts of the cluster ABM in Chinese or English (issue 4 item 6), drawn with the project's chart
 * module (src/simulate/chart.ts): position shares over time (stacked areas), capability means, value
 * capture, regional-brand reputation and relocated share — for one run's series, or one line per
 * governance type for a comparison.
 */
import type { Lang } from '../../domain/vocabulary.ts';
import { POSITIONS } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/index.ts';
import { type ChartSeries, lineChart } from '../../simulate/chart.ts';
import { S, SERIES_KEYS, type SeriesKey } from '../model.ts';
import { type Comparison, seriesOf } from './compare.ts';

export interface NamedChart {
  /** File stem, e.g. "positions". */
  id: string;
  title: string;
  svg: string;
}

const POSITION_COLORS = ['#c9d6df', '#7fa7c9', '#2a6f97', '#d1495b'];
const pct = (v: number) => `${Math.round(v * 100)}%`;

function column(series: ArrayLike<number>, steps: number, key: SeriesKey): Float64Array {
  const W = SERIES_KEYS.length;
  const out = new Float64Array(steps + 1);
  for (let t = 0; t <= steps; t++) out[t] = series[t * W + S[key]] as number;
  return out;
}

/** Charts of one run: `series` is (steps + 1) × SERIES_KEYS (ClusterRun.series). */
export function runCharts(series: ArrayLike<number>, steps: number, lang: Lang, subtitle = ''): NamedChart[] {
  const t = translator(lang);
  const x = Float64Array.from({ length: steps + 1 }, (_, i) => i);
  const xLabel = t('abmx.chart.step');
  const sfx = subtitle ? ` — ${subtitle}` : '';
  const line = (key: SeriesKey): ChartSeries => ({
    name: t(`abmx.measure.${key}`),
    x,
    y: column(series, steps, key),
  });
  const charts: NamedChart[] = [];
  const add = (id: string, title: string, svg: string) => charts.push({ id, title, svg });
  const pTitle = `${t('abmx.chart.positions')}${sfx}`;
  add(
    'positions',
    pTitle,
    lineChart({
      title: pTitle,
      xLabel,
      yLabel: t('abmx.chart.shareOfFirms'),
      stacked: true,
      yMin: 0,
      yMax: 1,
      yFormat: pct,
      series: POSITIONS.map((p, i) => ({
        name: p,
        x,
        y: column(series, steps, p),
        color: POSITION_COLORS[i] as string,
      })),
    }),
  );
  const cTitle = `${t('abmx.chart.capabilities')}${sfx}`;
  add(
    'capabilities',
    cTitle,
    lineChart({
      title: cTitle,
      xLabel,
      yLabel: t('abmx.chart.mean01'),
      yMin: 0,
      yMax: 1,
      series: (['production', 'design', 'rnd', 'brand'] as const).map(line),
    }),
  );
  const vTitle = `${t('abmx.chart.valueCapture')}${sfx}`;
  add(
    'value-capture',
    vTitle,
    lineChart({
      title: vTitle,
      xLabel,
      yLabel: t('abmx.chart.valueUnits'),
      series: (['valueCapture', 'localValueCapture', 'margin'] as const).map(line),
    }),
  );
  const rTitle = `${t('abmx.chart.brandRelocation')}${sfx}`;
  add(
    'reputation-relocation',
    rTitle,
    lineChart({
      title: rTitle,
      xLabel,
      yLabel: t('abmx.chart.share'),
      yMin: 0,
      yMax: 1,
      yFormat: pct,
      series: (['reputation', 'relocated', 'shirking'] as const).map(line),
    }),
  );
  return charts;
}

/** Charts of a comparison: one line per governance type, and the position mix of each type. */
export function comparisonCharts(c: Comparison, lang: Lang): NamedChart[] {
  const t = translator(lang);
  const x = Float64Array.from({ length: c.steps + 1 }, (_, i) => i);
  const xLabel = t('abmx.chart.step');
  const dashes = ['none', '6 3', '2 3', '8 3 2 3', '1 2'];
  const per = (key: SeriesKey | 'upgraded', id: string, yLabel: string, unit01: boolean): NamedChart => {
    const title = `${t(`abmx.measure.${key}`)} — ${t('abmx.chart.byGovernance', { seeds: c.seeds.length })}`;
    return {
      id,
      title,
      svg: lineChart({
        title,
        xLabel,
        yLabel,
        ...(unit01 ? { yMin: 0, yFormat: pct } : {}),
        series: c.results.map((r, i) => ({
          name: t(`abmx.governance.${r.governance}`),
          x,
          y: seriesOf(r, c.steps, key),
          dash: dashes[i % dashes.length] as string,
        })),
      }),
    };
  };
  const charts = [
    per('upgraded', 'upgraded', t('abmx.chart.shareOfFirms'), true),
    per('production', 'production', t('abmx.chart.mean01'), false),
    per('design', 'design', t('abmx.chart.mean01'), false),
    per('localValueCapture', 'value-capture', t('abmx.chart.valueUnits'), false),
    per('reputation', 'reputation', t('abmx.chart.share'), true),
    per('relocated', 'relocated', t('abmx.chart.share'), true),
  ];
  for (const r of c.results) {
    const gov = t(`abmx.governance.${r.governance}`);
    const [chart] = runCharts(r.series, c.steps, lang, gov);
    if (chart) charts.push({ ...chart, id: `positions-${r.governance}` });
  }
  return charts;
}
