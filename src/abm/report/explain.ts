/**
 * The difference between governance types explained in words, following the numbers: every sentence is
 * chosen from the sign of a paired difference and whether its 95 % CI excludes zero, then read against the
 * theory — Humphrey & Schmitz 2002 (source id hs2002): captive (quasi-hierarchical) chains bring fast
 * process and product upgrading but block functional upgrading, while market (arm's-length) chains leave
 * room for functional upgrading; governance types as in Gereffi, Humphrey & Sturgeon 2005 (ghs2005);
 * functional upgrading in market and domestic chains (Navas-Alemán 2011, navas-aleman2011; Bazan &
 * Navas-Alemán 2004, bazan-navas2004).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import type { Lang } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/index.ts';
import { bundledKnowledge } from '../../io/knowledge.ts';
import { ABM_KNOWLEDGE_DIR } from '../params.ts';
import type { Comparison, Estimate, Measure } from './compare.ts';

export type Direction = 'higher' | 'lower' | 'similar';

export interface Finding {
  measure: Measure;
  /** The reference (first) and the compared governance type. */
  a: string;
  b: string;
  meanA: number;
  meanB: number;
  /** Paired difference b − a. */
  diff: Estimate;
  /** Of b relative to a. */
  direction: Direction;
}

export interface TheoryCheck {
  /** 'process' (captive faster) or 'functional' (captive blocks, the other allows). */
  claim: 'process' | 'functional';
  captive: string;
  other: string;
  verdict: 'agrees' | 'contrary' | 'unclear';
}

export interface Explanation {
  findings: Finding[];
  checks: TheoryCheck[];
  paragraphs: string[];
  /** Source ids cited. */
  sources: string[];
}

/** Measures described in words, with how to print them. */
const TOLD: { m: Measure; share: boolean }[] = [
  { m: 'upgraded', share: true },
  { m: 'OBM', share: true },
  { m: 'production', share: false },
  { m: 'design', share: false },
  { m: 'localValueCapture', share: false },
  { m: 'reputation', share: false },
  { m: 'relocated', share: true },
];

export function direction(d: Estimate): Direction {
  if (d.ci[0] > 0) return 'higher';
  if (d.ci[1] < 0) return 'lower';
  return 'similar';
}

/** Findings of every type against the first one. */
export function findings(c: Comparison): Finding[] {
  const [ref, ...rest] = c.results;
  if (!ref) return [];
  const out: Finding[] = [];
  for (const r of rest)
    for (const { m } of TOLD) {
      const diff = r.diff?.[m] as Estimate;
      out.push({
        measure: m,
        a: ref.governance,
        b: r.governance,
        meanA: ref.final[m].mean,
        meanB: r.final[m].mean,
        diff,
        direction: direction(diff),
      });
    }
  return out;
}

const OPEN = new Set(['market', 'modular', 'relational']);

/** Humphrey & Schmitz's two predictions, checked for each captive / non-captive pair. */
export function theoryChecks(f: readonly Finding[]): TheoryCheck[] {
  const checks: TheoryCheck[] = [];
  for (const x of f) {
    const pair =
      x.a === 'captive' && OPEN.has(x.b)
        ? { captive: x.a, other: x.b, sign: -1 }
        : x.b === 'captive' && OPEN.has(x.a)
          ? { captive: x.b, other: x.a, sign: 1 }
          : undefined;
    if (!pair) continue;
    // captiveMinusOther > 0 means captive is higher.
    const dir = x.direction === 'similar' ? 0 : (x.direction === 'higher' ? 1 : -1) * pair.sign;
    if (x.measure === 'production')
      checks.push({
        claim: 'process',
        captive: pair.captive,
        other: pair.other,
        verdict: dir > 0 ? 'agrees' : dir < 0 ? 'contrary' : 'unclear',
      });
    if (x.measure === 'upgraded')
      checks.push({
        claim: 'functional',
        captive: pair.captive,
        other: pair.other,
        verdict: dir < 0 ? 'agrees' : dir > 0 ? 'contrary' : 'unclear',
      });
  }
  // Process upgrading first, then functional upgrading (the order of the theory's sentence).
  return checks.sort((x, y) => (x.claim === y.claim ? 0 : x.claim === 'process' ? -1 : 1));
}

function fmt(v: number, share: boolean, lang: Lang): string {
  if (share) return `${(v * 100).toFixed(1)}%`;
  return v.toFixed(3) + (lang === 'zh' ? '' : '');
}
function fmtDiff(v: number, share: boolean): string {
  const s = share ? (v * 100).toFixed(1) : v.toFixed(3);
  return v > 0 ? `+${s}` : s;
}

export function explainComparison(c: Comparison, lang: Lang): Explanation {
  const t = translator(lang);
  const gov = (g: string) => t(`abmx.governance.${g}`);
  const f = findings(c);
  const checks = theoryChecks(f);
  const paragraphs: string[] = [];
  const n = c.seeds.length;
  for (const r of c.results.slice(1)) {
    const sentences: string[] = [];
    for (const { m, share } of TOLD) {
      const x = f.find((y) => y.b === r.governance && y.measure === m);
      if (!x) continue;
      sentences.push(
        t(`abmx.explain.${x.direction}`, {
          measure: t(`abmx.measure.${m}`),
          a: gov(x.a),
          b: gov(x.b),
          va: fmt(x.meanA, share, lang),
          vb: fmt(x.meanB, share, lang),
          d: fmtDiff(x.diff.mean, share),
          lo: fmtDiff(x.diff.ci[0], share),
          hi: fmtDiff(x.diff.ci[1], share),
          unit: share ? t('abmx.explain.points') : '',
        }),
      );
    }
    const intro = t('abmx.explain.intro', {
      a: gov(c.results[0]?.governance ?? ''),
      b: gov(r.governance),
      steps: c.steps,
      seeds: n,
    });
    // Chinese runs sentences together; English starts with a capital (governance names are lower case).
    paragraphs.push(
      lang === 'zh'
        ? `${intro}${sentences.join('')}`
        : `${intro.charAt(0).toUpperCase()}${intro.slice(1)} ${sentences.join(' ')}`,
    );
  }
  const sources = ['hs2002', 'ghs2005'];
  if (checks.length) {
    const parts = [t('abmx.explain.theory')];
    for (const ch of checks)
      parts.push(
        t(`abmx.explain.${ch.claim}.${ch.verdict}`, { captive: gov(ch.captive), other: gov(ch.other) }),
      );
    parts.push(t('abmx.explain.mechanism'));
    if (checks.some((ch) => ch.claim === 'functional')) {
      parts.push(t('abmx.explain.nvc'));
      sources.push('navas-aleman2011', 'bazan-navas2004');
    }
    paragraphs.push(parts.join(lang === 'zh' ? '' : ' '));
  } else paragraphs.push(t('abmx.explain.noTheory'));
  paragraphs.push(t('abmx.explain.caveat', { seeds: n }));
  return { findings: f, checks, paragraphs, sources };
}

/** Full citations of the cited ids (knowledge/sources.yaml, then knowledge/abm/sources.yaml). */
export function citations(
  ids: readonly string[],
  kb: Knowledge = bundledKnowledge(),
): { id: string; citation: string }[] {
  let abm: Map<string, string> | undefined;
  const abmSources = () => {
    if (!abm) {
      abm = new Map();
      try {
        const doc = parse(readFileSync(resolve(ABM_KNOWLEDGE_DIR, 'sources.yaml'), 'utf8')) as {
          sources?: { id: string; citation: string }[];
        };
        for (const s of doc.sources ?? []) abm.set(s.id, s.citation);
      } catch {
        /* no ABM bibliography: ids only */
      }
    }
    return abm;
  };
  return ids.map((id) => ({ id, citation: kb.sources.get(id)?.citation ?? abmSources().get(id) ?? id }));
}
