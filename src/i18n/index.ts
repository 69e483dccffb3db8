import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import type { BibliographyEntry, LocalizedText, SourceRef } from '../domain/common.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Lang } from '../domain/vocabulary.ts';
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh-CN.json' with { type: 'json' };

/** Everything a presentation needs to speak one language: messages, numbers, knowledge texts. */
export interface Speaker {
  lang: Lang;
  t: TFunction;
  /** Picks the language's side of a bilingual text. */
  text(t: LocalizedText): string;
  pct(share: number, digits?: number): string;
  /** "label: value" with the language's colon. */
  colon(label: string, value: string): string;
  /** Text followed by a parenthetical, with the language's brackets. */
  paren(text: string, inside: string): string;
  /** A section heading with its number: "3. Title" or "三、标题". */
  numbered(n: number, title: string): string;
  /** Joins items with the language's list separator. */
  join(items: readonly string[]): string;
  num(x: number, digits?: number): string;
  /** Short citation of a source reference: "Humphrey & Schmitz 2002, p. 1022". */
  cite(ref: SourceRef): string;
  factLabel(fact: string): string;
  indicatorName(key: string): string;
  indicatorUnit(key: string): string;
  governanceName(id: string): string;
  stageName(id: string): string;
  factValue(fact: string, value: string | number | boolean): string;
}

const instances = new Map<Lang, TFunction>();

type Messages = Record<string, unknown>;
const NAMESPACED = /^([a-z][a-zA-Z0-9-]*)\.(en|zh-CN)\.json$/;

/**
 * The messages of one language: `locales/<lang>.json` plus every `locales/<module>.<lang>.json`, whose keys
 * sit under `<module>`. Modules keep their strings in their own file so that no two modules edit one file.
 */
export function localeMessages(locale: 'en' | 'zh-CN'): Messages {
  const merged: Messages = { ...(locale === 'en' ? en : zh) };
  // Inside a bundled worker (started from a data: URL) there is no folder to read; workers only need the
  // messages that are bundled with them.
  if (!import.meta.url.startsWith('file:')) return merged;
  const LOCALE_DIR = new URL('./locales/', import.meta.url);
  for (const file of readdirSync(LOCALE_DIR).sort()) {
    const m = NAMESPACED.exec(file);
    const ns = m?.[1];
    if (!ns || m[2] !== locale) continue;
    if (ns in merged) throw new Error(`locale file ${file}: namespace "${ns}" is already defined`);
    merged[ns] = JSON.parse(readFileSync(new URL(file, LOCALE_DIR), 'utf8')) as Messages;
  }
  return merged;
}

export function translator(lang: Lang): TFunction {
  let t = instances.get(lang);
  if (!t) {
    const inst = i18next.createInstance();
    inst.init({
      lng: lang === 'zh' ? 'zh-CN' : 'en',
      fallbackLng: false,
      initAsync: false,
      resources: {
        en: { translation: localeMessages('en') },
        'zh-CN': { translation: localeMessages('zh-CN') },
      },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    t = inst.t.bind(inst) as TFunction;
    instances.set(lang, t);
  }
  return t;
}

/**
 * Facts that are fractions 0–1 printed as percentages (docs/facts.md, type "share"). Not `survey.factor.*`
 * (a mean score rescaled to 0–1, a position on the answer scale rather than a share) nor `survey.hsGap`.
 */
const SHARE_FACT =
  /^(governance\.|positions\.|valueCapture$|market\.|relocation\.|firms\.(dominantShare|smeShare)$|stage\.confidence$|network\.(density|transitivity|openness|externalConcentration|gatekeeperShare|isolatedShare|fragmentation)$|survey\.captiveShare$)/;

export function speaker(
  lang: Lang,
  kb: Pick<Knowledge, 'sources' | 'indicators' | 'ghs' | 'risks' | 'stages'>,
): Speaker {
  const t = translator(lang);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const text = (x: LocalizedText) => (lang === 'zh' ? x.zh : x.en);
  const num = (x: number, digits = 2) =>
    x.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
  const governanceName = (id: string) => {
    const g = kb.ghs.governanceTypes.find((x) => x.id === id);
    return g ? text(g.name) : id;
  };
  const indicatorUnit = (key: string) => {
    const d = kb.indicators.get(key);
    return d ? text(d.unit) : '';
  };
  const indicatorName = (key: string) => {
    const d = kb.indicators.get(key);
    return d ? text(d.name) : key;
  };
  const stageName = (id: string) => {
    const s = kb.stages.stages.find((x) => x.id === id);
    return s ? text(s.name) : id;
  };
  const cite = (ref: SourceRef) => {
    const s = kb.sources.get(ref.ref);
    const short = s ? shortCitation(s, lang) : ref.ref;
    const loc = typeof ref.locator === 'string' ? ref.locator : ref.locator ? text(ref.locator) : undefined;
    return loc ? `${short}, ${loc}` : short;
  };
  const factLabel = (fact: string): string => {
    const parts = fact.split('.');
    const [head, a, b] = parts;
    if (t(`fact.${fact}`, { defaultValue: '' })) return t(`fact.${fact}`);
    switch (head) {
      case 'governance':
        return t('fact.governance.type', { type: governanceName(a ?? '') });
      case 'positions':
        return t('fact.positions.type', { type: a ?? '' });
      case 'upgrading':
        return t(b === 'score' ? 'fact.upgrading.score' : 'fact.upgrading.type', {
          type: t(`upgradingType.${a}`),
        });
      case 'prospects':
        return t('fact.prospects.type', { type: t(`upgradingType.${a}`) });
      case 'risk': {
        const r = kb.risks.get(parts.slice(1).join('.'));
        return t('fact.risk', { name: r ? text(r.name) : parts.slice(1).join('.') });
      }
      case 'indicator':
        return t(`fact.indicator.${b}`, { name: indicatorName(a ?? '') });
      case 'policy':
        return t('fact.policy', { lever: t(`lever.${parts.slice(1).join('.')}`) });
      default:
        return fact;
    }
  };
  const factValue = (fact: string, value: string | number | boolean): string => {
    if (typeof value === 'boolean') return t(`value.${value}`);
    if (typeof value === 'number') {
      if (SHARE_FACT.test(fact)) return pct(value);
      if (/\.trend$/.test(fact)) return `${value >= 0 ? '+' : ''}${pct(value)}`;
      return num(value);
    }
    if (fact === 'stage') return stageName(value);
    if (fact === 'cluster.type') return t(`clusterType.${value}`);
    if (fact === 'governance.dominant') return governanceName(value);
    if (fact.startsWith('upgrading.')) return t(`status.${value}`);
    if (fact.startsWith('prospects.')) return t(`verdict.${value}`);
    if (fact.startsWith('risk.')) return t(`riskLevel.${value}`);
    if (fact.endsWith('.direction')) return t(`direction.${value}`);
    return value;
  };
  const colon = (label: string, value: string) => `${label}${t('punct.colon')}${value}`;
  const paren = (x: string, inside: string) => `${x}${t('punct.open')}${inside}${t('punct.close')}`;
  const numbered = (k: number, title: string) =>
    lang === 'zh' ? `${chineseNumeral(k)}、${title}` : `${k}. ${title}`;
  const join = (items: readonly string[]) => items.join(lang === 'zh' ? '、' : ', ');
  return {
    lang,
    t,
    text,
    pct,
    num,
    colon,
    paren,
    numbered,
    join,
    cite,
    factLabel,
    factValue,
    indicatorName,
    indicatorUnit,
    governanceName,
    stageName,
  };
}

/** Seeds by their title in the language; other sources by their short form ("Humphrey & Schmitz 2002"). */
function shortCitation(entry: BibliographyEntry, lang: Lang): string {
  if (entry.kind === 'seed' && entry.title)
    return `${lang === 'zh' ? entry.title.zh : entry.title.en} [${entry.id}]`;
  return entry.short ?? entry.id;
}

/** 1–99 in Chinese numerals (一, 十二, 二十三). */
function chineseNumeral(k: number): string {
  const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (k < 10) return d[k] ?? String(k);
  const tens = Math.floor(k / 10);
  return `${tens === 1 ? '' : d[tens]}十${d[k % 10]}`;
}
