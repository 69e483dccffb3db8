import { describe, expect, it } from 'vitest';
import { localeMessages, speaker } from '../../src/i18n/index.ts';
import { kb } from '../helpers.ts';

/** Every leaf message as [path, value]; paths join keys with '/' because some keys contain dots. */
function leaves(obj: unknown, prefix = ''): [string, unknown][] {
  if (obj === null || typeof obj !== 'object') return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, prefix ? `${prefix}/${k}` : k),
  );
}

describe('locales', () => {
  it('English and Chinese define the same message keys', () => {
    const en = new Set(leaves(localeMessages('en')).map(([k]) => k));
    const zh = new Set(leaves(localeMessages('zh-CN')).map(([k]) => k));
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('has no empty message', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const empty = leaves(localeMessages(locale)).filter(
        ([, v]) => typeof v === 'string' && v.trim() === '',
      );
      expect(empty, locale).toEqual([]);
    }
  });
});

describe('fact values', () => {
  it('prints shares as percentages, survey scores and gaps as numbers', () => {
    const en = speaker('en', kb);
    expect(en.factValue('survey.captiveShare', 0.335)).toBe('33.5%');
    expect(en.factValue('governance.captive', 0.25)).toBe('25.0%');
    expect(en.factValue('survey.factor.SocialCapital', 0.42)).toBe('0.42');
    expect(en.factValue('survey.hsGap', -0.08)).toBe('-0.08');
    expect(en.factValue('survey.n', 296)).toBe('296');
  });
});
