// Quick structural check of knowledge files while authoring: `npx tsx scripts/check-knowledge.ts`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { Bibliography, CaseRecord, Dataset, RuleFile } from '../src/domain/knowledge.ts';
import { Workspace } from '../src/domain/workspace.ts';

const root = join(import.meta.dirname, '..', 'knowledge');
let bad = 0;
function check(file: string, schema: z.ZodType): unknown {
  const data = parse(readFileSync(file, 'utf8'));
  const r = schema.safeParse(data);
  if (!r.success) {
    bad++;
    for (const i of r.error.issues) console.log(`${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return r.success ? r.data : undefined;
}
const bib = check(join(root, 'sources.yaml'), Bibliography) as z.infer<typeof Bibliography>;
const ids = new Set(bib.sources.map((s) => s.id));
function refs(x: unknown, file: string): void {
  if (Array.isArray(x)) for (const v of x) refs(v, file);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.ref === 'string' && !ids.has(o.ref)) {
      bad++;
      console.log(`${file}: unknown source ref "${o.ref}"`);
    }
    for (const v of Object.values(o)) refs(v, file);
  }
}
const dirs: [string, z.ZodType][] = [
  ['rules', RuleFile],
  ['cases', CaseRecord],
  ['datasets', Dataset],
];
for (const [dir, schema] of dirs) {
  let files: string[] = [];
  try {
    files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml') && !f.includes('.workspace.'));
  } catch {}
  for (const f of files) {
    const data = check(join(root, dir, f), schema);
    refs(data, f);
    const ws = (data as { workspace?: string } | undefined)?.workspace;
    if (dir === 'cases' && ws) refs(check(join(root, dir, ws), Workspace), ws);
  }
}
console.log(bad ? `${bad} problem(s)` : 'knowledge OK');
process.exit(bad ? 1 : 0);
