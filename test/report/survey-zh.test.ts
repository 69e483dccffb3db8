import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import { speaker } from '../../src/i18n/index.ts';
import { KNOWLEDGE_DIR } from '../../src/io/knowledge.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { workspaceSurvey } from '../../src/measure/survey/evidence.ts';
import { diagnosisReport } from '../../src/report/diagnosis-report.ts';
import { render } from '../../src/report/render.ts';
import { kb } from '../helpers.ts';

describe('survey evidence in the diagnosis report', () => {
  it('the Chinese section is Chinese apart from the file name and abbreviations', async () => {
    const file = resolve(KNOWLEDGE_DIR, 'cases', 'gum-survey-demo.workspace.yaml');
    const ws = loadWorkspace(file, kb).workspace;
    const survey = await workspaceSurvey(ws, file, kb);
    const blocks = diagnosisReport(diagnose(ws, kb, survey ? { survey } : {}), kb, speaker('zh', kb));
    const start = blocks.findIndex((b) => b.kind === 'heading' && b.text.includes('问卷证据'));
    expect(start).toBeGreaterThan(0);
    const end = blocks.findIndex((b, i) => i > start && b.kind === 'heading' && b.level === 2);
    const text = render(blocks.slice(start, end), 'text', 'zh').replace(/\S*synthetic-gum\.csv/g, ' ');
    // Welch is a proper name (Welch's t-test).
    expect((text.match(/[A-Za-z][A-Za-z&-]{2,}/g) ?? []).filter((w) => w !== 'Welch')).toEqual([]);
    expect(text).toContain('俘获型');
  });
});
