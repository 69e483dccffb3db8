import { z } from 'zod';
import { LocalizedText, SourceRef } from './common.ts';

/**
 * Schema of a survey instrument kept as data (knowledge/instrument/*.yaml, issue 5 §7): Likert
 * constructs with bilingual items, each citing the theme or source it measures, and a firm profile.
 */

export const CONSTRUCT_GROUPS = ['basic', 'auxiliary', 'realisation', 'outcome'] as const;
export const PROFILE_FIELD_TYPES = [
  'integer',
  'number',
  'percent',
  'choice',
  'multi',
  'rating',
  'text',
] as const;

const Id = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'ids are upper-case letters, digits and _ (e.g. LRN1)');

const Anchor = z.strictObject({ value: z.number().int(), label: LocalizedText });

export const InstrumentItem = z.strictObject({
  id: Id,
  text: LocalizedText,
  /** The theme of the construct this item measures (what the answer tells the analyst). */
  theme: LocalizedText,
  source: SourceRef,
  reverse: z.boolean().optional(),
});
export type InstrumentItem = z.infer<typeof InstrumentItem>;

export const InstrumentConstruct = z
  .strictObject({
    /** Construct name as used in the PLS model file (e.g. ClusterLearning). */
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
    group: z.enum(CONSTRUCT_GROUPS),
    name: LocalizedText,
    definition: LocalizedText,
    source: SourceRef,
    items: z
      .array(InstrumentItem)
      .min(3, 'a construct needs 3–6 items')
      .max(6, 'a construct needs 3–6 items'),
  })
  .refine((c) => c.items.filter((i) => i.reverse).length <= 1, {
    message: 'at most one reverse-coded item per construct',
    path: ['items'],
  });
export type InstrumentConstruct = z.infer<typeof InstrumentConstruct>;

export const ProfileOption = z.strictObject({
  code: z.number().int(),
  value: z.string().min(1),
  label: LocalizedText,
});

export const ProfileField = z
  .strictObject({
    id: Id,
    type: z.enum(PROFILE_FIELD_TYPES),
    label: LocalizedText,
    hint: LocalizedText.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(ProfileOption).min(2).optional(),
    anchors: z.array(Anchor).min(2).optional(),
    source: SourceRef.optional(),
  })
  .refine((f) => (f.type === 'choice' || f.type === 'multi') === (f.options !== undefined), {
    message: 'choice and multi fields (and only they) list options',
    path: ['options'],
  })
  .refine((f) => f.type !== 'rating' || (f.min !== undefined && f.max !== undefined && f.anchors), {
    message: 'a rating field needs min, max and anchors',
    path: ['anchors'],
  });
export type ProfileField = z.infer<typeof ProfileField>;

export const Instrument = z
  .strictObject({
    id: z.string().min(1),
    title: LocalizedText,
    intro: LocalizedText,
    source: SourceRef,
    scale: z.strictObject({
      min: z.number().int(),
      max: z.number().int(),
      anchors: z.array(Anchor).min(2),
    }),
    missingCode: z.number().int(),
    constructs: z.array(InstrumentConstruct).min(1),
    profile: z.strictObject({
      title: LocalizedText,
      fields: z.array(ProfileField).min(1),
    }),
  })
  .superRefine((inst, ctx) => {
    const seen = new Set<string>();
    const check = (id: string, path: (string | number)[]) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${id}"`, path });
      seen.add(id);
    };
    inst.constructs.forEach((c, ci) => {
      check(c.id, ['constructs', ci, 'id']);
      c.items.forEach((it, ii) => {
        check(it.id, ['constructs', ci, 'items', ii, 'id']);
      });
    });
    inst.profile.fields.forEach((f, fi) => {
      check(f.id, ['profile', 'fields', fi, 'id']);
    });
    if (inst.scale.min >= inst.scale.max)
      ctx.addIssue({ code: 'custom', message: 'scale.min must be below scale.max', path: ['scale'] });
  });
export type Instrument = z.infer<typeof Instrument>;

/** One column of the blank data template. */
export interface TemplateColumn {
  column: string;
  field?: ProfileField;
  item?: InstrumentItem;
  construct?: InstrumentConstruct;
  option?: z.infer<typeof ProfileOption>;
}

/** Columns of the data template, in order: profile fields (multi-choice expanded to 0/1 columns), then items. */
export function templateColumns(inst: Instrument): TemplateColumn[] {
  const out: TemplateColumn[] = [{ column: 'FIRM_ID' }];
  for (const f of inst.profile.fields) {
    if (f.type === 'multi')
      for (const o of f.options ?? []) out.push({ column: `${f.id}_${o.code}`, field: f, option: o });
    else out.push({ column: f.id, field: f });
  }
  for (const c of inst.constructs)
    for (const item of c.items) out.push({ column: item.id, item, construct: c });
  return out;
}
