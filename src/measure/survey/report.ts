/** The report of `climb survey analyze`: presentation blocks (text, Markdown, HTML), JSON and an Excel export. */
import ExcelJS from 'exceljs';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import { GOVERNANCE_OUTCOMES, type Lang } from '../../domain/vocabulary.ts';
import { type Speaker, speaker } from '../../i18n/index.ts';
import type { Block } from '../../report/blocks.ts';
import { NON_CAPTIVE, type SurveyAnalysis } from './analyze.ts';

const OCU = 'OutsideCorrelationUpgrading';

/** A construct's name in the report language (the instrument's name, else the model's id). */
export function constructName(id: string, kb: Knowledge, sp: Speaker): string {
  const c = kb.instrument.constructs.find((x) => x.id === id);
  return c ? sp.text(c.name) : id;
}

const fix = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const pval = (p: number | null) =>
  p === null || !Number.isFinite(p) ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3);
const signed = (x: number, d = 2) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;

/** A 10-cell bar of a 0–1 value, for the profile table. */
export function bar(x: number): string {
  const k = Math.max(0, Math.min(10, Math.round(x * 10)));
  return `${'█'.repeat(k)}${'░'.repeat(10 - k)}`;
}

export function surveyBlocks(a: SurveyAnalysis, kb: Knowledge, lang: Lang): Block[] {
  const sp = speaker(lang, kb);
  const { t } = sp;
  const name = (id: string) => constructName(id, kb, sp);
  const out: Block[] = [];
  let n = 0;
  const section = (text: string): Block => ({ kind: 'heading', level: 2, text: sp.numbered(++n, text) });
  out.push({
    kind: 'title',
    text: t('survey2.title'),
    subtitle: t('survey2.subtitle', {
      file: a.files.data,
      used: a.data.used,
      rows: a.data.rows,
      model: a.files.model,
      resamples: a.measurement.resamples,
      seed: a.measurement.seed,
    }),
  });

  // 1. Data quality
  out.push(section(t('survey2.dataQuality')));
  out.push({
    kind: 'paragraph',
    text: t('survey2.rowsRead', { rows: a.data.rows, used: a.data.used, excluded: a.data.excluded.length }),
  });
  if (a.data.excluded.length) {
    out.push({ kind: 'paragraph', text: t('survey2.excludedIntro') });
    out.push({
      kind: 'table',
      head: [t('survey2.colRow'), t('survey2.colFirm'), t('survey2.colReason'), t('survey2.colDetail')],
      rows: a.data.excluded.map((e) => [
        String(e.row),
        e.firm ?? '',
        t(`survey2.reason.${e.reason}`),
        e.detail,
      ]),
      numeric: [true, false, false, false],
    });
  } else out.push({ kind: 'paragraph', text: t('survey2.noExcluded') });
  out.push({
    kind: 'paragraph',
    text: t('survey2.missing', { cells: a.data.missingCells, codes: a.data.missingCodes }),
  });
  if (a.data.reversed.length)
    out.push({ kind: 'paragraph', text: t('survey2.reversed', { items: a.data.reversed.join(', ') }) });
  if (a.data.warnings.length) {
    out.push({ kind: 'heading', level: 3, text: t('survey2.warnings') });
    out.push({ kind: 'list', items: a.data.warnings.map((w) => ({ text: sp.text(w.message) })) });
  }

  // 2. Measurement quality
  const th = a.measurement.thresholds;
  out.push(section(t('survey2.measurement')));
  out.push({ kind: 'paragraph', text: t('survey2.thresholds', th) });
  out.push({
    kind: 'table',
    head: [t('survey2.colConstruct'), t('survey2.colItems'), 'α', 'ρC', 'ρA', 'AVE', t('survey2.colVerdict')],
    rows: a.measurement.constructs.map((c) => [
      name(c.construct),
      String(c.items),
      fix(c.alpha),
      fix(c.rhoC),
      fix(c.rhoA),
      fix(c.ave),
      t(c.pass ? 'survey2.pass' : 'survey2.fail'),
    ]),
    numeric: [false, true, true, true, true, true, false],
  });
  const failing = a.measurement.htmt.filter((h) => !h.pass);
  const top = [...a.measurement.htmt].sort((x, y) => y.value - x.value)[0];
  if (failing.length)
    out.push({
      kind: 'paragraph',
      text: t('survey2.htmtFail', {
        count: failing.length,
        threshold: th.htmt,
        pairs: failing.map((h) => `${name(h.a)} – ${name(h.b)} (${fix(h.value)})`).join(t('punct.sep')),
      }),
    });
  else if (top)
    out.push({
      kind: 'paragraph',
      text: t('survey2.htmtOk', { threshold: th.htmt, max: fix(top.value), a: name(top.a), b: name(top.b) }),
    });
  out.push({ kind: 'heading', level: 3, text: t('survey2.paths') });
  out.push({
    kind: 'table',
    head: [t('survey2.colPath'), t('survey2.colEstimate'), t('survey2.colCi'), t('survey2.colP')],
    rows: a.measurement.paths.map((p) => [
      `${name(p.from)} → ${name(p.to)}`,
      fix(p.estimate),
      `[${fix(p.ciLow)}, ${fix(p.ciHigh)}]`,
      pval(p.p),
    ]),
    numeric: [false, true, true, true],
  });
  out.push({
    kind: 'paragraph',
    text: t('survey2.rSquared', {
      list: Object.entries(a.measurement.rSquared)
        .map(([c, r]) => `${name(c)} ${fix(r, 2)}`)
        .join(t('punct.sep')),
    }),
  });

  // 3. Profile
  const { min, max } = a.profile.scale;
  out.push(section(t('survey2.profile')));
  out.push({ kind: 'paragraph', text: t('survey2.profileIntro', { n: a.profile.n, min, max }) });
  out.push({
    kind: 'table',
    head: [
      t('survey2.colConstruct'),
      t('survey2.colGroup'),
      t('survey2.colMean', { min, max }),
      t('survey2.colCi'),
      t('survey2.colScaled'),
      '',
    ],
    rows: Object.entries(a.profile.factors).map(([id, f]) => {
      const group = kb.instrument.constructs.find((c) => c.id === id)?.group;
      return [
        name(id),
        group ? t(`survey2.group.${group}`) : '',
        fix(f.mean, 2),
        `[${fix(f.ciLow, 2)}, ${fix(f.ciHigh, 2)}]`,
        fix(f.scaled, 2),
        bar(f.scaled),
      ];
    }),
    numeric: [false, false, true, true, true, false],
  });

  // 4. Governance
  const g = a.governance;
  out.push(section(t('survey2.governance')));
  if (!g.available) out.push({ kind: 'paragraph', text: t('survey2.governanceNone') });
  else {
    out.push({ kind: 'paragraph', text: t('survey2.governanceIntro', { scale: g.scale }) });
    out.push({
      kind: 'table',
      head: [t('survey2.colType'), t('survey2.colFirms'), t('survey2.colShare')],
      rows: GOVERNANCE_OUTCOMES.filter((o) => g.counts[o] > 0).map((o) => [
        sp.governanceName(o),
        String(g.counts[o]),
        sp.pct(g.shares[o]),
      ]),
      numeric: [false, true, true],
    });
    const un = g.firms.filter((f) => f.type === null);
    if (un.length)
      out.push({
        kind: 'paragraph',
        text: t('survey2.unclassified', { count: un.length, rows: un.map((f) => f.row).join(', ') }),
      });
  }

  // 5. Humphrey–Schmitz
  const hs = a.humphreySchmitz;
  out.push(section(t('survey2.hs')));
  if (!hs.available) out.push({ kind: 'paragraph', text: t('survey2.hsUnavailable') });
  else {
    out.push({
      kind: 'paragraph',
      text: t('survey2.hsIntro', { permutations: hs.comparisons[0]?.permutations ?? 0 }),
    });
    out.push({
      kind: 'table',
      head: [
        t('survey2.colConstruct'),
        t('survey2.colCaptive'),
        t('survey2.colOther'),
        t('survey2.colDiff'),
        t('survey2.colT'),
        t('survey2.colPWelch'),
        t('survey2.colPPerm'),
      ],
      rows: hs.comparisons.map((c) => [
        name(c.construct),
        `${fix(c.meanA, 2)} (${c.nA})`,
        `${fix(c.meanB, 2)} (${c.nB})`,
        signed(c.difference),
        `${fix(c.t, 2)} (${fix(c.df, 0)})`,
        pval(c.pWelch),
        pval(c.pPermutation),
      ]),
      numeric: [false, true, true, true, true, true, true],
    });
    const ocu = hs.comparisons.find((c) => c.construct === OCU);
    if (ocu)
      out.push({
        kind: 'paragraph',
        text: t(ocu.difference < 0 && ocu.pWelch < 0.05 ? 'survey2.hsSupported' : 'survey2.hsNotSupported', {
          diff: signed(ocu.difference),
          p: pval(ocu.pWelch),
        }),
      });
  }

  // 6. MGA
  const m = a.mga;
  const byGovernance = m.group === 'governance' || m.group === 'governance-types';
  const groupLabel = (x: string) =>
    !byGovernance ? x : x === NON_CAPTIVE ? t('survey2.nonCaptive') : sp.governanceName(x);
  out.push(section(t('survey2.mga', { group: byGovernance ? t('survey2.colType') : m.group })));
  if (m.status === 'failed')
    out.push({ kind: 'paragraph', text: t('survey2.mgaFailed', { message: m.message ?? '' }) });
  else if (m.status === 'too-few-groups' || !m.result)
    out.push({ kind: 'paragraph', text: t('survey2.mgaTooFew') });
  else {
    const r = m.result;
    out.push({
      kind: 'paragraph',
      text: t('survey2.mgaGroups', {
        groups: r.groups.map((x) => `${groupLabel(x.name)} (n = ${x.n})`).join(t('punct.sep')),
        permutations: r.permutations,
        resamples: r.resamples,
        seed: r.seed,
      }),
    });
    if (r.excluded.missingGroup > 0 || r.excluded.smallGroups.length)
      out.push({
        kind: 'paragraph',
        text: t('survey2.mgaExcluded', {
          missing: r.excluded.missingGroup,
          small: r.excluded.smallGroups.length
            ? r.excluded.smallGroups.map(groupLabel).join(', ')
            : t('survey2.none'),
        }),
      });
    const rows = r.comparisons.flatMap((c) =>
      c.paths
        .filter((p) => p.pPermutation < 0.05 || (p.from === 'GvcInsertion' && p.to === OCU))
        .map((p) => [
          `${groupLabel(c.groupA)} (${c.nA}) / ${groupLabel(c.groupB)} (${c.nB})`,
          `${name(p.from)} → ${name(p.to)}`,
          fix(p.estimates[c.groupA] ?? Number.NaN),
          fix(p.estimates[c.groupB] ?? Number.NaN),
          signed(p.difference, 3),
          pval(p.pPermutation),
          pval(p.pHenseler),
        ]),
    );
    out.push({ kind: 'paragraph', text: rows.length ? t('survey2.mgaIntro') : t('survey2.mgaNone') });
    if (rows.length)
      out.push({
        kind: 'table',
        head: [
          t('survey2.colComparison'),
          t('survey2.colPath'),
          t('survey2.colEstA'),
          t('survey2.colEstB'),
          t('survey2.colDiff'),
          t('survey2.colPPerm'),
          t('survey2.colPHenseler'),
        ],
        rows,
        numeric: [false, false, true, true, true, true, true],
      });
  }
  return out;
}

/** The analysis as JSON (fixed keys; NaN becomes null). */
export function surveyJson(a: SurveyAnalysis): unknown {
  return JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/** Every table of the analysis in one workbook (one sheet per part). */
export function surveyWorkbook(a: SurveyAnalysis, kb: Knowledge, lang: Lang): ExcelJS.Workbook {
  const sp = speaker(lang, kb);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Climb';
  const sheet = (title: string, head: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(title);
    ws.addRow(head);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of rows) ws.addRow(r.map((x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)));
    head.forEach((_h, i) => {
      ws.getColumn(i + 1).width = i === 0 ? 34 : 16;
    });
  };
  sheet(
    'excluded',
    ['row', 'firm', 'reason', 'detail'],
    a.data.excluded.map((e) => [e.row, e.firm, e.reason, e.detail]),
  );
  sheet(
    'measurement',
    ['construct', 'items', 'alpha', 'rhoC', 'rhoA', 'AVE', 'pass'],
    a.measurement.constructs.map((c) => [
      c.construct,
      c.items,
      c.alpha,
      c.rhoC,
      c.rhoA,
      c.ave,
      c.pass ? 1 : 0,
    ]),
  );
  sheet(
    'htmt',
    ['a', 'b', 'htmt', 'pass'],
    a.measurement.htmt.map((h) => [h.a, h.b, h.value, h.pass ? 1 : 0]),
  );
  sheet(
    'paths',
    ['from', 'to', 'estimate', 'ci_low', 'ci_high', 'p'],
    a.measurement.paths.map((p) => [p.from, p.to, p.estimate, p.ciLow, p.ciHigh, p.p]),
  );
  sheet(
    'profile',
    ['construct', 'name', 'mean', 'ci_low', 'ci_high', 'scaled'],
    Object.entries(a.profile.factors).map(([id, f]) => [
      id,
      constructName(id, kb, sp),
      f.mean,
      f.ciLow,
      f.ciHigh,
      f.scaled,
    ]),
  );
  sheet(
    'governance',
    ['row', 'firm', 'complexity', 'codifiability', 'capability', 'type'],
    a.governance.firms.map((f) => [
      f.row,
      f.firm,
      f.determinants.complexity,
      f.determinants.codifiability,
      f.determinants.capability,
      f.type,
    ]),
  );
  sheet(
    'humphrey-schmitz',
    [
      'construct',
      'n_captive',
      'mean_captive',
      'n_other',
      'mean_other',
      'difference',
      't',
      'df',
      'p_welch',
      'p_permutation',
    ],
    a.humphreySchmitz.comparisons.map((c) => [
      c.construct,
      c.nA,
      c.meanA,
      c.nB,
      c.meanB,
      c.difference,
      c.t,
      c.df,
      c.pWelch,
      c.pPermutation,
    ]),
  );
  if (a.mga.result)
    sheet(
      'mga',
      [
        'group_a',
        'group_b',
        'n_a',
        'n_b',
        'from',
        'to',
        'estimate_a',
        'estimate_b',
        'difference',
        'p_permutation',
        'p_henseler',
      ],
      a.mga.result.comparisons.flatMap((c) =>
        c.paths.map((p) => [
          c.groupA,
          c.groupB,
          c.nA,
          c.nB,
          p.from,
          p.to,
          p.estimates[c.groupA] ?? null,
          p.estimates[c.groupB] ?? null,
          p.difference,
          p.pPermutation,
          p.pHenseler,
        ]),
      ),
    );
  return wb;
}
