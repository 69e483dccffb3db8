import type { SourceRef } from '../domain/common.ts';
import type { Speaker } from '../i18n/index.ts';
import type { NetworkAnalysis } from '../network/analyse.ts';
import { COGNITIVE_ROLES } from '../network/cluster/cognitive-roles.ts';
import type { Block } from './blocks.ts';
import { networkSummary } from './network-json.ts';

/** The network section of the diagnosis report (its heading is added by the caller). */
export function networkSection(a: NetworkAnalysis, sp: Speaker, cite: (s: SourceRef) => string): Block[] {
  const { t, pct, num } = sp;
  const s = networkSummary(a);
  const maybePct = (x: number | null) => (x === null ? '—' : pct(x));
  const out: Block[] = [
    {
      kind: 'paragraph',
      text: t('report.networkIntro', {
        n: s.n,
        m: s.m,
        kind: t(s.directed ? 'report.networkDirected' : 'report.networkUndirected'),
        density: pct(s.density),
        transitivity: num(s.transitivity),
        fragmentation: maybePct(s.fragmentation),
        communities: s.communities,
        modularity: num(s.modularity),
      }),
    },
  ];
  if (s.openness !== null)
    out.push({
      kind: 'paragraph',
      text: sp.paren(
        t('report.networkOpenness', {
          openness: pct(s.openness),
          concentration: maybePct(s.externalConcentration),
          ei: s.eiIndex === null ? '—' : num(s.eiIndex),
        }),
        cite({
          ref: 'seed004',
          locator: {
            zh: '第一章第一节 二、产业集群的结构',
            en: 'ch. 1 §1 part 2, the structure of clusters',
          },
        }),
      ),
    });
  if (s.cognitiveRoles) {
    out.push({ kind: 'heading', level: 3, text: t('report.networkRoles') });
    out.push({
      kind: 'table',
      head: [t('report.networkRole'), t('report.networkCount')],
      rows: COGNITIVE_ROLES.map((r) => [t(`network.cognitive.${r}`), String(s.cognitiveRoles?.[r] ?? 0)]),
      numeric: [false, true],
    });
    out.push({
      kind: 'paragraph',
      text: sp.paren(
        s.gatekeepers.length
          ? t('report.networkGatekeepers', {
              list: sp.join(s.gatekeepers.slice(0, 12).map((g) => sp.paren(g.name, String(g.externalTies)))),
            })
          : t('report.networkNoGatekeepers'),
        cite({ ref: 'giuliani-bell2005' }),
      ),
    });
  }
  if (s.brokerage) {
    const b = s.brokerage;
    out.push({
      kind: 'heading',
      level: 3,
      text: t('report.networkBrokerage', {
        attribute: t(`attribute.${b.attribute}`, { defaultValue: b.attribute }),
      }),
    });
    out.push({
      kind: 'table',
      head: [
        t('report.networkBrokerRole'),
        t('report.networkObserved'),
        t('report.networkExpected'),
        t('report.networkZ'),
        t('report.networkTop'),
      ],
      rows: Object.values(b.roles).map((r) => [
        sp.text(r.name),
        num(r.raw, 0),
        r.expected === null ? '—' : num(r.expected, 1),
        r.z === null ? '—' : num(r.z, 2),
        sp.join(r.top.slice(0, 3).map((x) => sp.paren(x.name, num(x.count, 0)))),
      ]),
      numeric: [false, true, true, true, false],
    });
    out.push({ kind: 'paragraph', text: sp.colon(t('report.source'), cite({ ref: 'gould-fernandez1989' })) });
  }
  if (s.coreFit !== null)
    out.push({ kind: 'paragraph', text: t('report.networkCore', { fit: num(s.coreFit) }) });
  return out;
}
