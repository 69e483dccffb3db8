import { describe, expect, it } from 'vitest';
import { DiagnosisJson } from '../../src/domain/diagnosis-json.ts';
import { climb } from '../helpers.ts';

/** Small settings keep each run well under a second; one thread keeps it deterministic and cheap. */
const SMALL = ['--abm', '--abm-firms', '80', '--abm-steps', '20', '--abm-seeds', '3', '--workers', '1'];
const TITLE_EN = 'Agent-based simulation: captive vs market governance';
const TITLE_ZH = '主体仿真：俘获型与市场型治理比较';

type Abm = NonNullable<DiagnosisJson['abm']>;
type Est = { mean: number; ciLow: number; ciHigh: number };

/** The formatting of the report's table, written out independently of the code under test. */
const value = (share: boolean, v: number) => (share ? `${(v * 100).toFixed(1)}%` : v.toFixed(3));
const estimate = (share: boolean, e: Est) =>
  `${value(share, e.mean)} [${value(share, e.ciLow)}, ${value(share, e.ciHigh)}]`;
const difference = (share: boolean, e: Est) => {
  const s = (v: number) => (v > 0 ? '+' : '') + (share ? (v * 100).toFixed(1) : v.toFixed(3));
  return `${s(e.mean)} [${s(e.ciLow)}, ${s(e.ciHigh)}]${share ? ' pp' : ''}`;
};

/** The rows of the first Markdown table after `heading`, as cells. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.slice(md.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('climb diagnose --abm', () => {
  it('adds a numbered section whose table has the numbers of the JSON field abm', async () => {
    const md = await climb('diagnose', 'ningbo-garments', ...SMALL, '--format', 'md', '--lang', 'en');
    expect(md.code, md.err).toBe(0);
    const heading = md.out.split('\n').find((l) => l.includes(TITLE_EN));
    expect(heading).toMatch(/^## \d+\. Agent-based simulation: captive vs market governance$/);
    // After the survey (if any) and before the recommendations.
    expect(md.out.indexOf(TITLE_EN)).toBeLessThan(md.out.indexOf('Recommendations'));
    expect(md.out).toMatch(/80 firms/);
    expect(md.out).toMatch(/not forecasts/);

    const js = await climb('diagnose', 'ningbo-garments', ...SMALL, '--format', 'json');
    expect(js.code, js.err).toBe(0);
    const j = JSON.parse(js.out) as DiagnosisJson;
    expect(DiagnosisJson.safeParse(j).success).toBe(true);
    const abm = j.abm as Abm;
    expect(abm).not.toBeNull();
    expect(abm).toMatchObject({ firms: 80, steps: 20, seeds: [1, 2, 3], reference: 'captive' });
    expect(abm.governances).toEqual(['captive', 'market']);
    const [captive, market] = abm.results;
    expect(captive?.difference).toBeNull();

    const [head, , ...rows] = tableAfter(md.out, TITLE_EN);
    expect(head).toEqual(['Measure', 'captive', 'market', 'market − captive']);
    expect(rows.map((r) => r[0])).toEqual(abm.measures.map((m) => m.name.en));
    abm.measures.forEach((m, i) => {
      const share = m.unit === 'share';
      const row = rows[i] as string[];
      expect(row[1]).toBe(estimate(share, captive?.final[m.id] as Est));
      expect(row[2]).toBe(estimate(share, market?.final[m.id] as Est));
      expect(row[3]).toBe(difference(share, market?.difference?.[m.id] as Est));
    });

    // The theory checks and the explanation's sources, resolved in the references.
    expect(abm.checks.map((c) => c.claim).sort()).toEqual(['functional', 'process']);
    for (const c of abm.checks) expect(['agrees', 'contrary', 'unclear']).toContain(c.verdict);
    const ids = abm.sources.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['hs2002', 'ghs2005']));
    for (const s of abm.sources) {
      expect(s.citation).not.toBe(s.id);
      expect(md.out).toContain(`[${s.id}] ${s.citation}`);
      expect(j.sources).toContainEqual(s);
    }
    expect(abm.explanation[0]?.en).toContain('captive');
    expect(abm.explanation[0]?.zh).toContain('俘获型');
  });

  it('speaks Chinese with --lang zh', async () => {
    const r = await climb('diagnose', 'ningbo-garments', ...SMALL, '--lang', 'zh');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`[一二三四五六七八九十]+、${TITLE_ZH}`));
    expect(r.out).toContain('差异说明');
    expect(r.out).not.toContain(TITLE_EN);
  });

  it('puts one chart inline in HTML', async () => {
    const r = await climb('diagnose', 'ningbo-garments', ...SMALL, '--format', 'html', '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(TITLE_EN);
    expect(r.out.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(r.out).toMatch(/<figure><svg[\s\S]*<\/svg><figcaption>Functional upgrading/);
  });

  it('is off by default: no section, and abm is null in JSON', async () => {
    const md = await climb('diagnose', 'ningbo-garments', '--format', 'md', '--lang', 'en');
    expect(md.code).toBe(0);
    expect(md.out).not.toContain('Agent-based simulation');
    const js = await climb('diagnose', 'ningbo-garments', '--format', 'json');
    expect(JSON.parse(js.out).abm).toBeNull();
  });

  it('rejects an unknown governance type in --abm-compare, naming it and the allowed ones', async () => {
    const r = await climb(
      'diagnose',
      'ningbo-garments',
      '--abm',
      '--abm-compare',
      'captive,foo',
      '--lang',
      'en',
    );
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('unknown governance type "foo"');
    expect(r.err).toContain('market, modular, relational, captive, hierarchy');
    const zh = await climb(
      'diagnose',
      'ningbo-garments',
      '--abm',
      '--abm-compare',
      'captive,foo',
      '--lang',
      'zh',
    );
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('未知的治理类型“foo”');
  });

  it('needs two different governance types and sensible counts', async () => {
    const one = await climb('diagnose', 'ningbo-garments', '--abm', '--abm-compare', 'captive,captive');
    expect(one.code).toBe(2);
    expect(one.err).toContain('at least two different governance types');
    const seeds = await climb('diagnose', 'ningbo-garments', '--abm', '--abm-seeds', '1', '--lang', 'en');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toContain('--abm-seeds needs a whole number ≥ 2');
  });
});
