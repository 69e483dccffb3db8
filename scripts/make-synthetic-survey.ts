/**
 * Writes the bundled synthetic GUM survey (issue 5 item 9): knowledge/surveys/synthetic-gum.csv, its
 * codebook and its truth file (the known parameters). Deterministic: rerunning reproduces the files byte
 * for byte (test/measure/survey-synthetic.test.ts checks this).
 *
 *   npx tsx scripts/make-synthetic-survey.ts [--out <dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledKnowledge, KNOWLEDGE_DIR } from '../src/io/knowledge.ts';
import { makeSyntheticSurvey, SYNTHETIC_ID } from '../src/measure/survey/synthetic.ts';

export function writeSyntheticSurvey(dir: string): string[] {
  const s = makeSyntheticSurvey(bundledKnowledge().instrument);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [`${SYNTHETIC_ID}.csv`, s.csv],
    [`${SYNTHETIC_ID}.codebook.yaml`, s.codebook],
    [`${SYNTHETIC_ID}.truth.json`, s.truth],
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--out');
  const dir = i >= 0 ? (process.argv[i + 1] as string) : join(KNOWLEDGE_DIR, 'surveys');
  for (const f of writeSyntheticSurvey(dir)) process.stdout.write(`wrote ${f}\n`);
}
