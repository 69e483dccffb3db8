import { type Command, Option } from 'commander';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { LocalizedText } from '../domain/common.ts';
import { type Instrument, type ProfileField, templateColumns } from '../domain/instrument.ts';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { writeFileAtomic } from '../io/write-file.ts';
import { analyseSurvey, readSurveyInputs, type SurveyAnalysis } from '../measure/survey/analyze.ts';
import { surveyBlocks, surveyJson, surveyWorkbook } from '../measure/survey/report.ts';
import type { Block, ListItem } from '../report/blocks.ts';
import { render } from '../report/render.ts';
import { parseCount, print } from './common.ts';

export type InstrumentFormat = 'md' | 'html' | 'xlsx';

const pick = (t: LocalizedText, lang: Lang) => (lang === 'zh' ? t.zh : t.en);

function fieldDetails(f: ProfileField, lang: Lang, t: TFunction): string[] {
  const details: string[] = [];
  if (f.options) {
    const mark = f.type === 'multi' ? '☐' : '○';
    details.push(f.options.map((o) => `${mark} ${o.code} ${pick(o.label, lang)}`).join('　'));
  }
  if (f.anchors)
    details.push(
      t('survey.ratingScale', {
        min: f.min,
        max: f.max,
        anchors: f.anchors.map((a) => `${a.value} = ${pick(a.label, lang)}`).join('; '),
      }),
    );
  else if (f.type === 'percent') details.push(t('survey.percentAnswer'));
  else if (f.type === 'integer' || f.type === 'number' || f.type === 'text') details.push('________');
  if (f.hint) details.push(pick(f.hint, lang));
  return details;
}

/** The printable questionnaire as presentation blocks (rendered as Markdown or HTML). */
export function instrumentBlocks(inst: Instrument, lang: Lang): Block[] {
  const t = translator(lang);
  const blocks: Block[] = [
    { kind: 'title', text: pick(inst.title, lang), subtitle: t('survey.subtitle', { id: inst.id }) },
    { kind: 'paragraph', text: pick(inst.intro, lang) },
    { kind: 'heading', level: 2, text: t('survey.partProfile', { title: pick(inst.profile.title, lang) }) },
  ];
  const fields: ListItem[] = inst.profile.fields.map((f) => ({
    text: `${f.id}. ${pick(f.label, lang)}`,
    details: fieldDetails(f, lang, t),
  }));
  blocks.push({ kind: 'list', items: fields });
  blocks.push(
    { kind: 'heading', level: 2, text: t('survey.partItems') },
    {
      kind: 'paragraph',
      text: t('survey.scaleIntro', {
        anchors: inst.scale.anchors
          .map((a) => `${a.value} = ${pick(a.label, lang)}`)
          .join(lang === 'zh' ? '；' : '; '),
      }),
    },
  );
  const points = Array.from({ length: inst.scale.max - inst.scale.min + 1 }, (_, i) =>
    String(inst.scale.min + i),
  );
  inst.constructs.forEach((c, i) => {
    blocks.push({
      kind: 'heading',
      level: 3,
      text: t('survey.section', { n: i + 1, name: pick(c.name, lang) }),
    });
    blocks.push({
      kind: 'table',
      head: [t('survey.itemId'), t('survey.statement'), ...points],
      rows: c.items.map((item) => [item.id, pick(item.text, lang), ...points.map(() => '☐')]),
    });
  });
  blocks.push({ kind: 'paragraph', text: t('survey.thanks') });
  return blocks;
}

const CODEBOOK_HEAD = [
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
];

/** The blank data template: sheet "data" (one column per profile field and item) and sheet "codebook". */
export function instrumentWorkbook(inst: Instrument): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Climb';
  const data = wb.addWorksheet('data');
  const book = wb.addWorksheet('codebook');
  const cols = templateColumns(inst);
  data.addRow(cols.map((c) => c.column));
  data.getRow(1).font = { bold: true };
  data.views = [{ state: 'frozen', ySplit: 1 }];
  book.addRow(CODEBOOK_HEAD);
  book.getRow(1).font = { bold: true };
  for (const c of cols) {
    if (c.item && c.construct) {
      book.addRow([
        c.column,
        c.construct.id,
        c.construct.group,
        'likert',
        c.item.text.zh,
        c.item.text.en,
        inst.scale.min,
        inst.scale.max,
        c.item.reverse ? 1 : 0,
        inst.scale.anchors.map((a) => `${a.value}=${a.label.en}`).join('; '),
        inst.missingCode,
      ]);
    } else if (c.field) {
      const f = c.field;
      const multi = f.type === 'multi' && c.option;
      book.addRow([
        c.column,
        'profile',
        'profile',
        multi ? 'binary' : f.type,
        multi ? `${f.label.zh}：${c.option?.label.zh}` : f.label.zh,
        multi ? `${f.label.en}: ${c.option?.label.en}` : f.label.en,
        multi ? 0 : (f.min ?? f.options?.[0]?.code ?? null),
        multi ? 1 : (f.max ?? f.options?.at(-1)?.code ?? null),
        0,
        multi
          ? '0=no; 1=yes'
          : (f.options?.map((o) => `${o.code}=${o.value}`).join('; ') ??
            f.anchors?.map((a) => `${a.value}=${a.label.en}`).join('; ') ??
            ''),
        inst.missingCode,
      ]);
    } else {
      book.addRow([c.column, 'id', 'id', 'text', '企业编号', 'Firm id', null, null, 0, '', '']);
    }
  }
  for (const [i, w] of [12, 30, 12, 10, 50, 60, 10, 10, 8, 40, 8].entries()) book.getColumn(i + 1).width = w;
  return wb;
}

export interface InstrumentOptions {
  lang: Lang;
  format: InstrumentFormat;
  out?: string;
}

/** `climb survey instrument`: the questionnaire (md/html) or the data template (xlsx, written to --out). */
export async function surveyInstrument(
  o: InstrumentOptions,
  inst = bundledKnowledge().instrument,
): Promise<string> {
  const t = translator(o.lang);
  if (o.format === 'xlsx') {
    if (!o.out) throw new Error('xlsx needs --out');
    await instrumentWorkbook(inst).xlsx.writeFile(o.out);
    return t('survey.wroteTemplate', { file: o.out, columns: templateColumns(inst).length });
  }
  const text = render(instrumentBlocks(inst, o.lang), o.format, o.lang);
  if (!o.out) return text;
  writeFileAtomic(o.out, text);
  return t('survey.wrote', { file: o.out });
}

export interface AnalyzeCliOptions {
  data: string;
  model?: string;
  codebook?: string;
  sheet?: string;
  group: string;
  resamples: number;
  seed: number;
  workers: number;
  format: 'text' | 'md' | 'html' | 'json';
  lang: Lang;
  export?: string;
}

/** `climb survey analyze`: reads, screens and analyses a filled questionnaire; returns the report. */
export async function surveyAnalyze(
  o: AnalyzeCliOptions,
  kb = bundledKnowledge(),
): Promise<{ analysis: SurveyAnalysis; output: string }> {
  const inputs = await readSurveyInputs(o, kb);
  const analysis = await analyseSurvey(inputs, kb, {
    group: o.group,
    resamples: o.resamples,
    seed: o.seed,
    workers: o.workers,
  });
  let output =
    o.format === 'json'
      ? JSON.stringify(surveyJson(analysis), null, 2)
      : render(surveyBlocks(analysis, kb, o.lang), o.format, o.lang);
  if (o.export) {
    await surveyWorkbook(analysis, kb, o.lang).xlsx.writeFile(o.export);
    if (o.format !== 'json') output += `\n${translator(o.lang)('survey2.wroteExport', { file: o.export })}`;
  }
  return { analysis, output };
}

export function registerSurvey(program: Command, h: TFunction, langOption: () => Option): void {
  const survey = program.command('survey').description(h('help.survey'));
  survey
    .command('instrument')
    .description(h('help.surveyInstrument'))
    .addOption(
      new Option('--format <format>', h('help.surveyFormat')).choices(['md', 'html', 'xlsx']).default('md'),
    )
    .option('--out <file>', h('help.surveyOut'))
    .addOption(langOption())
    .action(async function (this: Command, opts: InstrumentOptions) {
      if (opts.format === 'xlsx' && !opts.out) this.error(h('survey.xlsxNeedsOut'), { exitCode: 2 });
      const s = await surveyInstrument(opts);
      print(s);
    });
  survey
    .command('analyze')
    .alias('analyse')
    .description(h('survey2.help.analyze'))
    .requiredOption('--data <file>', h('survey2.help.data'))
    .option('--model <yaml>', h('survey2.help.model'))
    .option('--codebook <yaml>', h('survey2.help.codebook'))
    .option('--sheet <name>', h('survey2.help.sheet'))
    .option('--group <group>', h('survey2.help.group'), 'governance')
    .option('--resamples <n>', h('survey2.help.resamples'), parseCount(2), 1000)
    .option('--seed <n>', h('survey2.help.seed'), parseCount(0), 42)
    .option('--workers <n>', h('survey2.help.workers'), parseCount(1), 1)
    .addOption(
      new Option('--format <format>', h('survey2.help.format'))
        .choices(['text', 'md', 'html', 'json'])
        .default('text'),
    )
    .option('--export <file.xlsx>', h('survey2.help.export'))
    .addOption(langOption())
    .action(async (opts: AnalyzeCliOptions) => {
      const { output } = await surveyAnalyze(opts);
      print(output);
    });
}
