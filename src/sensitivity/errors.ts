/**
 * Bilingual input problems of the sensitivity library: the messages live in
 * src/i18n/locales/sensitivity.{en,zh-CN}.json under `sensitivity.errors.<key>` and
 * `sensitivity.fixes.<key>`.
 */
import { translator } from '../i18n/index.ts';
import { InputError, type Problem } from '../io/problems.ts';

export type Vars = Record<string, string | number>;

export interface Where {
  file: string;
  path: string;
  line?: number;
}

/** One problem with its message (and its fix, when the locale has one) in both languages. */
export function problem(key: string, vars: Vars, where: Where): Problem {
  const en = translator('en');
  const zh = translator('zh');
  const fixKey = `sensitivity.fixes.${key}`;
  const fixEn = en(fixKey, { ...vars, defaultValue: '' });
  return {
    file: where.file,
    path: where.path,
    ...(where.line !== undefined ? { line: where.line } : {}),
    message: { en: en(`sensitivity.errors.${key}`, vars), zh: zh(`sensitivity.errors.${key}`, vars) },
    ...(fixEn ? { fix: { en: fixEn, zh: zh(fixKey, vars) } } : {}),
  };
}

/** Throws an InputError with one problem. */
export function fail(key: string, vars: Vars, where: Where): never {
  throw new InputError([problem(key, vars, where)]);
}
