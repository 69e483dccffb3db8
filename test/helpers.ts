import type { Knowledge } from '../src/domain/knowledge-base.ts';
import type { Firm, IndicatorYear, Workspace } from '../src/domain/workspace.ts';
import { bundledKnowledge } from '../src/io/knowledge.ts';

export const kb: Knowledge = bundledKnowledge();

/** A firm with sensible defaults; override what the test is about. */
export function firm(over: Partial<Firm> & { id: string }): Firm {
  return {
    size: 'small',
    ownership: 'private',
    revenue: 100,
    revenueSplit: { OEA: 0, OEM: 100, ODM: 0, OBM: 0 },
    exportShare: 50,
    ...over,
  };
}

/** A panel of years with values produced by f(yearIndex). */
export function panel(years: number, f: (i: number) => Partial<IndicatorYear>): IndicatorYear[] {
  return Array.from({ length: years }, (_, i) => ({ year: 2010 + i, ...f(i) }));
}

export function workspace(over: Partial<Workspace> = {}): Workspace {
  return {
    schemaVersion: 1,
    id: 'test',
    name: { zh: '测试集群', en: 'Test cluster' },
    region: { zh: '浙江', en: 'Zhejiang' },
    industry: { zh: '服装', en: 'Apparel' },
    clusterType: 'endogenous',
    chains: [{ id: 'main', preset: 'apparel' }],
    firms: [firm({ id: 'f1' })],
    indicators: [],
    policies: [],
    ...over,
  };
}
