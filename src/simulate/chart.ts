/**
 * A small SVG line chart (no dependency): several series over time, optional shaded bands (ensemble
 * 5–95 %), axes with ticks, a legend; labels in any language (CJK fonts first in the font stack).
 * `stacked: true` draws the series as a stacked area chart (shares that add up, e.g. the ABM's position
 * mix); series may set their own colour and dash pattern. Used by src/simulate and src/abm/report.
 */

export interface ChartSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Lower and upper edge of a band drawn under the line. */
  band?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
  /** Stroke/fill colour (default: the palette by position). */
  color?: string;
  /** SVG stroke-dasharray, e.g. "6 3" (default: solid, dashed after the palette runs out). */
  dash?: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
  /** y-axis range; default: from the data, padded, within [0, 1] when the data is. */
  yMin?: number;
  yMax?: number;
  /** Formats y tick labels (default: two decimals). */
  yFormat?: (v: number) => string;
  xFormat?: (v: number) => string;
  /** Stacked areas: each series is drawn on top of the previous ones (all series share x). */
  stacked?: boolean;
}

export const PALETTE = [
  '#2a6f97',
  '#d1495b',
  '#66a182',
  '#edae49',
  '#8e6c8a',
  '#00798c',
  '#6c757d',
  '#f08a4b',
];

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r2 = (v: number) => Math.round(v * 100) / 100;

/** "Nice" tick values covering [lo, hi] (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push(r2(v / mag) * mag);
  return out;
}

/** Cumulative sums of the series (series k's band is [sum of 0…k−1, sum of 0…k]). */
function stack(series: ChartSeries[]): ChartSeries[] {
  const n = series[0]?.x.length ?? 0;
  const acc = new Float64Array(n);
  return series.map((s) => {
    const lo = Float64Array.from(acc);
    for (let i = 0; i < n; i++)
      acc[i] = (acc[i] as number) + (Number.isFinite(s.y[i] as number) ? (s.y[i] as number) : 0);
    const hi = Float64Array.from(acc);
    return { ...s, y: hi, band: { lo, hi } };
  });
}

export function lineChart(options: LineChartOptions): string {
  const o = options.stacked ? { ...options, series: stack(options.series) } : options;
  const W = o.width ?? 640;
  const H = o.height ?? 360;
  const m = { left: 56, right: 16, top: 36, bottom: 54 + 18 * Math.ceil(o.series.length / 3) };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const s of o.series) {
    for (let i = 0; i < s.x.length; i++) {
      xMin = Math.min(xMin, s.x[i] as number);
      xMax = Math.max(xMax, s.x[i] as number);
      const ys = [s.y[i] as number, ...(s.band ? [s.band.lo[i] as number, s.band.hi[i] as number] : [])];
      for (const y of ys)
        if (Number.isFinite(y)) {
          yLo = Math.min(yLo, y);
          yHi = Math.max(yHi, y);
        }
    }
  }
  if (!Number.isFinite(xMin)) {
    xMin = 0;
    xMax = 1;
  }
  if (!Number.isFinite(yLo)) {
    yLo = 0;
    yHi = 1;
  }
  const pad = Math.max(0.02, (yHi - yLo) * 0.08);
  let y0 = o.yMin ?? yLo - pad;
  let y1 = o.yMax ?? yHi + pad;
  if (o.yMin === undefined && yLo >= 0) y0 = Math.max(0, y0);
  if (o.yMax === undefined && yHi <= 1) y1 = Math.min(1, y1);
  if (!(y1 > y0)) y1 = y0 + 1;
  if (!(xMax > xMin)) xMax = xMin + 1;
  const X = (x: number) => m.left + ((x - xMin) / (xMax - xMin)) * pw;
  const Y = (y: number) => m.top + (1 - (y - y0) / (y1 - y0)) * ph;
  const fy = o.yFormat ?? ((v: number) => v.toFixed(2));
  const fx = o.xFormat ?? ((v: number) => String(Math.round(v)));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif" font-size="12">`,
    `<title>${esc(o.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
  );
  for (const t of niceTicks(y0, y1)) {
    const y = r2(Y(t));
    out.push(
      `<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#e3e8ee"/>`,
      `<text x="${m.left - 6}" y="${y + 4}" text-anchor="end" fill="#333">${esc(fy(t))}</text>`,
    );
  }
  for (const t of niceTicks(xMin, xMax, Math.min(10, Math.max(2, Math.round(xMax - xMin))))) {
    const x = r2(X(t));
    out.push(
      `<line x1="${x}" y1="${m.top + ph}" x2="${x}" y2="${m.top + ph + 4}" stroke="#333"/>`,
      `<text x="${x}" y="${m.top + ph + 17}" text-anchor="middle" fill="#333">${esc(fx(t))}</text>`,
    );
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text x="${m.left + pw / 2}" y="${m.top + ph + 34}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text transform="translate(14 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  o.series.forEach((s, k) => {
    const color = s.color ?? (PALETTE[k % PALETTE.length] as string);
    if (s.band) {
      const up: string[] = [];
      const down: string[] = [];
      for (let i = 0; i < s.x.length; i++) {
        up.push(`${r2(X(s.x[i] as number))},${r2(Y(s.band.hi[i] as number))}`);
        down.unshift(`${r2(X(s.x[i] as number))},${r2(Y(s.band.lo[i] as number))}`);
      }
      out.push(
        `<polygon points="${[...up, ...down].join(' ')}" fill="${color}" fill-opacity="${o.stacked ? '0.75' : '0.15'}" stroke="none"/>`,
      );
    }
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i] as number;
      if (Number.isFinite(y)) pts.push(`${r2(X(s.x[i] as number))},${r2(Y(y))}`);
    }
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${s.dash ?? (k >= PALETTE.length ? '5 3' : 'none')}"/>`,
    );
    const lx = m.left + (k % 3) * (pw / 3);
    const ly = m.top + ph + 54 + 18 * Math.floor(k / 3);
    out.push(
      o.stacked
        ? `<rect x="${lx}" y="${ly - 10}" width="18" height="10" fill="${color}" fill-opacity="0.75"/>`
        : `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      `<text x="${lx + 22}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
