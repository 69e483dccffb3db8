import { z } from 'zod';
import { LocalizedText } from '../domain/common.ts';
import { formatPath, InputError, type Problem } from '../io/problems.ts';
import type { SourceDocument } from '../io/read-document.ts';
import { schemaProblems } from '../io/schema-problems.ts';
import { sdText } from './messages.ts';

/** Names of model elements: what equations can refer to. */
export const SdName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name is letters, digits and _, not starting with a digit')
  .meta({ description: 'Identifier: [A-Za-z_][A-Za-z0-9_]*.' });

const Equation = z
  .union([z.string().min(1), z.number()])
  .transform((v) => String(v))
  .meta({ description: 'An expression (see docs/sd.md); a bare number is allowed.' });

const Units = z.string().meta({ description: 'Units, e.g. firms, firms/year, 1/year, dmnl.' });

const Notes = {
  title: LocalizedText.optional(),
  doc: z.string().optional(),
  source: z.string().optional(),
};

export const SdTime = z.strictObject({
  start: z.number().default(0),
  stop: z.number(),
  dt: z.number().positive(),
  units: z.string().min(1).default('time'),
  method: z.enum(['euler', 'rk4', 'rk45']).default('euler'),
  saveEvery: z.number().positive().optional(),
  rtol: z.number().positive().optional(),
  atol: z.number().positive().optional(),
});

export const SdConstant = z.strictObject({
  name: SdName,
  value: z.number(),
  units: Units.optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  ...Notes,
});

export const SdStock = z.strictObject({
  name: SdName,
  initial: Equation,
  units: Units.optional(),
  inflows: z.array(SdName).default([]),
  outflows: z.array(SdName).default([]),
  nonNegative: z.boolean().default(false),
  ...Notes,
});

export const SdFlow = z.strictObject({
  name: SdName,
  equation: Equation,
  units: Units.optional(),
  nonNegative: z.boolean().default(false),
  ...Notes,
});

export const SdAuxiliary = z.strictObject({
  name: SdName,
  equation: Equation,
  units: Units.optional(),
  ...Notes,
});

export const SdLookup = z.strictObject({
  name: SdName,
  points: z.array(z.tuple([z.number(), z.number()])).min(1),
  units: Units.optional(),
  inputUnits: Units.optional(),
  ...Notes,
});

export const SdModelSchema = z.strictObject({
  name: z.string().min(1),
  title: LocalizedText.optional(),
  doc: z.string().optional(),
  source: z.string().optional(),
  time: SdTime,
  constants: z.array(SdConstant).default([]),
  stocks: z.array(SdStock).default([]),
  flows: z.array(SdFlow).default([]),
  auxiliaries: z.array(SdAuxiliary).default([]),
  lookups: z.array(SdLookup).default([]),
});

export type SdModelData = z.output<typeof SdModelSchema>;

/** Where a model came from, so that compile errors can point at the file, path and line. */
export interface SdOrigin {
  file: string;
  locate?: SourceDocument['locate'];
  /** The source text, when known: lets errors give the column of a fault inside an equation. */
  text?: string;
}

export type SdModel = SdModelData & { readonly origin?: SdOrigin };

/** `flows[2].equation` → ['flows', 2, 'equation']. */
export function pathArray(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

/** A located problem in a model. */
export function modelProblem(
  origin: SdOrigin | undefined,
  path: string,
  message: LocalizedText,
  fix?: LocalizedText,
  exprColumn?: number,
): Problem {
  const where = origin?.locate?.(pathArray(path));
  let column = where?.column;
  if (where && exprColumn !== undefined && origin?.text) {
    // The node starts at the value; a quote before it shifts the expression by one.
    const lineText = origin.text.split('\n')[where.line - 1] ?? '';
    const first = lineText[where.column - 1];
    const quoted = first === '"' || first === "'";
    const blockScalar = first === '|' || first === '>';
    column = blockScalar ? undefined : where.column + exprColumn - 1 + (quoted ? 1 : 0);
  }
  return {
    file: origin?.file ?? '<model>',
    path,
    ...(where ? { line: where.line } : {}),
    ...(column !== undefined ? { column } : {}),
    message,
    ...(fix ? { fix } : {}),
  };
}

/** Validates a model object (parsed YAML/JSON, or built in code); throws InputError with located problems. */
export function parseSdModel(
  raw: unknown,
  source?: { file?: string; locate?: SourceDocument['locate']; text?: string },
): SdModel {
  const origin: SdOrigin = {
    file: source?.file ?? '<model>',
    ...(source?.locate ? { locate: source.locate } : {}),
    ...(source?.text !== undefined ? { text: source.text } : {}),
  };
  const r = SdModelSchema.safeParse(raw);
  if (!r.success) {
    const doc: SourceDocument = {
      file: origin.file,
      data: raw,
      locate: origin.locate ?? (() => undefined),
    };
    throw new InputError(schemaProblems(doc, SdModelSchema, r.error.issues, 'docs/sd.md'));
  }
  const model = r.data;
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const sections = ['constants', 'stocks', 'flows', 'auxiliaries', 'lookups'] as const;
  for (const section of sections) {
    (model[section] as { name: string }[]).forEach((el, i) => {
      const path = formatPath([section, i, 'name']);
      const prev = seen.get(el.name);
      if (prev !== undefined)
        problems.push(
          modelProblem(
            origin,
            path,
            sdText('model.duplicate', { name: el.name, other: prev }),
            sdText('model.duplicateFix'),
          ),
        );
      else seen.set(el.name, path);
    });
  }
  const flows = new Set(model.flows.map((f) => f.name));
  const owner = new Map<string, string>();
  model.stocks.forEach((s, i) => {
    for (const dir of ['inflows', 'outflows'] as const)
      s[dir].forEach((f, j) => {
        const path = formatPath(['stocks', i, dir, j]);
        if (!flows.has(f))
          problems.push(
            modelProblem(
              origin,
              path,
              sdText('model.notAFlow', { name: f, stock: s.name }),
              sdText('model.notAFlowFix'),
            ),
          );
        const key = `${dir}:${f}`;
        const o = owner.get(key);
        if (o !== undefined)
          problems.push(
            modelProblem(origin, path, sdText('model.flowTwice', { name: f, stock: s.name, other: o, dir })),
          );
        owner.set(key, s.name);
      });
  });
  model.lookups.forEach((l, i) => {
    for (let j = 1; j < l.points.length; j++)
      if (!((l.points[j]?.[0] ?? 0) > (l.points[j - 1]?.[0] ?? 0))) {
        problems.push(
          modelProblem(
            origin,
            formatPath(['lookups', i, 'points', j]),
            sdText('model.lookupOrder', { name: l.name }),
          ),
        );
        break;
      }
  });
  const t = model.time;
  if (!(t.stop > t.start))
    problems.push(
      modelProblem(origin, 'time.stop', sdText('model.stopBeforeStart', { start: t.start, stop: t.stop })),
    );
  if (problems.length) throw new InputError(problems);
  Object.defineProperty(model, 'origin', { value: origin, enumerable: false });
  return model as SdModel;
}
