import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { compareGovernance, defaultCompareWorkers } from '../abm/report/compare.ts';
import { diagnose } from '../diagnose/diagnose.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_TYPES, type GovernanceType, LANGS, type Lang } from '../domain/vocabulary.ts';
import type { Determinant } from '../domain/workspace.ts';
import { speaker, translator } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { loadWorkspace } from '../io/load-workspace.ts';
import { InputError, location } from '../io/problems.ts';
import { workspaceNetwork } from '../io/workspace-network.ts';
import { workspaceSurvey } from '../measure/survey/evidence.ts';
import { diagnosisJson } from '../report/diagnosis-json.ts';
import { diagnosisReport } from '../report/diagnosis-report.ts';
import { render } from '../report/render.ts';
import { registerAbm } from './abm.ts';
import { caseList, caseReport } from './cases.ts';
import { print } from './common.ts';
import { type GovernanceOptions, governanceCommand } from './governance.ts';
import {
  type NetworkSourceOptions,
  networkDraw,
  networkMetrics,
  readNetwork,
  SIZE_METRICS,
  type SizeMetric,
} from './network.ts';
import { registerPls } from './pls.ts';
import { registerSd } from './sd.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerSimulate } from './simulate.ts';
import { registerSurvey } from './survey.ts';

/** Exit codes: 0 success, 1 bad input (data), 2 bad usage (command line). */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

function defaultLang(): Lang {
  return /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en';
}

/** Finds a workspace: a path, or the id of a bundled case with a complete workspace. */
export function resolveWorkspace(arg: string, kb: Knowledge): string {
  if (existsSync(arg)) return arg;
  const c = kb.cases.get(arg);
  if (c?.workspace) return resolve(dirname(c.file), c.workspace);
  const ids = [...kb.cases.values()]
    .filter((x) => x.workspace)
    .map((x) => x.id)
    .join(', ');
  const both = (key: string) => ({
    zh: speaker('zh', kb).t(key, { id: arg, ids }),
    en: speaker('en', kb).t(key, { id: arg, ids }),
  });
  throw new InputError([
    {
      file: arg,
      path: '',
      message: both(c ? 'cli.caseNoWorkspace' : 'cli.unknownCase'),
      fix: both(c ? 'cli.caseNoWorkspaceFix' : 'cli.unknownCaseFix'),
    },
  ]);
}

export function buildProgram(lang: Lang = defaultLang()): Command {
  const h = translator(lang);
  const titles: Record<string, string> = {
    'Usage:': h('help.titles.usage'),
    'Options:': h('help.titles.options'),
    'Commands:': h('help.titles.commands'),
    'Arguments:': h('help.titles.arguments'),
    'Global Options:': h('help.titles.globalOptions'),
  };
  const sep = lang === 'zh' ? '；' : '; ';
  const langOption = () => new Option('--lang <lang>', h('help.lang')).choices(LANGS).default(defaultLang());
  const program = new Command('climb')
    .description(h('help.program'))
    .version('0.1.0', '-V, --version', h('help.version'))
    .helpOption('-h, --help', h('help.helpOption'))
    .helpCommand('help [command]', h('help.helpCommand'))
    .configureHelp({
      styleTitle: (title) => titles[title] ?? title,
      optionDescription: (o) => {
        const extra = [
          ...(o.argChoices ? [`${h('help.choices')}: ${o.argChoices.join(', ')}`] : []),
          ...(o.defaultValue !== undefined && !o.isBoolean()
            ? [`${h('help.default')}: ${String(o.defaultValue)}`]
            : []),
        ];
        return extra.length ? `${o.description} (${extra.join(sep)})` : o.description;
      },
    })
    .configureOutput({
      outputError: (str, write) => write(str.replace(/^error:/, `${h('help.usageError')}:`)),
    })
    .showHelpAfterError()
    .exitOverride();

  /** A whole number ≥ min for --name (a usage error otherwise). */
  const wholeNumber = (name: string, min: number) => (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(h('abmdiag.errors.badInteger', { name, min, value: v }));
    return n;
  };
  /** The governance types of --abm-compare: known, distinct (repeats dropped), at least two. */
  const governanceList = (v: string): GovernanceType[] => {
    const allowed = GOVERNANCE_TYPES.join(', ');
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const g of list)
      if (!(GOVERNANCE_TYPES as readonly string[]).includes(g))
        throw new InvalidArgumentError(h('abmdiag.errors.badCompare', { value: g, allowed }));
    const types = [...new Set(list)] as GovernanceType[];
    if (types.length < 2) throw new InvalidArgumentError(h('abmdiag.errors.needTwo', { value: v, allowed }));
    return types;
  };
  /**
   * Default threads for --abm: starting a worker costs about a second (more when the worker is bundled
   * from TypeScript), which the default run (20 runs of 500 firms × 100 steps, under a second in this
   * thread) never earns back; larger runs get one worker per run, at most one per core.
   */
  interface DiagnoseCliOptions {
    format: 'text' | 'json' | 'md' | 'html';
    lang: Lang;
    weight: 'sales' | 'exports';
    abm?: boolean;
    abmFirms: number;
    abmSteps: number;
    abmSeeds: number;
    abmCompare: GovernanceType[];
    workers?: number;
  }
  program
    .command('diagnose')
    .description(h('help.diagnose'))
    .argument('<workspace>', h('help.workspaceArg'))
    .addOption(
      new Option('--format <format>', h('help.format'))
        .choices(['text', 'json', 'md', 'html'])
        .default('text'),
    )
    .addOption(langOption())
    .addOption(
      new Option('--weight <basis>', h('help.weight')).choices(['sales', 'exports']).default('sales'),
    )
    .option('--abm', h('help.abm'))
    .option('--abm-firms <n>', h('help.abmFirms'), wholeNumber('abm-firms', 3), 500)
    .option('--abm-steps <n>', h('help.abmSteps'), wholeNumber('abm-steps', 1), 100)
    .option('--abm-seeds <n>', h('help.abmSeeds'), wholeNumber('abm-seeds', 2), 10)
    .option('--abm-compare <types>', h('help.abmCompare'), governanceList, [
      'captive',
      'market',
    ] as GovernanceType[])
    .option('--workers <n>', h('help.abmWorkers'), wholeNumber('workers', 1))
    .action(async (arg: string, opts: DiagnoseCliOptions) => {
      const kb = bundledKnowledge();
      const file = resolveWorkspace(arg, kb);
      const { workspace } = loadWorkspace(file, kb);
      const network = workspaceNetwork(workspace, file);
      const survey = await workspaceSurvey(workspace, file, kb);
      const abm = opts.abm
        ? await compareGovernance({
            governances: opts.abmCompare,
            workspace: file,
            firms: opts.abmFirms,
            steps: opts.abmSteps,
            seeds: opts.abmSeeds,
            workers:
              opts.workers ??
              defaultCompareWorkers(opts.abmCompare.length * opts.abmSeeds, opts.abmFirms, opts.abmSteps),
            kb,
          })
        : undefined;
      const d = diagnose(workspace, kb, {
        weighting: opts.weight,
        ...(network ? { network } : {}),
        ...(survey ? { survey } : {}),
        ...(abm ? { abm } : {}),
      });
      if (opts.format === 'json') print(JSON.stringify(diagnosisJson(d, kb), null, 2));
      else print(render(diagnosisReport(d, kb, speaker(opts.lang, kb)), opts.format, opts.lang));
    });

  program
    .command('validate')
    .description(h('help.validate'))
    .argument('<workspace>', h('help.workspaceArg'))
    .addOption(langOption())
    .action((arg: string, opts: { lang: Lang }) => {
      const kb = bundledKnowledge();
      const file = resolveWorkspace(arg, kb);
      const { workspace } = loadWorkspace(file, kb);
      print(
        speaker(opts.lang, kb).t('cli.valid', {
          file,
          firms: workspace.firms.length,
          years: workspace.indicators.length,
          chains: workspace.chains.length,
        }),
      );
    });

  const cases = program.command('cases').description(h('help.cases'));
  cases
    .command('list')
    .description(h('help.casesList'))
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action((opts: { format: 'text' | 'json'; lang: Lang }) => {
      print(caseList(bundledKnowledge(), opts.format, opts.lang));
    });
  cases
    .command('show')
    .description(h('help.casesShow'))
    .argument('<id>', h('help.caseIdArg'))
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action((id: string, opts: { format: 'text' | 'json'; lang: Lang }) => {
      print(caseReport(bundledKnowledge(), id, opts.format, opts.lang));
    });

  const determinant =
    (name: string) =>
    (v: string): Determinant => {
      const s = v.trim().toLowerCase();
      if (s === 'high' || s === 'low') return s;
      const n = Number(s);
      if (s === '' || !Number.isFinite(n))
        throw new InvalidArgumentError(`use high, low or a number (got "${v}") for --${name}`);
      return n;
    };
  program
    .command('governance')
    .description(h('help.governance'))
    .requiredOption('--complexity <v>', h('help.complexity'), determinant('complexity'))
    .requiredOption('--codifiability <v>', h('help.codifiability'), determinant('codifiability'))
    .requiredOption('--capability <v>', h('help.capability'), determinant('capability'))
    .addOption(new Option('--scale <n>', h('help.scale')).choices(['5', '7']).default('5'))
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action((opts: GovernanceOptions) => {
      print(governanceCommand(bundledKnowledge(), opts));
    });
  const network = program.command('network').description(h('help.network'));
  const sourceOptions = (c: Command) =>
    c
      .option('--nodes <csv>', h('help.nodes'))
      .option('--edges <csv>', h('help.edges'))
      .option('--workspace <path>', h('help.workspaceOpt'))
      .option('--directed', h('help.directed'))
      .option('--weight <column>', h('help.weightCol'))
      .option('--types <list>', h('help.types'), (v: string) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      );
  type SourceOpts = NetworkSourceOptions;
  const loadWs = (p: string) => {
    const kb = bundledKnowledge();
    return loadWorkspace(resolveWorkspace(p, kb), kb).workspace;
  };
  sourceOptions(network.command('metrics').description(h('help.networkMetrics')))
    .addOption(new Option('--format <format>', h('help.format')).choices(['json', 'csv']).default('json'))
    .addOption(
      new Option('--path-weights <mode>', h('help.pathWeights'))
        .choices(['none', 'inverse', 'distance'])
        .default('none'),
    )
    .action((opts: SourceOpts & { format: 'json' | 'csv'; pathWeights: 'none' | 'inverse' | 'distance' }) => {
      const kb = bundledKnowledge();
      print(networkMetrics(readNetwork(opts, kb, loadWs), opts.format, opts.pathWeights));
    });
  sourceOptions(network.command('draw').description(h('help.networkDraw')))
    .requiredOption('--out <file>', h('help.out'))
    .addOption(new Option('--size <metric>', h('help.sizeBy')).choices([...SIZE_METRICS]).default('pagerank'))
    .addOption(langOption())
    .action((opts: SourceOpts & { out: string; size: SizeMetric; lang: Lang }) => {
      const kb = bundledKnowledge();
      print(networkDraw(readNetwork(opts, kb, loadWs), opts.out, opts.size, opts.lang, kb));
    });
  registerPls(program, h, langOption);
  registerAbm(program, h, langOption);
  registerSimulate(program, h, langOption);
  registerSd(program, h, langOption);
  registerSensitivity(program, h, langOption);
  registerSurvey(program, h, langOption);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[]): Promise<number> {
  const lang = langFromArgv(argv);
  const program = buildProgram(lang);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.ok;
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      const zh = lang === 'zh';
      process.stderr.write(
        `${zh ? `输入中发现 ${err.problems.length} 个问题：` : `${err.problems.length} problem(s) found in the input:`}\n`,
      );
      for (const p of err.problems) {
        process.stderr.write(
          `${zh ? '错误' : 'Error'}: ${location(p)}: ${zh ? p.message.zh : p.message.en}\n`,
        );
        if (p.fix) process.stderr.write(`  ${zh ? '修改方法' : 'How to fix'}: ${zh ? p.fix.zh : p.fix.en}\n`);
      }
      return EXIT.input;
    }
    process.stderr.write(`Internal error (please report): ${(err as Error)?.stack ?? String(err)}\n`);
    return 3;
  }
}

function langFromArgv(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  return v === 'zh' || v === 'en' ? v : defaultLang();
}
