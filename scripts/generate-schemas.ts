// Writes the published JSON Schemas from the zod definitions (the single source of truth).
// `--check` fails when the committed files differ, so the schemas cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DiagnosisJson } from '../src/domain/diagnosis-json.ts';
import { Workspace } from '../src/domain/workspace.ts';

const dir = join(import.meta.dirname, '..', 'schemas');
const schemas = {
  'workspace.schema.json': z.toJSONSchema(Workspace, { io: 'input', unrepresentable: 'any' }),
  'diagnosis.schema.json': z.toJSONSchema(DiagnosisJson, { io: 'output', unrepresentable: 'any' }),
};
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, schema] of Object.entries(schemas)) {
  const text = `${JSON.stringify({ $id: `https://climb.example/schemas/${name}`, ...schema }, null, 2)}\n`;
  const file = join(dir, name);
  if (check) {
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {}
    if (old !== text) {
      stale++;
      console.error(`${name} is out of date: run \`npm run schema\` and commit the result.`);
    }
  } else writeFileSync(file, text);
}
process.exit(stale ? 1 : 0);
