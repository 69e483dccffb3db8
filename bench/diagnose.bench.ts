// Benchmark: validate and diagnose synthetic clusters of growing size.
// No established tool computes a GVC cluster diagnosis, so there is no reference ratio to print;
// the figures are tracked over time instead. Run: `npm run bench` (add sizes as arguments).
import { performance } from 'node:perf_hooks';
import { diagnose } from '../src/diagnose/diagnose.ts';
import { checkConsistency } from '../src/domain/consistency.ts';
import { type Firm, Workspace } from '../src/domain/workspace.ts';
import { bundledKnowledge } from '../src/io/knowledge.ts';
import { diagnosisJson } from '../src/report/diagnosis-json.ts';
import { resolveSegments } from '../src/theory/value-capture.ts';

/** Deterministic pseudo-random numbers (mulberry32) so every run measures the same input. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticWorkspace(firms: number): unknown {
  const r = rng(42);
  const grade = () => 1 + Math.round(r() * 4);
  const list: Firm[] = [];
  for (let i = 0; i < firms; i++) {
    const obm = Math.round(r() * 30);
    const odm = Math.round(r() * 30);
    const oea = Math.round(r() * 10);
    list.push({
      id: `f${i}`,
      size: r() < 0.8 ? 'small' : 'medium',
      ownership: 'private',
      revenue: 1 + r() * 500,
      revenueSplit: { OEA: oea, OEM: 100 - oea - odm - obm, ODM: odm, OBM: obm },
      exportShare: Math.round(r() * 100),
      buyers: [0, 1, 2].map((k) => ({
        name: `buyer-${Math.floor(r() * 200)}`,
        market: k === 2 ? ('domestic' as const) : ('export' as const),
        salesShare: 20,
        complexity: grade(),
        codifiability: grade(),
        capability: grade(),
      })),
      relocations:
        r() < 0.1
          ? [{ segment: 'manufacturing', share: 30, destination: 'inland-china' as const }]
          : undefined,
      illustrative: true,
    });
  }
  return {
    schemaVersion: 1,
    id: 'bench',
    name: { zh: '基准集群', en: 'Benchmark cluster' },
    region: { zh: '浙江', en: 'Zhejiang' },
    industry: { zh: '服装', en: 'Apparel' },
    clusterType: 'endogenous',
    chains: [{ id: 'main', preset: 'apparel' }],
    firms: list,
    indicators: Array.from({ length: 10 }, (_, y) => ({
      year: 2010 + y,
      laborProductivity: 10 * 1.05 ** y,
      newProductOutputRate: 15 + y,
      profitTaxPer100Yuan: 9 - 0.2 * y,
      rndIntensity: 0.8 + 0.05 * y,
      ownBrandShare: 10 + y,
      exportDeliveryRatio: 40,
      outputPerMu: 200 + 5 * y,
    })),
    policies: [],
  };
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const kb = bundledKnowledge();
console.log('firms      validate ms   diagnose ms   json ms   total ms   µs/firm   heap MB');
for (const n of sizes.length ? sizes : [1_000, 10_000, 100_000, 1_000_000]) {
  const raw = syntheticWorkspace(n);
  const [ws, tValidate] = time(() => {
    const parsed = Workspace.parse(raw);
    const issues = checkConsistency(parsed, (c) => resolveSegments(c, kb), [...kb.chains.keys()]);
    if (issues.length) throw new Error(issues[0]?.message.en);
    return parsed;
  });
  const [d, tDiagnose] = time(() => diagnose(ws, kb));
  const [, tJson] = time(() => JSON.stringify(diagnosisJson(d, kb)));
  const total = tValidate + tDiagnose + tJson;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    [n, tValidate, tDiagnose, tJson, total, (1000 * total) / n, heap]
      .map((x, i) => (i === 0 ? String(x).padEnd(9) : x.toFixed(i === 5 ? 2 : 0).padStart(12)))
      .join(' '),
  );
}
