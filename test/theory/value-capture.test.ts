import { describe, expect, it } from 'vitest';
import type { Segment } from '../../src/domain/workspace.ts';
import { mainPosition, positionMix } from '../../src/theory/positions.ts';
import { valueCapture } from '../../src/theory/value-capture.ts';
import { firm, kb } from '../helpers.ts';

const seg = (id: string, fn: Segment['function'], valueShare: number): Segment => ({
  id,
  function: fn,
  name: { zh: id, en: id },
  valueShare,
});
// A three-segment smile: design 40 %, manufacturing 20 %, brand 40 %.
const smile = [seg('d', 'design', 0.4), seg('m', 'manufacturing', 0.2), seg('b', 'brand', 0.4)];
const cov = kb.coverage.coverage;

describe('functional-position mix', () => {
  it('weights business models by revenue', () => {
    const mix = positionMix([
      firm({ id: 'a', revenue: 300, revenueSplit: { OEA: 0, OEM: 100, ODM: 0, OBM: 0 } }),
      firm({ id: 'b', revenue: 100, revenueSplit: { OEA: 0, OEM: 0, ODM: 50, OBM: 50 } }),
    ]);
    expect(mix.shares).toEqual({ OEA: 0, OEM: 0.75, ODM: 0.125, OBM: 0.125 });
    expect(mix.lowEnd).toBe(0.75);
    expect(mix.highest).toBe('OBM');
    expect(mix.firmsByMainPosition).toEqual({ OEA: 0, OEM: 1, ODM: 1, OBM: 0 });
  });
  it('takes the largest share as the main model', () => {
    expect(mainPosition(firm({ id: 'x', revenueSplit: { OEA: 10, OEM: 20, ODM: 60, OBM: 10 } }))).toBe('ODM');
  });
});

describe('smile-curve value capture (THEORY §2.1)', () => {
  it('is Σ value share × activity; a pure OEM cluster earns manufacturing only', () => {
    const r = valueCapture(smile, [firm({ id: 'a' })], kb.coverage);
    expect(r.capture).toBeCloseTo(
      0.2 * cov.OEM.manufacturing + 0.4 * cov.OEM.design + 0.4 * cov.OEM.brand,
      12,
    );
    expect(r.capture).toBeCloseTo(0.2, 12);
    expect(r.bounds.allOBM).toBeCloseTo(1, 12);
  });
  it('rises as firms move up from OEM to OBM', () => {
    const oem = valueCapture(smile, [firm({ id: 'a' })], kb.coverage).capture;
    const odm = valueCapture(
      smile,
      [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 0, ODM: 100, OBM: 0 } })],
      kb.coverage,
    ).capture;
    const obm = valueCapture(
      smile,
      [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 0, ODM: 0, OBM: 100 } })],
      kb.coverage,
    ).capture;
    expect(oem).toBeLessThan(odm);
    expect(odm).toBeLessThan(obm);
  });
  it('weights firms by revenue', () => {
    const r = valueCapture(
      smile,
      [
        firm({ id: 'a', revenue: 100 }),
        firm({ id: 'b', revenue: 300, revenueSplit: { OEA: 0, OEM: 0, ODM: 0, OBM: 100 } }),
      ],
      kb.coverage,
    );
    expect(r.capture).toBeCloseTo(0.25 * 0.2 + 0.75 * 1, 12);
  });
  it('keeps relocated activity in capture but not in local capture', () => {
    const r = valueCapture(
      smile,
      [firm({ id: 'a', relocations: [{ segment: 'm', share: 60, destination: 'belt-and-road' }] })],
      kb.coverage,
    );
    expect(r.capture).toBeCloseTo(0.2, 12);
    expect(r.localCapture).toBeCloseTo(0.2 * 0.4, 12);
  });
  it('drops segments a firm says it does not perform', () => {
    const r = valueCapture(
      smile,
      [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 0, ODM: 0, OBM: 100 }, segments: ['m', 'b'] })],
      kb.coverage,
    );
    expect(r.capture).toBeCloseTo(0.6, 12);
  });
  it('every bundled chain preset sums to 1 and is a smile (manufacturing below both ends)', () => {
    for (const c of kb.chains.values()) {
      expect(c.segments.reduce((s, x) => s + x.valueShare, 0)).toBeCloseTo(1, 9);
      const share = (f: string) => c.segments.find((s) => s.function === f)?.valueShare ?? 0;
      expect(share('manufacturing')).toBeLessThan(share('rnd') + share('design'));
      expect(share('manufacturing')).toBeLessThan(share('marketing') + share('brand'));
      for (const s of c.segments) expect(s.source ?? s.assumption).toBeDefined();
    }
    for (const id of ['apparel', 'textiles', 'footwear', 'hardware', 'low-voltage-electrical', 'generic'])
      expect(kb.chains.has(id)).toBe(true);
  });
});
