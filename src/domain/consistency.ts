import type { LocalizedText } from './common.ts';
import { POSITIONS } from './vocabulary.ts';
import {
  type Determinant,
  type Segment,
  SUM_TOLERANCE_PERCENT,
  SUM_TOLERANCE_SHARE,
  type Workspace,
} from './workspace.ts';

/** A rule about the workspace as a whole that a per-field schema cannot express. */
export interface ConsistencyIssue {
  path: (string | number)[];
  message: LocalizedText;
  fix: LocalizedText;
}

/** Resolves a chain's segments: its own, or those of its preset. */
export type SegmentResolver = (chain: Workspace['chains'][number]) => Segment[] | undefined;

/** Cross-field checks of a structurally valid workspace (ids, references, sums, scales). */
export function checkConsistency(
  ws: Workspace,
  segmentsOf: SegmentResolver,
  presetIds: string[],
  sourceIds: ReadonlySet<string> = new Set(),
): ConsistencyIssue[] {
  const out: ConsistencyIssue[] = [];
  const push = (path: (string | number)[], message: LocalizedText, fix: LocalizedText) =>
    out.push({ path, message, fix });

  duplicates(
    ws.chains.map((c) => c.id),
    'chains',
    push,
  );
  duplicates(
    ws.firms.map((f) => f.id),
    'firms',
    push,
  );
  duplicates(
    ws.policies.map((p) => p.id),
    'policies',
    push,
  );
  duplicates(
    ws.indicators.map((r) => String(r.year)),
    'indicators',
    push,
    'year',
  );

  const segmentIds = new Map<string, Set<string>>();
  ws.chains.forEach((chain, i) => {
    if (chain.preset !== undefined && !presetIds.includes(chain.preset))
      push(
        ['chains', i, 'preset'],
        { zh: `未知的价值链预设“${chain.preset}”。`, en: `Unknown chain preset "${chain.preset}".` },
        { zh: `可用预设：${presetIds.join('、')}。`, en: `Available presets: ${presetIds.join(', ')}.` },
      );
    if (chain.preset === undefined && chain.segments === undefined)
      push(
        ['chains', i],
        { zh: '价值链既没有 preset 也没有 segments。', en: 'The chain has neither a preset nor segments.' },
        {
          zh: '加上 preset（如 apparel）或列出各环节 segments。',
          en: 'Add a preset (e.g. apparel) or list its segments.',
        },
      );
    if (chain.segments) {
      const total = chain.segments.reduce((s, x) => s + x.valueShare, 0);
      if (Math.abs(total - 1) > SUM_TOLERANCE_SHARE)
        push(
          ['chains', i, 'segments'],
          {
            zh: `各环节增加值份额之和为 ${round(total)}，应为 1（允许误差 ±${SUM_TOLERANCE_SHARE}）。`,
            en: `Segment value shares sum to ${round(total)}; they must sum to 1 (±${SUM_TOLERANCE_SHARE}).`,
          },
          {
            zh: '调整 valueShare 使其合计为 1。',
            en: 'Adjust the valueShare values so that they add up to 1.',
          },
        );
      duplicates(
        chain.segments.map((s) => s.id),
        `chains[${i}].segments`,
        push,
      );
    }
    const segs = segmentsOf(chain);
    if (segs) segmentIds.set(chain.id, new Set(segs.map((s) => s.id)));
  });

  const firmIds = new Set(ws.firms.map((f) => f.id));
  const defaultChain = ws.chains[0]?.id;
  ws.firms.forEach((firm, i) => {
    const chainId = firm.chain ?? defaultChain;
    if (firm.chain !== undefined && !ws.chains.some((c) => c.id === firm.chain))
      push(
        ['firms', i, 'chain'],
        {
          zh: `引用了不存在的价值链“${firm.chain}”。`,
          en: `Refers to chain "${firm.chain}", which is not defined.`,
        },
        {
          zh: `使用 chains 中的编号：${ws.chains.map((c) => c.id).join('、')}。`,
          en: `Use a chain id from chains: ${ws.chains.map((c) => c.id).join(', ')}.`,
        },
      );
    const split = POSITIONS.reduce((s, p) => s + firm.revenueSplit[p], 0);
    if (Math.abs(split - 100) > SUM_TOLERANCE_PERCENT)
      push(
        ['firms', i, 'revenueSplit'],
        {
          zh: `OEA/OEM/ODM/OBM 收入构成合计 ${round(split)}%，应为 100%（允许误差 ±${SUM_TOLERANCE_PERCENT}）。`,
          en: `OEA/OEM/ODM/OBM revenue split sums to ${round(split)} %; it must sum to 100 % (±${SUM_TOLERANCE_PERCENT}).`,
        },
        {
          zh: '调整四项百分比，使其合计为 100。',
          en: 'Adjust the four percentages so that they add up to 100.',
        },
      );
    const known = chainId ? segmentIds.get(chainId) : undefined;
    const checkSegment = (seg: string, path: (string | number)[]) => {
      if (known && !known.has(seg))
        push(
          path,
          { zh: `价值链“${chainId}”中没有环节“${seg}”。`, en: `Chain "${chainId}" has no segment "${seg}".` },
          {
            zh: `可用环节：${[...known].join('、')}。`,
            en: `Segments of that chain: ${[...known].join(', ')}.`,
          },
        );
    };
    firm.segments?.forEach((s, j) => {
      checkSegment(s, ['firms', i, 'segments', j]);
    });
    firm.relocations?.forEach((r, j) => {
      checkSegment(r.segment, ['firms', i, 'relocations', j, 'segment']);
    });
    if (firm.buyers) {
      const total = firm.buyers.reduce((s, b) => s + b.salesShare, 0);
      if (total > 100 + SUM_TOLERANCE_PERCENT)
        push(
          ['firms', i, 'buyers'],
          {
            zh: `各采购商销售占比合计 ${round(total)}%，超过 100%。`,
            en: `Buyers' sales shares sum to ${round(total)} %, more than 100 %.`,
          },
          {
            zh: '每个 salesShare 是该采购商占企业销售的百分比，合计不能超过 100。',
            en: "Each salesShare is that buyer's % of the firm's sales; together at most 100.",
          },
        );
      firm.buyers.forEach((b, j) => {
        const max = b.scale ?? 5;
        for (const key of ['complexity', 'codifiability', 'capability'] as const) {
          const v: Determinant = b[key];
          if (typeof v === 'number' && v > max)
            push(
              ['firms', i, 'buyers', j, key],
              { zh: `评分 ${v} 超出 1–${max} 量表。`, en: `Grade ${v} is outside the 1–${max} scale.` },
              {
                zh: max === 5 ? '使用 1–5 的评分，或为该采购商加上 scale: 7。' : '使用 1–7 的评分。',
                en: max === 5 ? 'Use a 1–5 grade, or add `scale: 7` to this buyer.' : 'Use a 1–7 grade.',
              },
            );
        }
      });
    }
  });

  ws.policies.forEach((p, i) => {
    if (p.since !== undefined && p.until !== undefined && p.until < p.since)
      push(
        ['policies', i, 'until'],
        {
          zh: `结束年份 ${p.until} 早于开始年份 ${p.since}。`,
          en: `End year ${p.until} is before start year ${p.since}.`,
        },
        { zh: '交换或改正年份。', en: 'Swap or correct the years.' },
      );
  });

  for (const key of ['products', 'markets', 'buyers'] as const) {
    const list = ws.concentration?.[key];
    if (!list) continue;
    const total = list.items.reduce((s, x) => s + x.share, 0);
    if (total > 100 + SUM_TOLERANCE_PERCENT)
      push(
        ['concentration', key, 'items'],
        {
          zh: `份额合计 ${round(total)}%，超过 100%。`,
          en: `Shares sum to ${round(total)} %, more than 100 %.`,
        },
        {
          zh: '份额是占集群销售的百分比，合计不能超过 100。',
          en: "Shares are % of the cluster's sales; together at most 100.",
        },
      );
  }

  const actorIds = new Set((ws.actors ?? []).map((a) => a.id));
  if (ws.actors)
    duplicates(
      ws.actors.map((a) => a.id),
      'actors',
      push,
    );
  ws.actors?.forEach((a, i) => {
    if (a.firm !== undefined && !firmIds.has(a.firm))
      push(
        ['actors', i, 'firm'],
        { zh: `引用了不存在的企业“${a.firm}”。`, en: `Refers to firm "${a.firm}", which is not defined.` },
        { zh: '使用 firms 中的企业编号。', en: 'Use a firm id from firms.' },
      );
  });
  ws.ties?.forEach((t, i) => {
    for (const end of ['source', 'target'] as const)
      if (!actorIds.has(t[end]))
        push(
          ['ties', i, end],
          {
            zh: `联系的端点“${t[end]}”不是已定义的行动者。`,
            en: `Tie endpoint "${t[end]}" is not a defined actor.`,
          },
          { zh: '先在 actors 中定义它，或改正编号。', en: 'Define it in actors first, or correct the id.' },
        );
  });
  const known = new Set([...sourceIds, ...(ws.sources ?? []).map((s) => s.id)]);
  if (sourceIds.size > 0) unknownRefs(ws, [], known, push);
  return out;
}

/** Every `source.ref` must name the bundled bibliography or the workspace's own `sources`. */
function unknownRefs(
  x: unknown,
  path: (string | number)[],
  known: ReadonlySet<string>,
  push: (path: (string | number)[], m: LocalizedText, f: LocalizedText) => void,
): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      unknownRefs(v, [...path, i], known, push);
    });
  } else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (path[path.length - 1] === 'source' && typeof o.ref === 'string' && !known.has(o.ref))
      push(
        [...path, 'ref'],
        {
          zh: `来源“${o.ref}”既不在内置书目中，也不在工作区的 sources 中。`,
          en: `Source "${o.ref}" is neither in the bundled bibliography nor in the workspace's sources.`,
        },
        {
          zh: '在工作区的 sources 中加入该来源（id 与 citation）。',
          en: 'Add it to the workspace `sources` (id and citation).',
        },
      );
    for (const [k, v] of Object.entries(o)) if (k !== 'sources') unknownRefs(v, [...path, k], known, push);
  }
}

function duplicates(
  ids: string[],
  where: string,
  push: (path: (string | number)[], m: LocalizedText, f: LocalizedText) => void,
  field = 'id',
): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else
      push(
        [...parsePath(where), i, field],
        {
          zh: `${field} “${id}” 重复（第一次出现于 ${where}[${first}]）。`,
          en: `Duplicate ${field} "${id}" (first used at ${where}[${first}]).`,
        },
        { zh: `每个 ${field} 必须唯一。`, en: `Each ${field} must be unique.` },
      );
  });
}

function parsePath(p: string): (string | number)[] {
  return p
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
