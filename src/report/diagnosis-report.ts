import { abmSection, abmSectionTitle } from '../abm/report/blocks.ts';
import { citations } from '../abm/report/explain.ts';
import type { Diagnosis } from '../diagnose/diagnose.ts';
import type { SourceRef } from '../domain/common.ts';
import type { DiagnosisJson } from '../domain/diagnosis-json.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { ADVICE_LEVELS, GOVERNANCE_OUTCOMES, POSITIONS, UPGRADING_TYPES } from '../domain/vocabulary.ts';
import type { Speaker } from '../i18n/index.ts';
import type { SurveyEvidence } from '../measure/survey/evidence.ts';
import { REACHED } from '../theory/stage.ts';
import type { Evidence } from '../theory/upgrading.ts';
import type { Block, ListItem } from './blocks.ts';
import { networkSection } from './network-report.ts';

/** The diagnosis as a report a policy analyst reads, in one language. */
export function diagnosisReport(d: Diagnosis, kb: Knowledge, sp: Speaker): Block[] {
  const { t, text, pct, num } = sp;
  const ws = d.workspace;
  const cited = new Set<string>();
  const cite = (ref: SourceRef) => {
    cited.add(ref.ref);
    return sp.cite(ref);
  };
  const govName = sp.governanceName;
  const stageDef = (id: string) => kb.stages.stages.find((s) => s.id === id);
  const years = ws.indicators.map((r) => r.year);
  const out: Block[] = [];
  let sectionNo = 0;
  const sectionTitled = (title: string): Block => ({
    kind: 'heading',
    level: 2,
    text: sp.numbered(++sectionNo, title),
  });
  const section = (key: string): Block => sectionTitled(t(key));

  out.push({
    kind: 'title',
    text: t('report.title', { name: text(ws.name) }),
    subtitle: t('report.meta', {
      region: text(ws.region),
      industry: text(ws.industry),
      clusterType: t(`clusterType.${ws.clusterType}`),
      firms: ws.firms.length,
      years: years.length ? `${Math.min(...years)}–${Math.max(...years)}` : t('report.noYears'),
    }),
  });
  if (d.illustrative.firms > 0 || d.illustrative.indicatorYears > 0)
    out.push({
      kind: 'notice',
      text: t('report.illustrative', {
        firms: d.illustrative.firms,
        totalFirms: ws.firms.length,
        years: d.illustrative.indicatorYears,
        totalYears: ws.indicators.length,
      }),
    });

  // Summary
  const st = stageDef(d.stage.stage);
  const high = d.risks.filter((r) => r.level === 'high').map((r) => text(r.definition.name));
  const byLevel = (l: string) => d.recommendations.filter((r) => r.rule.level === l).length;
  const bounds = d.chains[0]?.result.bounds;
  out.push({ kind: 'heading', level: 2, text: t('report.summary') });
  out.push({
    kind: 'list',
    items: [
      t('report.summaryStage', {
        stage: st ? text(st.name) : d.stage.stage,
        confidence: pct(d.stage.confidence, 0),
      }),
      d.governance.dominant
        ? t('report.summaryGovernance', {
            type: govName(d.governance.dominant),
            share: pct(d.governance.shares[d.governance.dominant], 0),
          })
        : t('report.summaryNoGovernance'),
      t('report.summaryCapture', {
        capture: pct(d.valueCapture),
        low: pct(bounds?.allOEA ?? 0),
        high: pct(bounds?.allOBM ?? 1),
      }),
      high.length ? t('report.summaryRisks', { risks: sp.join(high) }) : t('report.summaryNoHighRisks'),
      t('report.summaryAdvice', {
        count: d.recommendations.length,
        government: byLevel('government'),
        cluster: byLevel('cluster'),
        firm: byLevel('firm'),
      }),
    ].map((x) => ({ text: x })),
  });

  // 1. Governance
  out.push(section('report.governance'));
  out.push({
    kind: 'paragraph',
    text: t('report.governanceIntro', {
      relationships: d.governance.relationships,
      weighting: t(`report.weighting_${d.governance.weighting}`),
      coverage: pct(d.governance.coverage, 0),
    }),
  });
  if (d.governance.relationships > 0) {
    out.push({
      kind: 'table',
      head: [t('report.governanceType'), t('report.share')],
      rows: GOVERNANCE_OUTCOMES.filter((o) => d.governance.shares[o] > 0.0005).map((o) => [
        govName(o),
        pct(d.governance.shares[o]),
      ]),
      numeric: [false, true],
    });
    const dom = d.governance.dominant;
    const row = kb.ghs.rows.find((r) => r.outcome === dom);
    if (dom && row)
      out.push({
        kind: 'paragraph',
        text: sp.paren(
          t('report.governanceDominant', { type: govName(dom), explanation: text(row.explanation) }),
          cite(row.source),
        ),
      });
  }

  // 2. Positions and value capture
  out.push(section('report.positions'));
  out.push({
    kind: 'table',
    head: [t('report.position'), t('report.revenueShare'), t('report.firmsMain')],
    rows: POSITIONS.map((p) => [
      t(`position.${p}`),
      pct(d.positions.shares[p]),
      String(d.positions.firmsByMainPosition[p]),
    ]),
    numeric: [false, true, true],
  });
  for (const c of d.chains) {
    const name = c.name ? text(c.name) : c.chain.id;
    out.push({ kind: 'paragraph', text: t('report.captureIntro', { chain: name }) });
    out.push({
      kind: 'table',
      head: [
        t('report.segment'),
        t('report.valueShare'),
        t('report.activity'),
        t('report.localActivity'),
        t('report.contribution'),
      ],
      rows: c.result.segments.map((s) => [
        `${text(s.segment.name)}${s.segment.assumption ? ` (${t('report.assumed')})` : ''}`,
        pct(s.segment.valueShare),
        pct(s.activity),
        pct(s.localActivity),
        pct(s.contribution),
      ]),
      numeric: [false, true, true, true, true],
    });
    out.push({
      kind: 'paragraph',
      text: t('report.captureLine', {
        capture: pct(c.result.capture),
        local: pct(c.result.localCapture),
        low: pct(c.result.bounds.allOEA),
        high: pct(c.result.bounds.allOBM),
      }),
    });
    const assumed = c.result.segments.find((s) => s.segment.assumption);
    if (assumed?.segment.assumption)
      out.push({
        kind: 'notice',
        text: t('report.assumptionNote', { reason: text(assumed.segment.assumption) }),
      });
  }
  out.push({
    kind: 'paragraph',
    text: `${t('report.source')}: ${cite(kb.coverage.source)}; ${cite({ ref: 'shih1996' })}`,
  });

  // 3. Upgrading evidence
  out.push(section('report.upgrading'));
  out.push({
    kind: 'table',
    head: [t('report.upgradingType'), t('report.status'), t('report.score'), t('report.dataCoverage')],
    rows: UPGRADING_TYPES.map((u) => {
      const a = d.upgrading[u];
      return [t(`upgradingType.${u}`), t(`status.${a.status}`), num(a.score), pct(a.coverage, 0)];
    }),
    numeric: [false, false, true, true],
  });
  out.push({
    kind: 'list',
    items: UPGRADING_TYPES.map((u): ListItem => {
      const a = d.upgrading[u];
      const details = a.evidence.map((e) => sp.paren(evidenceText(e, sp), cite(e.source)));
      if (a.missing.length)
        details.push(
          t('report.missingIndicators', {
            items: sp.join(a.missing.map((k) => sp.indicatorName(k))),
          }),
        );
      return { text: sp.colon(t(`upgradingType.${u}`), t(`status.${a.status}`)), details };
    }),
  });

  // 4. Stage
  out.push(section('report.stage'));
  out.push({
    kind: 'paragraph',
    text: t('report.stageLine', {
      stage: st ? text(st.name) : d.stage.stage,
      confidence: pct(d.stage.confidence, 0),
    }),
  });
  if (st)
    out.push({
      kind: 'paragraph',
      text: sp.paren(
        t('report.stageModel', {
          model: text(st.firmModel),
          strategy: text(st.strategy),
          build: text(st.build),
        }),
        cite(st.source),
      ),
    });
  out.push({
    kind: 'table',
    head: [t('report.stageColumn'), t('report.support'), t('report.positionPart'), t('report.upgradingPart')],
    rows: d.stage.supports.map((s) => {
      const def = stageDef(s.stage);
      return [
        def ? text(def.name) : s.stage,
        num(s.support),
        num(s.positionPart),
        s.upgradingPart === undefined ? t('status.unknown') : num(s.upgradingPart),
      ];
    }),
    numeric: [false, true, true, true],
  });
  out.push({ kind: 'paragraph', text: t('report.stageRule', { reached: num(REACHED) }) });
  if (d.stage.decidingTypes.length)
    out.push({
      kind: 'paragraph',
      text: t('report.stageDecide', {
        items: sp.join(
          d.stage.decidingTypes.flatMap((u) => d.upgrading[u].missing.map((k) => sp.indicatorName(k))),
        ),
      }),
    });

  // 5. Prospects: one table of effects by governance type, the mix-weighted verdicts, then each reason once.
  out.push(section('report.prospects'));
  out.push({ kind: 'paragraph', text: t('report.prospectsIntro') });
  const shown = GOVERNANCE_OUTCOMES.filter(
    (g) => d.governance.shares[g] >= 0.05 && kb.prospects.rows.some((r) => r.governance === g),
  );
  out.push({
    kind: 'table',
    head: [
      t('report.governanceRow'),
      t('report.share'),
      ...UPGRADING_TYPES.map((u) => t(`upgradingType.${u}`)),
    ],
    rows: [
      ...shown.map((g) => {
        const row = kb.prospects.rows.find((r) => r.governance === g);
        return [
          govName(g),
          pct(d.governance.shares[g], 0),
          ...UPGRADING_TYPES.map((u) => (row ? t(`effect.${row.effects[u]}`) : '—')),
        ];
      }),
      [
        t('report.prospectRow'),
        '',
        ...UPGRADING_TYPES.map((u) => {
          const p = d.prospects.byType[u];
          return `${t(`verdict.${p.verdict}`)} ${num(p.score)}`;
        }),
      ],
    ],
  });
  out.push({
    kind: 'list',
    items: shown.flatMap((g) => {
      const row = kb.prospects.rows.find((r) => r.governance === g);
      return row ? [{ text: sp.colon(govName(g), sp.paren(text(row.reason), cite(row.source))) }] : [];
    }),
  });
  if (d.prospects.escape)
    out.push({
      kind: 'paragraph',
      text: sp.paren(
        `${t('report.escape', { text: text(d.prospects.escape.text) })} ${t('report.escapeDomestic', {
          share: pct(d.prospects.escape.domesticShare, 0),
        })}`,
        cite(d.prospects.escape.source),
      ),
    });

  // 6. Risks
  out.push(section('report.risks'));
  const riskValue = (v: number | undefined, unit: string) =>
    v === undefined ? '—' : unit === 'share' || unit === 'share of signals' ? pct(v, 0) : num(v, 1);
  out.push({
    kind: 'table',
    head: [
      t('report.risk'),
      t('report.level'),
      t('report.value'),
      t('report.thresholds'),
      t('report.source'),
    ],
    rows: d.risks.map((r) => {
      const th = r.definition.thresholds;
      const unit = r.definition.unit.en;
      const cmp = th.direction === 'below' ? '≤' : '≥';
      return [
        text(r.definition.name),
        t(`riskLevel.${r.level}`),
        riskValue(r.value, unit),
        `${cmp}${riskValue(th.medium, unit)} / ${cmp}${riskValue(th.high, unit)}`,
        cite(r.definition.source),
      ];
    }),
    numeric: [false, false, true, true, false],
  });
  const gated = d.risks.filter((r) => r.gated);
  if (gated.length)
    out.push({
      kind: 'list',
      items: gated.map((r) => ({ text: t(`report.gated_${r.gated}`, { name: text(r.definition.name) }) })),
    });

  if (d.network) out.push(section('report.network'), ...networkSection(d.network, sp, cite));
  if (d.survey) out.push(section('survey2.diag.section'), ...surveySection(d.survey, kb, sp));
  if (d.abm) out.push(sectionTitled(abmSectionTitle(d.abm, sp)), ...abmSection(d.abm, sp, cite));

  // Recommendations
  out.push(section('report.recommendations'));
  for (const level of ADVICE_LEVELS) {
    out.push({ kind: 'heading', level: 3, text: t(`report.level_${level}`) });
    const recs = d.recommendations.filter((r) => r.rule.level === level);
    if (!recs.length) {
      out.push({ kind: 'paragraph', text: t('report.noRecommendations') });
      continue;
    }
    out.push({
      kind: 'list',
      items: recs.map((r) => ({
        text: `${text(r.rule.title)} — ${text(r.rule.text)}`,
        details: [
          sp.colon(
            t('report.because'),
            r.evidence
              .map((e) => `${sp.factLabel(e.fact)} = ${sp.factValue(e.fact, e.value)}`)
              .join(t('punct.sep')),
          ),
          sp.colon(t('report.source'), cite(r.rule.source)),
        ],
      })),
    });
  }

  // 8. Data gaps
  out.push(section('report.missing'));
  out.push(
    d.missing.length
      ? {
          kind: 'list',
          items: d.missing.map((m) => ({
            text: m.declared
              ? t('report.missingDeclared', {
                  field: m.field,
                  reason: text(m.declared),
                  decides: decides(m.decides, sp, kb),
                })
              : t('report.missingUndeclared', { field: m.field, decides: decides(m.decides, sp, kb) }),
          })),
        }
      : { kind: 'paragraph', text: t('report.noMissing') },
  );

  // Sources
  out.push({ kind: 'heading', level: 2, text: t('report.sources') });
  out.push({
    kind: 'list',
    // The bibliography, then the ABM's own (knowledge/abm/sources.yaml) for sources only the ABM cites.
    items: citations([...cited].sort(), kb).map((s) => ({ text: `[${s.id}] ${s.citation}` })),
  });
  return out;
}

function decides(items: string[], sp: Speaker, kb: Knowledge): string {
  return sp.join(
    items.map((x) => {
      if (x === 'governance') return sp.t('cli.governanceType');
      if (x.startsWith('upgrading.')) return sp.t(`upgradingType.${x.slice(10)}`);
      if (x.startsWith('risk.')) {
        const r = kb.risks.get(x.slice(5));
        return r ? sp.text(r.name) : x;
      }
      return x;
    }),
  );
}

function withUnit(x: number, indicator: string, sp: Speaker): string {
  const unit = sp.indicatorUnit(indicator);
  return unit === '%' ? `${sp.num(x)}%` : unit ? `${sp.num(x)} ${unit}` : sp.num(x);
}

/** One evidence item as a sentence. */
export function evidenceText(e: Evidence, sp: Speaker): string {
  if (e.code === 'indicator-trend') {
    const p = e.params;
    return sp.t('evidence.indicator-trend', {
      indicator: sp.indicatorName(e.key),
      direction: sp.t(`direction.${p.direction}`),
      first: withUnit(Number(p.first), e.key, sp),
      firstYear: p.firstYear,
      latest: withUnit(Number(p.latest), e.key, sp),
      latestYear: p.latestYear,
      relative: `${Number(p.relative) >= 0 ? '+' : ''}${sp.pct(Number(p.relative))}`,
    });
  }
  return sp.t('evidence.position-share', {
    positions: e.key,
    share: sp.pct(Number(e.params.share)),
    fullAt: sp.pct(Number(e.params.fullAt), 0),
  });
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** The survey evidence of a diagnosis as the JSON field `survey`. */
export function surveySummary(s: SurveyEvidence, kb: Knowledge): NonNullable<DiagnosisJson['survey']> {
  return {
    file: s.file,
    rows: s.rows,
    used: s.used,
    scale: s.scale,
    n: s.profile.n,
    factors: Object.fromEntries(
      Object.entries(s.profile.factors).map(([id, f]) => [
        id,
        {
          name: kb.instrument.constructs.find((c) => c.id === id)?.name ?? { zh: id, en: id },
          mean: finiteOrNull(f.mean),
          scaled: finiteOrNull(f.scaled),
          ciLow: finiteOrNull(f.ciLow),
          ciHigh: finiteOrNull(f.ciHigh),
        },
      ]),
    ),
    governance: s.governance,
    humphreySchmitz:
      s.humphreySchmitz?.map((c) => ({
        ...c,
        captiveMean: finiteOrNull(c.captiveMean),
        otherMean: finiteOrNull(c.otherMean),
        difference: finiteOrNull(c.difference),
        pWelch: finiteOrNull(c.pWelch),
      })) ?? null,
  };
}

/** "Survey evidence": the GUM factor profile, the governance mix of the surveyed firms and the HS test. */
export function surveySection(s: SurveyEvidence, kb: Knowledge, sp: Speaker): Block[] {
  const { t } = sp;
  const name = (id: string) => {
    const c = kb.instrument.constructs.find((x) => x.id === id);
    return c ? sp.text(c.name) : id;
  };
  const fix = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const out: Block[] = [
    { kind: 'paragraph', text: t('survey2.diag.intro', { file: s.file, used: s.used, rows: s.rows }) },
    { kind: 'paragraph', text: t('survey2.diag.profileHead') },
    {
      kind: 'table',
      head: [
        t('survey2.colConstruct'),
        t('survey2.colMean', s.scale),
        t('survey2.colCi'),
        t('survey2.colScaled'),
        '',
      ],
      rows: Object.entries(s.profile.factors).map(([id, f]) => [
        name(id),
        fix(f.mean),
        `[${fix(f.ciLow)}, ${fix(f.ciHigh)}]`,
        fix(f.scaled),
        '█'.repeat(Math.max(0, Math.min(10, Math.round(f.scaled * 10)))).padEnd(10, '░'),
      ]),
      numeric: [false, true, true, true, false],
    },
  ];
  const weakest = Object.entries(s.profile.factors)
    .filter(([, f]) => Number.isFinite(f.scaled))
    .sort((a, b) => a[1].scaled - b[1].scaled)
    .slice(0, 3)
    .map(([id, f]) => `${name(id)} (${fix(f.scaled)})`);
  if (weakest.length)
    out.push({ kind: 'paragraph', text: t('survey2.diag.weakest', { list: sp.join(weakest) }) });
  if (s.governance && s.governance.classified > 0) {
    const g = s.governance;
    const mix = Object.entries(g.shares)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${sp.governanceName(k)} ${sp.pct(v)}`);
    out.push({ kind: 'paragraph', text: t('survey2.diag.governanceMix', { mix: sp.join(mix) }) });
  }
  const ocu = s.humphreySchmitz?.find((c) => c.construct === 'OutsideCorrelationUpgrading');
  out.push({
    kind: 'paragraph',
    text: ocu
      ? t('survey2.diag.hs', {
          captive: `${fix(ocu.captiveMean)} (n = ${ocu.nCaptive})`,
          other: `${fix(ocu.otherMean)} (n = ${ocu.nOther})`,
          diff: `${ocu.difference >= 0 ? '+' : '−'}${fix(Math.abs(ocu.difference))}`,
          p: ocu.pWelch < 0.001 ? '<0.001' : fix(ocu.pWelch, 3),
        })
      : t('survey2.diag.hsNone'),
  });
  return out;
}
