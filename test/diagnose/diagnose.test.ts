import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { firm, kb, panel, workspace } from '../helpers.ts';

function bundled(id: string): Workspace {
  const c = kb.cases.get(id);
  if (!c?.workspace) throw new Error(`no workspace for ${id}`);
  return loadWorkspace(resolve(dirname(c.file), c.workspace), kb).workspace;
}

/** The same cluster with every buyer relationship turned into arm's-length market governance. */
function asMarket(ws: Workspace): Workspace {
  return {
    ...ws,
    firms: ws.firms.map((f) => ({
      ...f,
      buyers: f.buyers?.map((b) => ({
        ...b,
        complexity: 'low' as const,
        codifiability: 'high' as const,
        capability: 'high' as const,
      })),
    })),
  };
}

describe('diagnosis behaves as the theory says', () => {
  it('captive chains hinder functional upgrading and point to the way out (H&S 2002; seed 002 §2.2.3)', () => {
    const d = diagnose(bundled('datang-socks'), kb);
    expect(d.governance.dominant).toBe('captive');
    expect(d.prospects.byType.functional.verdict).toBe('hindered');
    expect(d.prospects.byType.process.verdict).toBe('favoured');
    expect(d.prospects.escape).toBeDefined();
    const m = diagnose(asMarket(bundled('datang-socks')), kb);
    expect(m.prospects.byType.functional.verdict).not.toBe('hindered');
    expect(m.prospects.escape).toBeUndefined();
    expect(m.risks.find((r) => r.id === 'lockin-functional')?.level).toBe('low');
  });

  it('weighting by exports puts more weight on captive export chains than weighting by sales', () => {
    const ws = bundled('ningbo-garments');
    const sales = diagnose(ws, kb, { weighting: 'sales' }).governance.shares;
    const exports = diagnose(ws, kb, { weighting: 'exports' }).governance.shares;
    expect(exports.captive).toBeGreaterThan(sales.captive);
    expect(exports.market).toBeLessThan(sales.market);
  });

  it('an own-brand, market-governed cluster captures more value than an OEM, captive one', () => {
    const liushi = diagnose(bundled('liushi-electrical'), kb);
    const datang = diagnose(bundled('datang-socks'), kb);
    expect(liushi.valueCapture).toBeGreaterThan(datang.valueCapture);
    expect(liushi.positions.shares.OBM).toBeGreaterThan(datang.positions.shares.OBM);
  });

  it('gives stage-fitting advice: an OEM cluster gets process-stage strategies, not chain-stage ones', () => {
    const ws = workspace({
      firms: [firm({ id: 'a', revenue: 100 }), firm({ id: 'b', revenue: 80, size: 'micro' })],
      indicators: panel(6, (i) => ({
        laborProductivity: 10 * 1.08 ** i,
        profitTaxPer100Yuan: 8 - 0.3 * i,
        rndIntensity: 0.5,
      })),
    });
    const d = diagnose(ws, kb);
    expect(d.stage.stage).toBe('process');
    const ids = d.recommendations.map((r) => r.rule.id);
    expect(ids.some((id) => id.startsWith('s000.process'))).toBe(true);
    expect(ids.some((id) => id.startsWith('s000.chain'))).toBe(false);
    for (const r of d.recommendations) expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('says which data is missing, and respects what the workspace declares missing', () => {
    const bare = diagnose(workspace(), kb);
    expect(bare.missing.map((m) => m.field)).toEqual(
      expect.arrayContaining(['indicators.laborProductivity', 'firms.buyers']),
    );
    expect(bare.missing.every((m) => m.declared === undefined)).toBe(true);
    const declared = diagnose(
      workspace({
        missingData: [{ field: 'indicators', reason: { zh: '统计部门未公布', en: 'Not published' } }],
      }),
      kb,
    );
    expect(declared.missing.find((m) => m.field === 'indicators.laborProductivity')?.declared?.en).toBe(
      'Not published',
    );
    expect(declared.missing.find((m) => m.field === 'firms.buyers')?.declared).toBeUndefined();
  });
});
