import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import { speaker } from '../../src/i18n/index.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { diagnosisReport } from '../../src/report/diagnosis-report.ts';
import { render } from '../../src/report/render.ts';
import { kb } from '../helpers.ts';

// Names and abbreviations that stay Latin in a Chinese report: authors of cited works, the four business
// models, standard abbreviations, the ids of the seed documents.
const ALLOWED = new Set([
  ...[...kb.sources.values()].flatMap((s) => (s.short ?? '').match(/[A-Za-z][A-Za-z-]+/g) ?? []),
  ...['OEA', 'OEM', 'ODM', 'OBM', 'HHI', 'ISO', 'Table', 'seed', 'Sinos', 'Valley', 'et', 'al'],
]);

const complete = [...kb.cases.values()].filter((c) => c.workspace);

describe('the Chinese report is Chinese apart from proper names and numbers', () => {
  it.each(complete.map((c) => [c.id, c]))('%s', (_id, c) => {
    const ws = loadWorkspace(resolve(dirname(c.file), c.workspace as string), kb).workspace;
    const blocks = diagnosisReport(diagnose(ws, kb), kb, speaker('zh', kb));
    // The reference list at the end cites works in their original language.
    const body = blocks.slice(
      0,
      blocks.findIndex((b) => b.kind === 'heading' && b.text === '参考文献'),
    );
    for (const format of ['text', 'md', 'html'] as const) {
      const text = render(body, format, 'zh')
        .replace(/<style>[\s\S]*?<\/style>/, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&(amp|lt|gt|quot);/g, ' ');
      const latin = (text.match(/[A-Za-z][A-Za-z&-]{2,}/g) ?? []).filter(
        (w) => !ALLOWED.has(w) && !/^seed\d+$/.test(w),
      );
      expect([...new Set(latin)], format).toEqual([]);
    }
  });

  it('the English report carries no Chinese outside quotations of Chinese sources', () => {
    const c = complete[0];
    if (!c) throw new Error('no case');
    const ws = loadWorkspace(resolve(dirname(c.file), c.workspace as string), kb).workspace;
    const text = render(diagnosisReport(diagnose(ws, kb), kb, speaker('en', kb)), 'md', 'en');
    // Chinese may appear only inside a citation (after " — " or in parentheses naming a source).
    const lines = text.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l));
    for (const l of lines) expect(l, l).toMatch(/seed\d{3}|\[seed|“|（|\(/);
  });
});
