/**
 * The governance-comparison report of the cluster ABM as Markdown or HTML, in Chinese or English:
 * summary table (final means with 95 % CIs and paired differences), the explanation in words with the
 * sources it rests on, trajectory tables, and SVG charts (inline in HTML; files next to the Markdown).
 */
import type { Knowledge } from '../../domain/knowledge-base.ts';
import type { Lang } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/index.ts';
import { S, SERIES_KEYS, type SeriesKey } from '../model.ts';
import type { NamedChart } from './charts.ts';
import { type Comparison, MEASURES, type Measure } from './compare.ts';
import { citations, type Explanation } from './explain.ts';
import { finalTable, num, type Table } from './format.ts';

/** The final-state table: every compared measure but the count of local firms. */
const TABLE: Measure[] = MEASURES.filter((m) => m !== 'localFirms');
const TRAJECTORY: (SeriesKey | 'upgraded')[] = [
  'upgraded',
  'OBM',
  'production',
  'design',
  'localValueCapture',
  'reputation',
];

function summaryTable(c: Comparison, lang: Lang): Table {
  return finalTable(c, lang, TABLE);
}

/** Mean trajectory of one governance type at about five steps. */
function trajectoryTable(series: Float64Array, steps: number, lang: Lang): Table {
  const t = translator(lang);
  const W = SERIES_KEYS.length;
  const at = [...new Set([0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * steps)))];
  const value = (k: SeriesKey | 'upgraded', row: number) =>
    k === 'upgraded'
      ? (series[row * W + S.ODM] as number) + (series[row * W + S.OBM] as number)
      : (series[row * W + S[k]] as number);
  return {
    head: [t('abmx.chart.step'), ...TRAJECTORY.map((k) => t(`abmx.measure.${k}`))],
    rows: at.map((row) => [String(row), ...TRAJECTORY.map((k) => num(k, value(k, row)))]),
  };
}

export function runSummaryTable(series: Float64Array, steps: number, lang: Lang): string {
  return mdTable(trajectoryTable(series, steps, lang));
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|');
function mdTable(tb: Table): string {
  return [
    `| ${tb.head.map(mdCell).join(' | ')} |`,
    `|${tb.head.map(() => '---').join('|')}|`,
    ...tb.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function htmlTable(tb: Table): string {
  return `<table>\n<thead><tr>${tb.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${tb.rows
    .map(
      (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n')}\n</tbody></table>`;
}

export interface RenderOptions {
  lang: Lang;
  format: 'md' | 'html';
  explanation: Explanation;
  charts: NamedChart[];
  /** Markdown: folder (relative to the report) where the SVG files were written; absent: no images. */
  chartDir?: string;
  kb?: Knowledge;
}

export function renderComparison(c: Comparison, o: RenderOptions): string {
  const t = translator(o.lang);
  const govs = c.results.map((r) => t(`abmx.governance.${r.governance}`));
  const name = c.workspace ? c.workspace.name[o.lang] : t('abmx.report.defaultCluster');
  const title = t('abmx.report.title', { name, govs: govs.join(o.lang === 'zh' ? '、' : ' / ') });
  const setup = t('abmx.report.setup', {
    firms: c.firms,
    steps: c.steps,
    seeds: c.seeds.length,
    first: c.seeds[0] ?? 1,
    last: c.seeds[c.seeds.length - 1] ?? 1,
  });
  const refs = citations(o.explanation.sources, o.kb);
  const summary = summaryTable(c, o.lang);
  if (o.format === 'md') {
    const out = [
      `# ${title}`,
      '',
      setup,
      '',
      `## ${t('abmx.report.summary')}`,
      '',
      t('abmx.report.summaryNote'),
      '',
    ];
    out.push(mdTable(summary), '', `## ${t('abmx.report.explanation')}`, '');
    for (const p of o.explanation.paragraphs) out.push(p, '');
    out.push(`## ${t('abmx.report.trajectories')}`, '');
    for (const r of c.results)
      out.push(
        `### ${t(`abmx.governance.${r.governance}`)}`,
        '',
        mdTable(trajectoryTable(r.series, c.steps, o.lang)),
        '',
      );
    if (o.chartDir !== undefined) {
      out.push(`## ${t('abmx.report.charts')}`, '');
      for (const ch of o.charts)
        out.push(`![${ch.title}](${o.chartDir ? `${o.chartDir}/` : ''}${ch.id}.svg)`, '');
    }
    out.push(`## ${t('abmx.report.sources')}`, '');
    for (const r of refs) out.push(`- [${r.id}] ${r.citation}`);
    return `${out.join('\n')}\n`;
  }
  const html = [
    '<!doctype html>',
    `<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    '<style>body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.5}table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccd;padding:.25em .5em;text-align:right}th:first-child{text-align:left}thead th{background:#eef2f6}figure{margin:1em 0}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p>${esc(setup)}</p>`,
    `<h2>${esc(t('abmx.report.summary'))}</h2>`,
    `<p>${esc(t('abmx.report.summaryNote'))}</p>`,
    htmlTable(summary),
    `<h2>${esc(t('abmx.report.explanation'))}</h2>`,
    ...o.explanation.paragraphs.map((p) => `<p>${esc(p)}</p>`),
    `<h2>${esc(t('abmx.report.charts'))}</h2>`,
    ...o.charts.map((ch) => `<figure>${ch.svg}</figure>`),
    `<h2>${esc(t('abmx.report.trajectories'))}</h2>`,
    ...c.results.flatMap((r) => [
      `<h3>${esc(t(`abmx.governance.${r.governance}`))}</h3>`,
      htmlTable(trajectoryTable(r.series, c.steps, o.lang)),
    ]),
    `<h2>${esc(t('abmx.report.sources'))}</h2>`,
    '<ul>',
    ...refs.map((r) => `<li>[${esc(r.id)}] ${esc(r.citation)}</li>`),
    '</ul>',
    '</body></html>',
  ];
  return `${html.join('\n')}\n`;
}
