/**
 * Bilingual problems of ABM experiments and reports: messages in src/i18n/locales/abmx.{en,zh-CN}.json
 * under `abmx.errors.<key>` and (when there is one) `abmx.fixes.<key>`.
 */
import { translator } from '../../i18n/index.ts';
import { InputError, type Problem } from '../../io/problems.ts';

export type Vars = Record<string, string | number>;

export interface Where {
  file: string;
  path: string;
  line?: number | undefined;
}

export function problem(key: string, vars: Vars, where: Where): Problem {
  const en = translator('en');
  const zh = translator('zh');
  const fixKey = `abmx.fixes.${key}`;
  const fixEn = en(fixKey, { ...vars, defaultValue: '' });
  return {
    file: where.file,
    path: where.path,
    ...(where.line !== undefined ? { line: where.line } : {}),
    message: { en: en(`abmx.errors.${key}`, vars), zh: zh(`abmx.errors.${key}`, vars) },
    ...(fixEn ? { fix: { en: fixEn, zh: zh(fixKey, vars) } } : {}),
  };
}

export function fail(key: string, vars: Vars, where: Where): never {
  throw new InputError([problem(key, vars, where)]);
}
