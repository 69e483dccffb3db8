/**
 * The README walkthrough (issue 5 items 8–9): blank template → filled data (the bundled synthetic CSV has
 * the template's columns) → `climb survey analyze` → a workspace referencing the survey → `climb diagnose`
 * with the GUM profile as evidence.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DiagnosisJson } from '../../src/domain/diagnosis-json.ts';
import { KNOWLEDGE_DIR } from '../../src/io/knowledge.ts';
import { readSurveyFile } from '../../src/io/survey.ts';
import { workspaceGumProfile } from '../../src/measure/survey/profile.ts';
import { climb } from '../helpers.ts';

const CSV = join(KNOWLEDGE_DIR, 'surveys', 'synthetic-gum.csv');
const WORKSPACE = join(KNOWLEDGE_DIR, 'cases', 'gum-survey-demo.workspace.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'climb-walkthrough-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONSTRUCTS = [
  'UpgradingPolicy',
  'LeadingFirms',
  'SocialCapital',
  'GvcInsertion',
  'ClusterLearning',
  'ClusterInnovation',
  'TechCapabilityUpgrading',
  'InnovationCapabilityUpgrading',
  'OutsideCorrelationUpgrading',
  'SocialCapitalUpgrading',
  'ValueCapture',
];

describe('README walkthrough', () => {
  it('1. the blank template has the columns of the filled example (synthetic CSV)', async () => {
    const template = join(tmp, 'template.xlsx');
    const r = await climb('survey', 'instrument', '--format', 'xlsx', '--out', template, '--lang', 'en');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    const sheet = wb.getWorksheet('data');
    if (!sheet) throw new Error('no data sheet');
    const head = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(head).toEqual((await readSurveyFile(CSV)).header);
  });

  it('2. climb survey analyze reports quality, profile, governance and the comparisons', async () => {
    const xlsx = join(tmp, 'analysis.xlsx');
    const r = await climb(
      'survey',
      'analyze',
      '--data',
      CSV,
      '--resamples',
      '50',
      '--format',
      'json',
      '--export',
      xlsx,
      '--lang',
      'en',
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.data).toMatchObject({ rows: 300, used: 296 });
    expect(j.data.excluded.map((e: { reason: string }) => e.reason).sort()).toEqual([
      'out-of-range',
      'out-of-range',
      'straight-lining',
      'straight-lining',
    ]);
    expect(Object.keys(j.profile.factors)).toEqual(CONSTRUCTS);
    expect(j.measurement.constructs.every((c: { pass: boolean }) => c.pass)).toBe(true);
    expect(j.measurement.htmt.every((h: { pass: boolean }) => h.pass)).toBe(true);
    expect(j.governance.classified).toBe(295);
    const ocu = j.humphreySchmitz.comparisons.find(
      (c: { construct: string }) => c.construct === 'OutsideCorrelationUpgrading',
    );
    expect(ocu.difference).toBeLessThan(0);
    expect(ocu.pWelch).toBeLessThan(0.01);
    expect(j.mga.status).toBe('done');
    expect(j.mga.result.groups.map((g: { name: string }) => g.name)).toEqual(['captive', 'non-captive']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['excluded', 'measurement', 'profile', 'governance', 'humphrey-schmitz']),
    );
  }, 120_000);

  it('2b. the text report in Chinese, grouped by a profile column', async () => {
    const r = await climb(
      'survey',
      'analyze',
      '--data',
      CSV,
      '--resamples',
      '20',
      '--group',
      'SIZE',
      '--format',
      'md',
      '--lang',
      'zh',
    );
    expect(r.code, r.err).toBe(0);
    for (const s of ['数据质量', '测量质量', '集群的 GUM 要素画像', '俘获型', '直线作答', 'small'])
      expect(r.out).toContain(s);
  }, 120_000);

  it('2c. an unknown grouping column is bad input', async () => {
    const r = await climb('survey', 'analyze', '--data', CSV, '--resamples', '2', '--group', 'NOPE');
    expect(r.code).toBe(1);
    expect(r.err).toContain('NOPE');
  }, 60_000);

  it('3. a workspace referencing the survey: climb diagnose shows the GUM profile, 0 warnings', async () => {
    const r = await climb('diagnose', 'gum-survey-demo', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(DiagnosisJson.safeParse(j).success).toBe(true);
    expect(j.warnings).toEqual([]);
    expect(j.survey.n).toBe(296);
    expect(Object.keys(j.survey.factors)).toEqual(CONSTRUCTS);
    expect(j.facts['survey.n']).toBe(296);
    expect(j.facts['survey.factor.SocialCapital']).toBeLessThan(0.45);
    expect(j.facts['survey.hsGap']).toBeLessThan(0);
    const ids = j.recommendations.map((x: { id: string }) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'survey.social-capital.trust',
        'survey.learning.absorptive-capacity',
        'survey.captive.functional-upgrading',
      ]),
    );
    const text = await climb('diagnose', 'gum-survey-demo', '--lang', 'zh');
    expect(text.out).toContain('问卷证据');
    expect(text.out).toContain('社会资本');
  }, 60_000);

  it('3b. a user workspace with a survey path relative to it', async () => {
    const ws = join(tmp, 'my-cluster.yaml');
    const text = (await import('node:fs')).readFileSync(WORKSPACE, 'utf8');
    writeFileSync(
      ws,
      text
        .replace('data: ../surveys/synthetic-gum.csv', `data: ${JSON.stringify(CSV)}`)
        .replace(/\n {2}codebook: [^\n]+/, ''),
    );
    const r = await climb('diagnose', ws, '--format', 'md', '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Survey evidence');
    const p = await workspaceGumProfile(ws);
    expect(p?.n).toBe(296);
    expect(Object.keys(p?.factors ?? {})).toEqual(CONSTRUCTS);
    expect(p?.factors.GvcInsertion?.scaled).toBeGreaterThan(0.6);
    const none = await workspaceGumProfile(
      join(import.meta.dirname, '..', 'fixtures', 'minimal.workspace.yaml'),
    );
    expect(none).toBeNull();
  }, 60_000);
});
