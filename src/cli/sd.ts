import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { InputError } from '../io/problems.ts';
import { closest } from '../io/schema-problems.ts';
import { compileSdModel, loadSdModel, type SdMethod, type SdRunOptions } from '../sd/index.ts';
import { sdText } from '../sd/messages.ts';

export interface SdRunCliOptions {
  method?: SdMethod;
  dt?: number;
  stop?: number;
  saveEvery?: number;
  vars?: string[];
  format: 'csv' | 'json';
  lang: Lang;
}

function positive(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`"${v}" is not a positive number`);
  return n;
}

function finite(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${v}" is not a number`);
  return n;
}

/** `climb sd run`: loads, compiles and runs a model; returns the time series as CSV or JSON. */
export function sdRun(file: string, o: SdRunCliOptions): string {
  const compiled = compileSdModel(loadSdModel(file));
  const opts: SdRunOptions = {
    ...(o.method ? { method: o.method } : {}),
    ...(o.dt !== undefined ? { dt: o.dt } : {}),
    ...(o.stop !== undefined ? { stop: o.stop } : {}),
    ...(o.saveEvery !== undefined ? { saveEvery: o.saveEvery } : {}),
  };
  const extra = o.vars ?? [];
  const unknown = extra.filter((v) => compiled.variableIndex(v) < 0);
  if (unknown.length)
    throw new InputError(
      unknown.map((name) => {
        const near = closest(name, compiled.variableNames);
        return {
          file: '--vars',
          path: name,
          message: sdText('cli.unknownVar', { name, names: compiled.variableNames.join(', ') }),
          ...(near ? { fix: sdText('names.didYouMean', { near }) } : {}),
        };
      }),
    );
  const columns = [...compiled.stockNames, ...extra.filter((v) => !compiled.stockNames.includes(v))];
  const vars = Int32Array.from(columns, (c) => compiled.variableIndex(c));
  const time = compiled.saveTimes(opts);
  const out = new Float64Array(time.length * vars.length);
  compiled.runInto(compiled.defaultConstants(), vars, out, opts);
  const m = vars.length;
  const method = opts.method ?? compiled.model.time.method;
  const dt = opts.dt ?? compiled.model.time.dt;
  if (o.format === 'json') {
    const series: Record<string, number[]> = {};
    columns.forEach((c, j) => {
      series[c] = Array.from({ length: time.length }, (_, r) => out[r * m + j] as number);
    });
    return JSON.stringify({ time: Array.from(time), series, method, dt }, null, 2);
  }
  const lines = [['time', ...columns].join(',')];
  for (let r = 0; r < time.length; r++) {
    const row = [String(time[r])];
    for (let j = 0; j < m; j++) row.push(String(out[r * m + j]));
    lines.push(row.join(','));
  }
  return lines.join('\n');
}

export function registerSd(program: Command, h: TFunction, langOption: () => Option): void {
  const sd = program.command('sd').description(h('sd.help.sd'));
  sd.command('run')
    .description(h('sd.help.run'))
    .argument('<model>', h('sd.help.model'))
    .addOption(new Option('--method <method>', h('sd.help.method')).choices(['euler', 'rk4', 'rk45']))
    .option('--dt <dt>', h('sd.help.dt'), positive)
    .option('--stop <time>', h('sd.help.stop'), finite)
    .option('--save-every <interval>', h('sd.help.saveEvery'), positive)
    .option('--vars <list>', h('sd.help.vars'), (v: string) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .addOption(new Option('--format <format>', h('help.format')).choices(['csv', 'json']).default('csv'))
    .addOption(langOption())
    .action((file: string, opts: SdRunCliOptions) => {
      const s = sdRun(file, opts);
      process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
    });
}
