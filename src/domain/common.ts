import { z } from 'zod';

/** Text a user reads: always both Chinese and English. */
export const LocalizedText = z
  .strictObject({
    zh: z.string().min(1, 'Chinese text (zh) must not be empty'),
    en: z.string().min(1, 'English text (en) must not be empty'),
  })
  .meta({ description: 'Text in Simplified Chinese (zh) and English (en).' });
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * Where a fact, figure, default or rule comes from. `ref` names an entry of the bibliography
 * (knowledge/sources.yaml, or the workspace's own `sources`); `locator` points inside it.
 */
export const SourceRef = z
  .strictObject({
    ref: z.string().min(1).meta({ description: 'Bibliography id, e.g. "seed003" or "ghs2005".' }),
    locator: z
      .union([z.string(), z.strictObject({ zh: z.string().min(1), en: z.string().min(1) })])
      .optional()
      .meta({
        description:
          'Section, table or page, e.g. "§2.2.2" or "Table 1"; bilingual ({zh, en}) when it describes the passage in words.',
      }),
    note: z.string().optional(),
  })
  .meta({ description: 'A reference to a source in the bibliography.' });
export type SourceRef = z.infer<typeof SourceRef>;

/**
 * Marks a record whose numbers are not taken from a source. Every output that uses such a record
 * shows it as illustrative.
 */
export const Provenance = z.strictObject({
  source: SourceRef.optional(),
  illustrative: z
    .boolean()
    .optional()
    .meta({ description: 'True when the numbers are not from a source (made up for demonstration).' }),
  illustrativeReason: z.string().optional(),
});

export const BibliographyEntry = z.strictObject({
  id: z.string().min(1),
  citation: z.string().min(1).meta({ description: 'Full citation as it would appear in a reference list.' }),
  short: z
    .string()
    .optional()
    .meta({ description: 'Short form for in-text citations, e.g. "Humphrey & Schmitz 2002".' }),
  title: LocalizedText.optional(),
  kind: z.enum(['seed', 'paper', 'book', 'report', 'dataset', 'regulation', 'web']).optional(),
  url: z.string().optional(),
});
export type BibliographyEntry = z.infer<typeof BibliographyEntry>;

export const Percent = z
  .number()
  .min(0, 'a percentage cannot be negative')
  .max(100, 'a percentage cannot exceed 100')
  .meta({ description: 'A percentage, 0–100.' });

export const Share = z
  .number()
  .min(0, 'a share cannot be negative')
  .max(1, 'a share is a fraction between 0 and 1')
  .meta({ description: 'A fraction, 0–1.' });
