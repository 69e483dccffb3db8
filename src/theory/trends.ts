import type { IndicatorKey, IndicatorYear } from '../domain/workspace.ts';

/** The course of one indicator over the panel. */
export interface Trend {
  key: IndicatorKey;
  years: number[];
  values: number[];
  latest: number;
  latestYear: number;
  /** Ordinary least-squares slope per year. */
  slope: number;
  /** Slope relative to the mean level: the average annual relative change. */
  relative: number;
  direction: 'up' | 'down' | 'flat';
  /** relative ÷ meaningful change, clipped to [−1, 1]. */
  strength: number;
}

/** Series of one indicator, sorted by year, skipping years without a value. */
export function series(
  panel: readonly IndicatorYear[],
  key: IndicatorKey,
): { years: number[]; values: number[] } {
  const rows = panel
    .filter((r) => typeof r[key] === 'number')
    .slice()
    .sort((a, b) => a.year - b.year);
  return { years: rows.map((r) => r.year), values: rows.map((r) => r[key] as number) };
}

/**
 * Trend of an indicator: OLS slope over the years present, relative to the mean absolute level.
 * Needs two or more years; a change smaller than half the meaningful change counts as flat.
 */
export function trend(
  panel: readonly IndicatorYear[],
  key: IndicatorKey,
  meaningfulChange: number,
): Trend | undefined {
  const { years, values } = series(panel, key);
  const n = years.length;
  if (n < 2) return undefined;
  const mx = years.reduce((s, x) => s + x, 0) / n;
  const my = values.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (years[i] as number) - mx;
    sxy += dx * ((values[i] as number) - my);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  const level = values.reduce((s, y) => s + Math.abs(y), 0) / n;
  const relative = level > 0 ? slope / level : 0;
  const strength = Math.max(-1, Math.min(1, relative / meaningfulChange));
  const direction =
    relative > meaningfulChange / 2 ? 'up' : relative < -meaningfulChange / 2 ? 'down' : 'flat';
  return {
    key,
    years,
    values,
    latest: values[n - 1] as number,
    latestYear: years[n - 1] as number,
    slope,
    relative,
    direction,
    strength,
  };
}

/** The latest value of an indicator, if any year has it. */
export function latest(
  panel: readonly IndicatorYear[],
  key: IndicatorKey,
): { year: number; value: number } | undefined {
  const { years, values } = series(panel, key);
  const n = years.length;
  return n > 0 ? { year: years[n - 1] as number, value: values[n - 1] as number } : undefined;
}
