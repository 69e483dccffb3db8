import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import { runFacts } from '../abm/facts.ts';
import { runCharts } from '../abm/report/charts.ts';
import { runCluster, runCsv, runJson } from '../abm/run.ts';
import { workspaceNetworkTemplate, workspaceSegments, workspaceTemplates } from '../abm/workspace.ts';
import {
  GOVERNANCE_TYPES,
  type GovernanceType,
  type Lang,
  POLICY_LEVERS,
  type PolicyLever,
} from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { loadWorkspace } from '../io/load-workspace.ts';
import { registerAbmExperiments } from './abm-experiment.ts';
import { resolveWorkspace } from './main.ts';

function print(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`--${name} needs a whole number ≥ ${min}`);
  return n;
};
const share = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('use a share between 0 and 1');
  return n;
};
const policy = (v: string, acc: Partial<Record<PolicyLever, number>> = {}) => {
  const [lever, x] = v.split('=');
  if (!lever || !(POLICY_LEVERS as readonly string[]).includes(lever))
    throw new InvalidArgumentError(`unknown lever "${lever}"; use one of ${POLICY_LEVERS.join(', ')}`);
  const n = x === undefined ? 1 : Number(x);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('lever intensity must be 0–1');
  return { ...acc, [lever]: n };
};

interface RunOpts {
  firms: number;
  steps: number;
  governance?: GovernanceType;
  coevolve?: boolean;
  domesticShare?: number;
  policy?: Partial<Record<PolicyLever, number>>;
  seed: number;
  format: 'json' | 'csv';
  /** Folder for the run's SVG charts. */
  charts?: string;
  lang?: Lang;
}

/** `climb abm run` as a function (tests and other commands call it). */
export function abmRun(workspace: string | undefined, o: RunOpts): string {
  const kb = bundledKnowledge();
  let templates: ReturnType<typeof workspaceTemplates> | undefined;
  let segments: ReturnType<typeof workspaceSegments>;
  let network: ReturnType<typeof workspaceNetworkTemplate>;
  let wsId: string | undefined;
  if (workspace) {
    const file = resolveWorkspace(workspace, kb);
    const { workspace: ws } = loadWorkspace(file, kb);
    templates = workspaceTemplates(ws, kb);
    segments = workspaceSegments(ws, kb);
    network = workspaceNetworkTemplate(ws, file);
    wsId = ws.id;
  }
  const run = runCluster({
    firms: o.firms,
    steps: o.steps,
    seed: o.seed,
    kb,
    ...(o.governance ? { governance: o.governance } : {}),
    ...(o.coevolve ? { coevolve: true } : {}),
    ...(o.domesticShare !== undefined ? { domesticShare: o.domesticShare } : {}),
    ...(o.policy ? { policy: o.policy } : {}),
    ...(templates ? { templates } : {}),
    ...(segments ? { segments } : {}),
    ...(network ? { network } : {}),
  });
  if (o.charts && run.series) {
    const lang = o.lang ?? 'en';
    const charts = runCharts(run.series, run.steps, lang, wsId ?? '');
    mkdirSync(o.charts, { recursive: true });
    for (const ch of charts) writeFileSync(join(o.charts, `${ch.id}.svg`), `${ch.svg}\n`);
    process.stderr.write(
      `${translator(lang)('abmx.cli.chartsWritten', { count: charts.length, dir: o.charts })}\n`,
    );
  }
  if (o.format === 'csv') return runCsv(run);
  return JSON.stringify(
    runJson(run, {
      ...(wsId
        ? {
            workspace: {
              id: wsId,
              templates: templates?.length ?? 0,
              scaling: 'equal-clones',
              ...(network
                ? {
                    network: {
                      firms: network.ids.length,
                      ties: network.partners.length / 2,
                      gatekeepers: network.ext.reduce((s, x) => s + x, 0),
                    },
                  }
                : {}),
            },
          }
        : {}),
    }),
    null,
    2,
  );
}

export function abmFacts(o: {
  seeds: number;
  firms: number;
  steps: number;
  format: 'json' | 'text';
  lang: Lang;
}): string {
  const facts = runFacts({ seeds: o.seeds, firms: o.firms, steps: o.steps });
  const passed = facts.filter((f) => f.pass).length;
  if (o.format === 'json')
    return JSON.stringify(
      { seeds: o.seeds, firms: o.firms, steps: o.steps, passed, total: facts.length, facts },
      null,
      2,
    );
  const t = translator(o.lang);
  const lines = [t('abm.facts.title', { seeds: o.seeds, firms: o.firms, steps: o.steps }), ''];
  for (const f of facts) {
    const verdict = !f.implemented
      ? t('abm.facts.notImplemented')
      : f.pass
        ? t('abm.facts.pass')
        : t('abm.facts.fail');
    lines.push(`${f.id}. ${t(`abm.fact.${f.key}`)} — ${verdict}`);
    if (f.implemented)
      lines.push(
        `   ${t('abm.facts.value')}: ${f.mean.toFixed(4)}  95% CI [${f.ci[0].toFixed(4)}, ${f.ci[1].toFixed(4)}]`,
        `   ${f.signature}`,
        ...f.checks.map(
          (c) =>
            `   + ${c.name}: ${c.mean.toFixed(4)}  95% CI [${c.ci[0].toFixed(4)}, ${c.ci[1].toFixed(4)}] ${c.pass ? t('abm.facts.pass') : t('abm.facts.fail')}`,
        ),
      );
  }
  lines.push('', t('abm.facts.summary', { passed, total: facts.length }));
  return lines.join('\n');
}

export function registerAbm(program: Command, h: TFunction, langOption: () => Option): void {
  const abm = program.command('abm').description(h('abm.help.abm'));
  registerAbmExperiments(abm, h, langOption);
  abm
    .command('run')
    .description(h('abm.help.run'))
    .argument('[workspace]', h('abm.help.workspace'))
    .option('--firms <n>', h('abm.help.firms'), int('firms', 3), 1000)
    .option('--steps <n>', h('abm.help.steps'), int('steps', 0), 100)
    .addOption(new Option('--governance <type>', h('abm.help.governance')).choices([...GOVERNANCE_TYPES]))
    .option('--coevolve', h('abm.help.coevolve'))
    .option('--domestic-share <x>', h('abm.help.domesticShare'), share)
    .option('--policy <lever=intensity...>', h('abm.help.policy'), policy)
    .option('--seed <s>', h('abm.help.seed'), int('seed', 0), 1)
    .addOption(new Option('--format <format>', h('abm.help.format')).choices(['json', 'csv']).default('json'))
    .option('--charts <dir>', h('abm.help.charts'))
    .addOption(langOption())
    .action((ws: string | undefined, o: RunOpts) => {
      print(abmRun(ws, o));
    });
  abm
    .command('facts')
    .description(h('abm.help.facts'))
    .option('--seeds <n>', h('abm.help.seeds'), int('seeds', 2), 20)
    .option('--firms <n>', h('abm.help.firms'), int('firms', 20), 500)
    .option('--steps <n>', h('abm.help.steps'), int('steps', 4), 100)
    .addOption(
      new Option('--format <format>', h('abm.help.format')).choices(['json', 'text']).default('text'),
    )
    .addOption(langOption())
    .action((o: { seeds: number; firms: number; steps: number; format: 'json' | 'text'; lang: Lang }) => {
      print(abmFacts(o));
    });
}
