import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_OUTCOMES, type Lang } from '../domain/vocabulary.ts';
import type { Determinant } from '../domain/workspace.ts';
import { speaker } from '../i18n/index.ts';
import { InputError } from '../io/problems.ts';
import { renderText } from '../report/render.ts';
import { classifyGovernance, highDegree } from '../theory/governance.ts';

export interface GovernanceOptions {
  complexity: Determinant;
  codifiability: Determinant;
  capability: Determinant;
  scale: '5' | '7';
  format: 'text' | 'json';
  lang: Lang;
}

/** `climb governance`: one relationship classified, with its membership degrees. */
export function governanceCommand(kb: Knowledge, o: GovernanceOptions): string {
  const scale = o.scale === '7' ? 7 : 5;
  for (const name of ['complexity', 'codifiability', 'capability'] as const) {
    try {
      highDegree(o[name], scale);
    } catch {
      const both = (key: string) => ({
        zh: speaker('zh', kb).t(key, { value: o[name], name, scale }),
        en: speaker('en', kb).t(key, { value: o[name], name, scale }),
      });
      throw new InputError([
        {
          file: `--${name}`,
          path: '',
          message: both('cli.badDeterminant'),
          fix: both('cli.badDeterminantFix'),
        },
      ]);
    }
  }
  const r = classifyGovernance({ ...o, scale }, kb.ghs);
  const row = kb.ghs.rows.reduce((best, x) => {
    const w = (lvl: 'high' | 'low', d: number) => (lvl === 'high' ? d : 1 - d);
    const score = (y: typeof x) =>
      w(y.complexity, r.degrees.complexity) *
      w(y.codifiability, r.degrees.codifiability) *
      w(y.capability, r.degrees.capability);
    return score(x) > score(best) ? x : best;
  });
  if (o.format === 'json')
    return JSON.stringify(
      {
        type: r.type,
        membership: r.membership,
        degrees: r.degrees,
        crisp: r.crisp,
        tiedWith: r.tiedWith,
        scale,
        explanation: row.explanation,
        source: row.source,
      },
      null,
      2,
    );
  const sp = speaker(o.lang, kb);
  const lines = [
    `${sp.t('cli.governanceType')}: ${sp.governanceName(r.type)} (${r.type})`,
    sp.text(row.explanation),
    `${sp.t('report.source')}: ${sp.cite(row.source)}`,
    '',
    sp.t('cli.degrees', {
      complexity: sp.num(r.degrees.complexity),
      codifiability: sp.num(r.degrees.codifiability),
      capability: sp.num(r.degrees.capability),
    }),
  ];
  if (r.tiedWith.length)
    lines.push(sp.t('cli.tied', { others: r.tiedWith.map(sp.governanceName).join(', ') }));
  const table = renderText([
    {
      kind: 'table',
      head: [sp.t('cli.governanceType'), sp.t('cli.membership')],
      rows: GOVERNANCE_OUTCOMES.map((g) => [sp.governanceName(g), sp.pct(r.membership[g])]),
      numeric: [false, true],
    },
  ]);
  return `${lines.join('\n')}\n\n${table}`;
}
