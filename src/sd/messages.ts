import type { LocalizedText } from '../domain/common.ts';
import { translator } from '../i18n/index.ts';

/** A message of the `sd` namespace in both languages. */
export function sdText(key: string, values: Record<string, unknown> = {}): LocalizedText {
  return {
    en: translator('en')(`sd.${key}`, values) as string,
    zh: translator('zh')(`sd.${key}`, values) as string,
  };
}
