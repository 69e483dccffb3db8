import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Lang } from '../domain/vocabulary.ts';
import { speaker } from '../i18n/index.ts';
import { InputError } from '../io/problems.ts';
import { renderText } from '../report/render.ts';

/** `climb cases list`. JSON: an array of objects with at least `id`. */
export function caseList(kb: Knowledge, format: 'text' | 'json', lang: Lang): string {
  const cases = [...kb.cases.values()].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json')
    return JSON.stringify(
      cases.map((c) => ({
        id: c.id,
        name: c.name,
        region: c.region,
        country: c.country,
        industry: c.industry,
        clusterType: c.clusterType ?? null,
        themes: c.themes,
        facts: c.facts.length,
        workspace: c.workspace !== undefined,
      })),
      null,
      2,
    );
  const sp = speaker(lang, kb);
  return renderText([
    {
      kind: 'table',
      head: [sp.t('cli.caseId'), sp.t('cli.caseName'), sp.t('cli.caseRegion'), sp.t('cli.caseWorkspace')],
      rows: cases.map((c) => [
        c.id,
        sp.text(c.name),
        sp.text(c.region),
        c.workspace ? sp.t('cli.yes') : sp.t('cli.no'),
      ]),
    },
  ]);
}

/** `climb cases show <id>`. */
export function caseReport(kb: Knowledge, id: string, format: 'text' | 'json', lang: Lang): string {
  const c = kb.cases.get(id);
  if (!c) {
    const ids = [...kb.cases.keys()].sort().join(', ');
    const both = (key: string) => ({
      zh: speaker('zh', kb).t(key, { id, ids }),
      en: speaker('en', kb).t(key, { id, ids }),
    });
    throw new InputError([
      { file: id, path: '', message: both('cli.unknownCase'), fix: both('cli.unknownCaseFix') },
    ]);
  }
  const { file: _file, ...record } = c;
  if (format === 'json') return JSON.stringify(record, null, 2);
  const sp = speaker(lang, kb);
  return renderText([
    { kind: 'title', text: sp.text(c.name), subtitle: `${sp.text(c.region)} · ${sp.text(c.industry)}` },
    { kind: 'heading', level: 2, text: sp.t('cli.summary') },
    { kind: 'paragraph', text: sp.text(c.summary) },
    ...(c.themes.length
      ? [{ kind: 'paragraph' as const, text: `${sp.t('cli.themes')}: ${c.themes.join(', ')}` }]
      : []),
    { kind: 'heading', level: 2, text: sp.t('cli.facts') },
    {
      kind: 'list',
      items: c.facts.map((f) => ({
        text: sp.text(f.statement),
        details: [`${sp.t('report.source')}: ${sp.cite(f.source)}`],
      })),
    },
  ]);
}
