import type { SourceRef } from '../domain/common.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';

/** The dataset of Zhejiang provincial figures (seed 003) used as industry benchmarks. */
export const BENCHMARK_DATASET = 'zhejiang-figures';

export interface Benchmark {
  indicator: string;
  sector: string;
  year: number;
  value: number;
  source: SourceRef;
}

/** The latest benchmark value of an indicator for a sector (English sector name), if the dataset has one. */
export function benchmark(
  kb: Pick<Knowledge, 'datasets'>,
  sector: string | undefined,
  indicator: string,
): Benchmark | undefined {
  const rows = kb.datasets.get(BENCHMARK_DATASET)?.rows ?? [];
  let best: Benchmark | undefined;
  for (const r of rows) {
    if (r.indicator !== indicator || r.sector.en !== sector) continue;
    if (!best || r.year > best.year)
      best = { indicator, sector: r.sector.en, year: r.year, value: r.value, source: r.source };
  }
  return best;
}
