import type { Graph } from './graph.ts';

/**
 * A picture of a cluster's three-layer network (THEORY §4) as a self-contained SVG for reports.
 *
 * Layout: concentric bands — the core layer fills the central disc, the auxiliary layer a ring around
 * it, the external layer the outer ring; the dashed circle between the auxiliary and external rings is
 * the cluster boundary. Core nodes sit on an area-aware sunflower spiral, largest in the centre. Ring
 * nodes are ordered by the direction of their neighbours already placed (so ties run short and radial)
 * and then spread with the least displacement that keeps them apart (isotonic regression on the circle).
 * Everything is deterministic: the same graph and options give the same bytes.
 *
 * Node area is affine in the size metric (a floor keeps zero-valued nodes visible). Edges are thin,
 * light and drawn under the nodes; directed graphs get arrowheads on slightly curved arcs, so that the
 * two arcs of a reciprocated tie stay apart. Ties that cross the cluster boundary are tinted in the
 * external colour. Only the largest nodes are labelled, and a label that would collide with another is
 * dropped. Nodes whose layer is not core|auxiliary|external are placed with the core and drawn grey.
 *
 * Linear in nodes plus edges apart from sorting: 5,000 nodes draw in well under a second.
 */
export interface DrawOptions {
  /** Per node: core | auxiliary | external. */
  layer: readonly string[];
  /** Per node: the label to show (already in the report's language). */
  label: readonly string[];
  /** Per node: the metric that sets node area (negative or non-finite values count as 0). */
  size: Float64Array;
  /** Per node: 1 = technological gatekeeper, drawn with a red ring. */
  highlight?: Uint8Array;
  lang: 'zh' | 'en';
  title?: string;
  /** Name of the size metric for the legend (e.g. "betweenness"); omitted → a generic wording. */
  sizeLabel?: string;
  /** How many of the largest nodes get a label (default 16; all nodes when the graph is tiny). */
  maxLabels?: number;
}

const WIDTH = 1240;
const HEIGHT = 1000;
const CX = 490;
const CY = 530;
/** Outer radius of the external ring. */
const R_OUT = 440;
const LEGEND_X = 972;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export const SVG_FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', " +
  "'WenQuanYi Micro Hei', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

/** core, auxiliary, external, unassigned. */
const FILL = ['#2b5c8a', '#2f9470', '#e08a2c', '#9aa0a6'] as const;
const TINT = ['#e9f0f7', '#e7f4ee', '#fdf2e5'] as const;
const BAND_INK = ['#4c7196', '#3d8a6c', '#b86f20'] as const;
const GATEKEEPER = '#c62828';
const EDGE = '#7b8794';
const EDGE_EXTERNAL = '#d9893a';

const TEXT = {
  zh: {
    layers: ['核心层', '辅助层', '外部层', '未标层次'],
    gatekeeper: '技术守门人',
    legend: '图例',
    boundary: '集群边界',
    size: (metric?: string) => (metric ? `节点面积 ∝ ${metric}` : '节点面积 ∝ 指标值'),
    tie: (directed: boolean) => (directed ? '联系（箭头为方向）' : '联系'),
    crossing: '跨越集群边界的联系',
    summary: (n: number, m: number, directed: boolean) =>
      `${n} 个节点 · ${m} 条${directed ? '有向' : ''}联系`,
    labelled: (k: number, gk: number) => [
      `已标注最大的 ${k} 个节点`,
      ...(gk ? [`及另外 ${gk} 个守门人`] : []),
    ],
  },
  en: {
    layers: ['Core layer', 'Auxiliary layer', 'External layer', 'No layer given'],
    gatekeeper: 'Technological gatekeeper',
    legend: 'Legend',
    boundary: 'Cluster boundary',
    size: (metric?: string) => (metric ? `Node area ∝ ${metric}` : 'Node area ∝ metric'),
    tie: (directed: boolean) => (directed ? 'Tie (arrow = direction)' : 'Tie'),
    crossing: 'Tie crossing the cluster boundary',
    summary: (n: number, m: number, directed: boolean) =>
      `${n} nodes · ${m} ${directed ? 'directed ' : ''}ties`,
    labelled: (k: number, gk: number) => [
      `Labelled: the ${k} largest nodes`,
      ...(gk ? [`and ${gk} more gatekeeper${gk > 1 ? 's' : ''}`] : []),
    ],
  },
} as const;

export function drawLayeredNetwork(g: Graph, opts: DrawOptions): string {
  const n = g.n;
  const text = TEXT[opts.lang];
  const highlight = opts.highlight;

  // ---- node classes and radii -------------------------------------------------------------------
  const cls = new Uint8Array(n); // 0 core, 1 auxiliary, 2 external, 3 unassigned (placed with core)
  const count = [0, 0, 0, 0];
  for (let v = 0; v < n; v++) {
    const l = opts.layer[v];
    const c = l === 'core' ? 0 : l === 'auxiliary' ? 1 : l === 'external' ? 2 : 3;
    cls[v] = c;
    count[c] = (count[c] as number) + 1;
  }
  const value = new Float64Array(n);
  let vMax = 0;
  for (let v = 0; v < n; v++) {
    const s = opts.size[v] as number;
    const x = Number.isFinite(s) && s > 0 ? s : 0;
    value[v] = x;
    if (x > vMax) vMax = x;
  }
  const sq = Math.sqrt(Math.max(n, 1));
  let rMax = clamp(300 / sq, 11, 22);
  let rMin = clamp(55 / sq, 1.3, 4.5);
  const radius = new Float64Array(n);
  const setRadii = () => {
    for (let v = 0; v < n; v++) {
      const f = vMax > 0 ? (value[v] as number) / vMax : 0.25;
      radius[v] = Math.sqrt(rMin * rMin + (rMax * rMax - rMin * rMin) * f);
    }
  };
  setRadii();
  const gap = clamp(rMin * 0.9 + 1, 1.5, 6);

  // ---- how much room each layer needs (unscaled pixels) ------------------------------------------
  const members: number[][] = [[], [], []];
  for (let v = 0; v < n; v++) (members[cls[v] === 1 ? 1 : cls[v] === 2 ? 2 : 0] as number[]).push(v);
  const core = members[0] as number[];
  const bySizeDesc = (a: number, b: number) => (value[b] as number) - (value[a] as number) || a - b;
  core.sort(bySizeDesc);
  let coreArea = 0;
  for (const v of core) coreArea += (2 * (radius[v] as number) + gap) ** 2;
  const pad = 14;
  const needCore = Math.sqrt(coreArea / Math.PI) * 1.08 + pad;
  const ringNeed = (ring: number[], inner: number) => {
    let perimeter = 0;
    let widest = rMin;
    for (const v of ring) {
      perimeter += 2 * (radius[v] as number) + gap;
      widest = Math.max(widest, radius[v] as number);
    }
    const trackWidth = 2 * widest + gap;
    let tracks = 1;
    while (tracks < 50) {
      let capacity = 0;
      for (let t = 0; t < tracks; t++) capacity += 2 * Math.PI * (inner + pad + trackWidth * (t + 0.5));
      if (capacity >= perimeter) break;
      tracks++;
    }
    return { tracks, width: tracks * trackWidth + 2 * pad };
  };
  const aux = ringNeed(members[1] as number[], needCore);
  const ext = ringNeed(members[2] as number[], needCore + aux.width);
  const need = [needCore, aux.width, ext.width];
  const totalNeed = needCore + aux.width + ext.width;
  let widths: number[];
  if (totalNeed > R_OUT) {
    // Too crowded: shrink everything, nodes included.
    const s = R_OUT / totalNeed;
    widths = need.map((w) => w * s);
    rMax *= s;
    rMin *= s;
    setRadii();
  } else {
    // Room to spare: grow the bands towards readable proportions.
    const target = [0.56, 0.22, 0.22].map((f) => f * R_OUT);
    const short = need.map((w, i) => Math.max(0, (target[i] as number) - w));
    const sumShort = short.reduce((a, b) => a + b, 0);
    const extra = R_OUT - totalNeed;
    widths = need.map((w, i) => w + (sumShort > 0 ? (extra * (short[i] as number)) / sumShort : extra / 3));
  }
  const rCore = widths[0] as number;
  const rAux = rCore + (widths[1] as number);
  const shrink = totalNeed > R_OUT ? R_OUT / totalNeed : 1;

  // ---- positions -----------------------------------------------------------------------------------
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // Core: area-aware sunflower spiral, largest first (in the centre).
  {
    let total = 0;
    for (const v of core) total += (2 * (radius[v] as number) + gap) ** 2;
    const usable = Math.max(rCore - pad * shrink - rMax * 0.5, rMax);
    let before = 0;
    core.forEach((v, i) => {
      const a = (2 * (radius[v] as number) + gap) ** 2;
      const rho = total > 0 ? usable * Math.sqrt((before + a / 2) / total) : 0;
      before += a;
      const theta = i * GOLDEN_ANGLE - Math.PI / 2;
      x[v] = CX + rho * Math.cos(theta);
      y[v] = CY + rho * Math.sin(theta);
    });
  }
  const placed = new Uint8Array(n);
  for (const v of core) placed[v] = 1;
  placeRing(g, members[1] as number[], rCore, rAux, aux.tracks, pad * shrink, gap, radius, placed, x, y);
  for (const v of members[1] as number[]) placed[v] = 1;
  placeRing(g, members[2] as number[], rAux, R_OUT, ext.tracks, pad * shrink, gap, radius, placed, x, y);

  // ---- SVG -------------------------------------------------------------------------------------------
  const out: string[] = [];
  const title = opts.title ?? '';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" font-family="${SVG_FONT_FAMILY}">`,
  );
  out.push(`<title>${esc(title || text.summary(n, g.m, g.directed))}</title>`);
  const edgeOpacity = clamp(14 / Math.sqrt(Math.max(g.m, 1)), 0.1, 0.5);
  const arrow = clamp(rMax * 0.3, 2.5, 5.5);
  if (g.directed) {
    out.push('<defs>');
    for (const [id, colour] of [
      ['climb-arrow', EDGE],
      ['climb-arrow-x', EDGE_EXTERNAL],
    ] as const)
      out.push(
        `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${f1(arrow)}" markerHeight="${f1(arrow)}" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0.5 L10,5 L0,9.5 z" fill="${colour}" fill-opacity="${f2(Math.min(1, edgeOpacity * 1.3))}"/></marker>`,
      );
    out.push('</defs>');
  }
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);

  // Bands and the cluster boundary.
  out.push('<g class="bands">');
  out.push(`<circle cx="${CX}" cy="${CY}" r="${R_OUT}" fill="${TINT[2]}"/>`);
  out.push(`<circle cx="${CX}" cy="${CY}" r="${f1(rAux)}" fill="${TINT[1]}"/>`);
  out.push(`<circle cx="${CX}" cy="${CY}" r="${f1(rCore)}" fill="${TINT[0]}"/>`);
  out.push(
    `<circle cx="${CX}" cy="${CY}" r="${f1(rAux)}" fill="none" stroke="#6b7280" stroke-width="1.4" stroke-dasharray="7 5"/>`,
  );
  out.push(`<circle cx="${CX}" cy="${CY}" r="${f1(rCore)}" fill="none" stroke="#b8c4d2" stroke-width="1"/>`);
  out.push('</g>');

  // Edges.
  const edgeWidth = clamp(1.6 / Math.log10(Math.max(g.m, 10)), 0.35, 0.9);
  const plain: string[] = [];
  const crossing: string[] = [];
  for (let u = 0; u < n; u++) {
    const end = g.outOffsets[u + 1] as number;
    for (let p = g.outOffsets[u] as number; p < end; p++) {
      const v = g.outTargets[p] as number;
      if (!g.directed && v < u) continue;
      const across = (cls[u] === 2) !== (cls[v] === 2);
      (across ? crossing : plain).push(edgePath(u, v, g.directed, across, x, y, radius));
    }
  }
  out.push(
    `<g class="edges" fill="none" stroke="${EDGE}" stroke-width="${f2(edgeWidth)}" stroke-opacity="${f2(edgeOpacity)}" stroke-linecap="round">`,
  );
  out.push(...plain);
  out.push('</g>');
  out.push(
    `<g class="edges crossing" fill="none" stroke="${EDGE_EXTERNAL}" stroke-width="${f2(edgeWidth * 1.2)}" stroke-opacity="${f2(Math.min(0.9, edgeOpacity * 1.6))}" stroke-linecap="round">`,
  );
  out.push(...crossing);
  out.push('</g>');

  // Band names and the boundary label (on top of the edges, under the nodes).
  out.push(`<g class="band-labels" font-size="13" font-weight="600" text-anchor="middle">`);
  const bandLabel = (label: string, r: number, ink: string) =>
    `<text x="${CX}" y="${f1(CY - r + 17)}" fill="${ink}" stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">${esc(label)}</text>`;
  out.push(bandLabel(text.layers[2], R_OUT, BAND_INK[2]));
  out.push(bandLabel(text.layers[1], rAux, BAND_INK[1]));
  out.push(bandLabel(text.layers[0], rCore, BAND_INK[0]));
  out.push(
    `<text x="${f1(CX + rAux * Math.cos(Math.PI / 4) + 6)}" y="${f1(CY + rAux * Math.sin(Math.PI / 4) + 6)}" font-size="11" font-weight="400" text-anchor="start" fill="#4b5563" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${esc(text.boundary)}</text>`,
  );
  out.push('</g>');

  // Nodes: small first, so large ones stay on top.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (value[a] as number) - (value[b] as number) || a - b,
  );
  const nodeStroke = clamp((rMin + 0.6) / 3, 0.4, 1.2);
  out.push(`<g class="nodes" stroke="#ffffff" stroke-width="${f2(nodeStroke)}">`);
  for (const v of order)
    out.push(
      `<circle class="node" cx="${f1(x[v] as number)}" cy="${f1(y[v] as number)}" r="${f2(radius[v] as number)}" fill="${FILL[cls[v] as number]}"><title>${esc(opts.label[v] ?? g.ids[v] ?? '')}</title></circle>`,
    );
  out.push('</g>');
  let gatekeepers = 0;
  if (highlight) {
    const ring = clamp(rMax * 0.12, 1.2, 2.4);
    out.push(`<g class="gatekeepers" fill="none" stroke="${GATEKEEPER}" stroke-width="${f2(ring)}">`);
    for (const v of order)
      if (highlight[v] === 1) {
        gatekeepers++;
        out.push(
          `<circle class="gatekeeper" cx="${f1(x[v] as number)}" cy="${f1(y[v] as number)}" r="${f2((radius[v] as number) + ring * 0.5 + 1.6)}"/>`,
        );
      }
    out.push('</g>');
  }

  // Labels for the largest nodes, dropping any that would collide.
  const wanted = opts.maxLabels ?? (n <= 30 ? n : 16);
  // Candidates: the largest nodes, then gatekeepers not among them (a few more, if they fit).
  const largest = [...order]
    .reverse()
    .filter((v) => (value[v] as number) > 0 || vMax === 0)
    .slice(0, wanted);
  const chosen = new Set(largest);
  const extraGatekeepers = highlight
    ? [...order].reverse().filter((v) => highlight[v] === 1 && !chosen.has(v))
    : [];
  const obstacles = order.filter((v) => (radius[v] as number) >= 0.45 * rMax || highlight?.[v] === 1);
  const labelled = placeLabels(
    [...largest, ...extraGatekeepers],
    wanted + Math.min(8, extraGatekeepers.length),
    opts.label,
    g.ids,
    x,
    y,
    radius,
    obstacles,
  );
  out.push(`<g class="labels" font-size="12" fill="#1f2937">`);
  for (const l of labelled)
    out.push(
      `<text x="${f1(l.x)}" y="${f1(l.y)}" text-anchor="${l.anchor}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${esc(l.text)}</text>`,
    );
  out.push('</g>');

  // Title and summary.
  let ty = 34;
  if (title) {
    out.push(`<text x="30" y="${ty}" font-size="21" font-weight="700" fill="#111827">${esc(title)}</text>`);
    ty += 24;
  }
  out.push(
    `<text x="30" y="${ty}" font-size="13" fill="#4b5563">${esc(text.summary(n, g.m, g.directed))}</text>`,
  );

  // Legend.
  const labelledGatekeepers = labelled.filter((l) => !chosen.has(l.node)).length;
  out.push(
    ...legend(opts, text, count, gatekeepers, g.directed, vMax, rMin, rMax, [
      labelled.length - labelledGatekeepers,
      labelledGatekeepers,
    ]),
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Places ring nodes in the annulus [inner, outer] on `tracks` concentric tracks. */
function placeRing(
  g: Graph,
  ring: number[],
  inner: number,
  outer: number,
  tracks: number,
  pad: number,
  gap: number,
  radius: Float64Array,
  placed: Uint8Array,
  x: Float64Array,
  y: Float64Array,
): void {
  const k = ring.length;
  if (k === 0) return;
  const trackWidth = (outer - inner - 2 * pad) / tracks;
  const rMid = inner + pad + trackWidth * (tracks / 2);
  // Preferred angle: the direction of the mean position of the neighbours already placed.
  const pref = new Float64Array(k).fill(Number.NaN);
  ring.forEach((v, i) => {
    let sx = 0;
    let sy = 0;
    const visit = (offsets: Int32Array, targets: Int32Array) => {
      for (let p = offsets[v] as number; p < (offsets[v + 1] as number); p++) {
        const w = targets[p] as number;
        if (placed[w]) {
          sx += (x[w] as number) - CX;
          sy += (y[w] as number) - CY;
        }
      }
    };
    visit(g.outOffsets, g.outTargets);
    if (g.directed) visit(g.inOffsets, g.inSources);
    if (sx * sx + sy * sy > 1e-9) pref[i] = Math.atan2(sy, sx);
  });
  const needs = ring.map((v) => (2 * (radius[v] as number) + gap) / tracks / rMid);
  const totalNeed = needs.reduce((a, b) => a + b, 0);
  const known = [...ring.keys()].filter((i) => !Number.isNaN(pref[i] as number));
  known.sort(
    (a, b) => (pref[a] as number) - (pref[b] as number) || (ring[a] as number) - (ring[b] as number),
  );
  const unknown = [...ring.keys()].filter((i) => Number.isNaN(pref[i] as number));

  let seq: number[];
  let angle: Float64Array;
  const even = (list: number[], start: number) => {
    const a = new Float64Array(list.length);
    const span = Math.max(totalNeed, 2 * Math.PI);
    let acc = 0;
    list.forEach((i, j) => {
      const d = needs[i] as number;
      a[j] = start + ((acc + d / 2) / span) * 2 * Math.PI;
      acc += d;
    });
    return a;
  };
  if (known.length === 0) {
    seq = unknown;
    angle = even(seq, -Math.PI / 2);
  } else {
    // Cut the circle at the widest gap between preferred angles; nodes without placed neighbours go
    // into that gap.
    let cut = 0;
    let widest = -1;
    for (let j = 0; j < known.length; j++) {
      const a = pref[known[j] as number] as number;
      const b = pref[known[(j + 1) % known.length] as number] as number;
      const gapAngle = j + 1 < known.length ? b - a : b + 2 * Math.PI - a;
      if (gapAngle > widest) {
        widest = gapAngle;
        cut = (j + 1) % known.length;
      }
    }
    seq = [...known.slice(cut), ...known.slice(0, cut), ...unknown];
    const start = pref[known[cut] as number] as number;
    const target = new Float64Array(seq.length);
    let last = start;
    seq.forEach((i, j) => {
      if (j < known.length) {
        let a = pref[i] as number;
        while (a < last - 1e-12) a += 2 * Math.PI;
        target[j] = a;
        last = a;
      } else target[j] = start + 2 * Math.PI - widest / 2;
    });
    if (totalNeed >= 2 * Math.PI * 0.98) angle = even(seq, start);
    else {
      angle = spread(
        target,
        seq.map((i) => needs[i] as number),
      );
      const first = angle[0] as number;
      const lastAngle = angle[seq.length - 1] as number;
      const wrap =
        ((needs[seq[0] as number] as number) + (needs[seq[seq.length - 1] as number] as number)) / 2;
      if (seq.length > 1 && first + 2 * Math.PI - lastAngle < wrap) angle = even(seq, start);
    }
  }
  seq.forEach((i, j) => {
    const v = ring[i] as number;
    const t = j % tracks;
    const r = inner + pad + trackWidth * (t + 0.5);
    const a = angle[j] as number;
    x[v] = CX + r * Math.cos(a);
    y[v] = CY + r * Math.sin(a);
  });
}

/**
 * Positions on a line as close as possible (least squares) to `target`, in the given order, with
 * consecutive positions at least (need[j] + need[j+1]) / 2 apart: pool-adjacent-violators.
 */
function spread(target: Float64Array, need: number[]): Float64Array {
  const k = target.length;
  const offset = new Float64Array(k);
  for (let j = 1; j < k; j++)
    offset[j] = (offset[j - 1] as number) + ((need[j - 1] as number) + (need[j] as number)) / 2;
  const sum: number[] = [];
  const size: number[] = [];
  for (let j = 0; j < k; j++) {
    sum.push((target[j] as number) - (offset[j] as number));
    size.push(1);
    while (
      sum.length > 1 &&
      (sum[sum.length - 2] as number) / (size[size.length - 2] as number) >
        (sum[sum.length - 1] as number) / (size[size.length - 1] as number)
    ) {
      const s = sum.pop() as number;
      const c = size.pop() as number;
      sum[sum.length - 1] = (sum[sum.length - 1] as number) + s;
      size[size.length - 1] = (size[size.length - 1] as number) + c;
    }
  }
  const out = new Float64Array(k);
  let j = 0;
  for (let b = 0; b < sum.length; b++) {
    const mean = (sum[b] as number) / (size[b] as number);
    for (let c = 0; c < (size[b] as number); c++, j++) out[j] = mean + (offset[j] as number);
  }
  return out;
}

function edgePath(
  u: number,
  v: number,
  directed: boolean,
  across: boolean,
  x: Float64Array,
  y: Float64Array,
  radius: Float64Array,
): string {
  const x1 = x[u] as number;
  const y1 = y[u] as number;
  const x2 = x[v] as number;
  const y2 = y[v] as number;
  if (!directed) return `<path d="M${f1(x1)},${f1(y1)}L${f1(x2)},${f1(y2)}"/>`;
  // A gentle clockwise bend keeps the two arcs of a reciprocated tie apart.
  const dx = x2 - x1;
  const dy = y2 - y1;
  const cx = (x1 + x2) / 2 + dy * 0.12;
  const cy = (y1 + y2) / 2 - dx * 0.12;
  const tx = x2 - cx;
  const ty = y2 - cy;
  const len = Math.hypot(tx, ty) || 1;
  const back = (radius[v] as number) + 1;
  const ex = x2 - (tx / len) * back;
  const ey = y2 - (ty / len) * back;
  return `<path d="M${f1(x1)},${f1(y1)}Q${f1(cx)},${f1(cy)} ${f1(ex)},${f1(ey)}" marker-end="url(#${across ? 'climb-arrow-x' : 'climb-arrow'})"/>`;
}

interface PlacedLabel {
  node: number;
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
  text: string;
}

function placeLabels(
  candidates: number[],
  wanted: number,
  labels: readonly string[],
  ids: readonly string[],
  x: Float64Array,
  y: Float64Array,
  radius: Float64Array,
  /** Nodes a label should not cover (large ones and gatekeepers), when another position is free. */
  obstacles: number[],
): PlacedLabel[] {
  const boxes: [number, number, number, number][] = [];
  const out: PlacedLabel[] = [];
  const fontSize = 12;
  const hitsNode = (box: [number, number, number, number], self: number) =>
    obstacles.some((u) => {
      if (u === self) return false;
      const r = (radius[u] as number) + 2.5;
      const cx = clamp(x[u] as number, box[0], box[2]);
      const cy = clamp(y[u] as number, box[1], box[3]);
      return ((x[u] as number) - cx) ** 2 + ((y[u] as number) - cy) ** 2 < r * r;
    });
  for (const v of candidates) {
    if (out.length >= wanted) break;
    const label = labels[v] || ids[v] || '';
    if (!label) continue;
    const w = textWidth(label, fontSize);
    const h = fontSize + 2;
    const r = radius[v] as number;
    const px = x[v] as number;
    const py = y[v] as number;
    const options: PlacedLabel[] = [
      { x: px + r + 3, y: py + 4, anchor: 'start', text: label, node: v },
      { x: px - r - 3, y: py + 4, anchor: 'end', text: label, node: v },
      { x: px, y: py - r - 4, anchor: 'middle', text: label, node: v },
      { x: px, y: py + r + 13, anchor: 'middle', text: label, node: v },
    ];
    // First a position clear of other labels and of large nodes; failing that, clear of labels only.
    placing: for (const strict of [true, false])
      for (const o of options) {
        const left = o.anchor === 'start' ? o.x : o.anchor === 'end' ? o.x - w : o.x - w / 2;
        const box: [number, number, number, number] = [
          left - 1,
          o.y - fontSize,
          left + w + 1,
          o.y - fontSize + h,
        ];
        if (box[0] < 4 || box[2] > LEGEND_X - 8 || box[1] < 4 || box[3] > HEIGHT - 4) continue;
        if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
        if (strict && hitsNode(box, v)) continue;
        boxes.push(box);
        out.push(o);
        break placing;
      }
  }
  return out;
}

function legend(
  opts: DrawOptions,
  text: (typeof TEXT)['zh' | 'en'],
  count: number[],
  gatekeepers: number,
  directed: boolean,
  vMax: number,
  rMin: number,
  rMax: number,
  labelled: [number, number],
): string[] {
  const out: string[] = [];
  const x0 = LEGEND_X;
  const paren = (k: number) => (opts.lang === 'zh' ? `（${k}）` : ` (${k})`);
  let yy = 96;
  out.push(`<g class="legend" font-size="13" fill="#1f2937">`);
  out.push(`<text x="${x0}" y="${yy}" font-size="15" font-weight="700">${esc(text.legend)}</text>`);
  yy += 28;
  for (let c = 0; c < 4; c++) {
    if (c === 3 && count[3] === 0) continue;
    out.push(
      `<circle cx="${x0 + 8}" cy="${yy - 4.5}" r="7" fill="${FILL[c]}" stroke="#ffffff" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${x0 + 24}" y="${yy}">${esc(text.layers[c] as string)}${paren(count[c] as number)}</text>`,
    );
    yy += 24;
  }
  if (opts.highlight) {
    out.push(
      `<circle cx="${x0 + 8}" cy="${yy - 4.5}" r="6" fill="${FILL[0]}" stroke="#ffffff" stroke-width="1"/>`,
    );
    out.push(
      `<circle class="legend-gatekeeper" cx="${x0 + 8}" cy="${yy - 4.5}" r="9" fill="none" stroke="${GATEKEEPER}" stroke-width="2"/>`,
    );
    out.push(`<text x="${x0 + 24}" y="${yy}">${esc(text.gatekeeper)}${paren(gatekeepers)}</text>`);
    yy += 30;
  }
  // Ties.
  const lineY = yy - 4.5;
  const marker = (id: string) => (directed ? ` marker-end="url(#${id})"` : '');
  out.push(
    `<path d="M${x0},${lineY}L${x0 + 18},${lineY}" stroke="${EDGE}" stroke-width="1.2"${marker('climb-arrow')}/>`,
  );
  out.push(`<text x="${x0 + 24}" y="${yy}">${esc(text.tie(directed))}</text>`);
  yy += 22;
  out.push(
    `<path d="M${x0},${yy - 4.5}L${x0 + 18},${yy - 4.5}" stroke="${EDGE_EXTERNAL}" stroke-width="1.4"${marker('climb-arrow-x')}/>`,
  );
  out.push(`<text x="${x0 + 24}" y="${yy}">${esc(text.crossing)}</text>`);
  yy += 22;
  out.push(
    `<path d="M${x0},${yy - 4.5}L${x0 + 18},${yy - 4.5}" stroke="#6b7280" stroke-width="1.4" stroke-dasharray="5 3"/>`,
  );
  out.push(`<text x="${x0 + 24}" y="${yy}">${esc(text.boundary)}</text>`);
  yy += 34;
  // Size key: three reference circles.
  out.push(`<text x="${x0}" y="${yy}" font-weight="600">${esc(text.size(opts.sizeLabel))}</text>`);
  yy += 14;
  if (vMax > 0) {
    const samples = [vMax, niceBelow(vMax / 4), 0];
    let cy = yy + rMax;
    for (const s of samples) {
      const r = Math.sqrt(rMin * rMin + (rMax * rMax - rMin * rMin) * (s / vMax));
      out.push(
        `<circle cx="${f1(x0 + 4 + rMax)}" cy="${f1(cy)}" r="${f2(r)}" fill="#c9d3de" stroke="#6b7a8c" stroke-width="0.8"/>`,
      );
      out.push(`<text x="${f1(x0 + 2 * rMax + 16)}" y="${f1(cy + 4.5)}">${esc(formatValue(s))}</text>`);
      cy += 2 * rMax + 8;
    }
    yy = cy + 6;
  }
  if (labelled[0] + labelled[1] > 0) {
    for (const line of text.labelled(labelled[0], labelled[1])) {
      out.push(`<text x="${x0}" y="${yy}" font-size="11.5" fill="#6b7280">${esc(line)}</text>`);
      yy += 16;
    }
  }
  out.push('</g>');
  return out;
}

function niceBelow(x: number): number {
  if (!(x > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [5, 2, 1]) if (m * p <= x) return m * p;
  return p;
}

function formatValue(x: number): string {
  if (x === 0) return '0';
  if (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3) return x.toExponential(1);
  return String(Number(x.toPrecision(3)));
}

/** Rough advance width: CJK and full-width characters 1 em, others ~0.58 em. */
function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w += c >= 0x2e80 || (c >= 0x1100 && c <= 0x115f) ? 1 : /[A-Z0-9]/.test(ch) ? 0.66 : 0.56;
  }
  return w * fontSize;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function f1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function f2(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}
