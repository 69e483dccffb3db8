import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerSurvey } from '../../src/cli/survey.ts';
import { Instrument, templateColumns } from '../../src/domain/instrument.ts';
import { translator } from '../../src/i18n/index.ts';
import en from '../../src/i18n/locales/en.json' with { type: 'json' };
import zh from '../../src/i18n/locales/zh-CN.json' with { type: 'json' };
import { KNOWLEDGE_DIR } from '../../src/io/knowledge.ts';
import { parsePlsModel } from '../../src/measure/pls/model.ts';
import { kb } from '../helpers.ts';

const inst = kb.instrument;
const items = inst.constructs.flatMap((c) => c.items);
const tmp = mkdtempSync(join(tmpdir(), 'climb-instrument-'));

async function runSurvey(args: string[]): Promise<string> {
  const program = new Command('climb').exitOverride().configureOutput({ writeErr: () => {} });
  const h = translator('en');
  registerSurvey(program, h, () => new Option('--lang <lang>').choices(['en', 'zh']).default('en'));
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => {
    out.push(String(s));
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}

describe('GUM instrument (issue 5 §7)', () => {
  it('validates against the Instrument schema', () => {
    const raw = parse(readFileSync(join(KNOWLEDGE_DIR, 'instrument', 'gum.yaml'), 'utf8'));
    expect(Instrument.safeParse(raw).success).toBe(true);
  });

  it('has every construct of THEORY §3, each with 3–6 items and at most one reverse-coded item', () => {
    const ids = inst.constructs.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ClusterLearning',
        'ClusterInnovation',
        'GvcInsertion',
        'SocialCapital',
        'UpgradingPolicy',
        'LeadingFirms',
        'TechCapabilityUpgrading',
        'InnovationCapabilityUpgrading',
        'OutsideCorrelationUpgrading',
        'SocialCapitalUpgrading',
        'ValueCapture',
      ]),
    );
    const groups = (g: string) => inst.constructs.filter((c) => c.group === g).length;
    expect([groups('basic'), groups('auxiliary'), groups('realisation'), groups('outcome')]).toEqual([
      4, 2, 4, 1,
    ]);
    for (const c of inst.constructs) {
      expect(c.items.length).toBeGreaterThanOrEqual(3);
      expect(c.items.length).toBeLessThanOrEqual(6);
      expect(c.items.filter((i) => i.reverse).length).toBeLessThanOrEqual(1);
    }
    expect([inst.scale.min, inst.scale.max, inst.scale.anchors.length, inst.missingCode]).toEqual([
      1, 7, 7, -99,
    ]);
  });

  it('gives every item non-empty Chinese and English text and a source', () => {
    for (const i of items) {
      expect(i.text.zh.trim(), i.id).not.toBe('');
      expect(i.text.en.trim(), i.id).not.toBe('');
      expect(kb.sources.has(i.source.ref), i.id).toBe(true);
    }
  });

  it('has the firm profile, including the revenue split and the three GHS determinants on 1–5', () => {
    const f = new Map(inst.profile.fields.map((x) => [x.id, x]));
    for (const id of [
      'SIZE',
      'OWNERSHIP',
      'FOUNDED',
      'REV_OEA',
      'REV_OEM',
      'REV_ODM',
      'REV_OBM',
      'EXPORT_SHARE',
      'BUYER_KIND',
      'SEGMENTS',
    ])
      expect(f.has(id), id).toBe(true);
    for (const id of ['GHS_COMPLEXITY', 'GHS_CODIFIABILITY', 'GHS_CAPABILITY']) {
      expect(f.get(id)).toMatchObject({ type: 'rating', min: 1, max: 5, source: { ref: 'ghs2005' } });
    }
  });

  it('rejects a construct with too few items or two reverse-coded items', () => {
    const raw = parse(readFileSync(join(KNOWLEDGE_DIR, 'instrument', 'gum.yaml'), 'utf8'));
    raw.constructs[0].items = raw.constructs[0].items.slice(0, 2);
    expect(Instrument.safeParse(raw).success).toBe(false);
    const raw2 = parse(readFileSync(join(KNOWLEDGE_DIR, 'instrument', 'gum.yaml'), 'utf8'));
    for (const i of raw2.constructs[1].items) i.reverse = true;
    expect(Instrument.safeParse(raw2).success).toBe(false);
  });

  it('bundles a GUM structural model that parses and uses only instrument items', () => {
    const raw = parse(readFileSync(join(KNOWLEDGE_DIR, 'instrument', 'gum-model.yaml'), 'utf8'));
    const r = parsePlsModel(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const known = new Map(inst.constructs.map((c) => [c.id, c.items.map((i) => i.id)]));
    for (const c of r.model.constructs) {
      expect(c.kind).toBe('composite');
      if (c.kind !== 'composite') continue;
      expect(c.mode).toBe('A');
      expect(c.items, c.name).toEqual(known.get(c.name));
    }
    expect(r.model.constructs).toHaveLength(inst.constructs.length);
    const has = (from: string, to: string) => r.model.paths.some((p) => p.from === from && p.to === to);
    for (const aux of ['UpgradingPolicy', 'LeadingFirms'])
      for (const basic of ['ClusterLearning', 'ClusterInnovation', 'GvcInsertion', 'SocialCapital'])
        expect(has(aux, basic), `${aux} → ${basic}`).toBe(true);
    expect(has('ClusterLearning', 'TechCapabilityUpgrading')).toBe(true);
    expect(has('ClusterInnovation', 'InnovationCapabilityUpgrading')).toBe(true);
    expect(has('GvcInsertion', 'OutsideCorrelationUpgrading')).toBe(true);
    expect(has('SocialCapital', 'SocialCapitalUpgrading')).toBe(true);
    for (const w of [
      'TechCapabilityUpgrading',
      'InnovationCapabilityUpgrading',
      'OutsideCorrelationUpgrading',
      'SocialCapitalUpgrading',
    ])
      expect(has(w, 'ValueCapture')).toBe(true);
  });

  it('renders a printable questionnaire in md and html (zh and en) containing every item id', async () => {
    for (const [format, lang] of [
      ['md', 'zh'],
      ['md', 'en'],
      ['html', 'zh'],
      ['html', 'en'],
    ] as const) {
      const out = await runSurvey(['survey', 'instrument', '--format', format, '--lang', lang]);
      for (const i of items) expect(out, `${format}/${lang}: ${i.id}`).toContain(i.id);
      for (const f of inst.profile.fields) expect(out).toContain(f.id);
      expect(out).toContain(lang === 'zh' ? items[0]?.text.zh : items[0]?.text.en);
    }
    const file = join(tmp, 'q.html');
    await runSurvey(['survey', 'instrument', '--format', 'html', '--out', file]);
    expect(readFileSync(file, 'utf8')).toContain('<html');
  });

  it('writes a blank xlsx data template with one column per item and profile field, and its codebook', async () => {
    const file = join(tmp, 'template.xlsx');
    await runSurvey(['survey', 'instrument', '--format', 'xlsx', '--out', file]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const data = wb.getWorksheet('data');
    const book = wb.getWorksheet('codebook');
    if (!data || !book) throw new Error('missing sheet');
    const head = (data.getRow(1).values as unknown[]).slice(1);
    expect(head).toEqual(templateColumns(inst).map((c) => c.column));
    for (const i of items) expect(head).toContain(i.id);
    for (const f of inst.profile.fields)
      expect(
        head.some((h) => h === f.id || String(h).startsWith(`${f.id}_`)),
        f.id,
      ).toBe(true);
    expect(data.rowCount).toBe(1);
    const rows = new Map<string, unknown[]>();
    book.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect((book.getRow(1).values as unknown[]).slice(1)).toEqual([
      'column',
      'construct',
      'group',
      'type',
      'text_zh',
      'text_en',
      'scale_min',
      'scale_max',
      'reverse',
      'values',
      'missing',
    ]);
    expect(rows.size).toBe(head.length);
    for (const c of inst.constructs)
      for (const i of c.items) {
        const r = rows.get(i.id);
        expect(r?.slice(0, 2)).toEqual([i.id, c.id]);
        expect(r?.slice(4, 9)).toEqual([i.text.zh, i.text.en, 1, 7, i.reverse ? 1 : 0]);
        expect(r?.[10]).toBe(-99);
      }
  });

  it('refuses xlsx without --out', async () => {
    await expect(runSurvey(['survey', 'instrument', '--format', 'xlsx'])).rejects.toThrow(/--out/);
  });

  it('has the same survey locale keys in both languages', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`],
      );
    const pick = (o: { survey: object; help: object }) => [
      ...keys(o.survey, 'survey.'),
      ...keys(o.help, 'help.').filter((k) => k.startsWith('help.survey')),
    ];
    expect(pick(zh).sort()).toEqual(pick(en).sort());
    expect(pick(en).length).toBeGreaterThan(10);
  });
});
