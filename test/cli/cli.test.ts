import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosisJson } from '../../src/domain/diagnosis-json.ts';
import { climb } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'minimal.workspace.yaml');

describe('climb governance', () => {
  it('prints the type and memberships as JSON', async () => {
    const r = await climb(
      'governance',
      '--complexity',
      'high',
      '--codifiability',
      'low',
      '--capability',
      'high',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.type).toBe('relational');
    expect(j.membership.relational).toBe(1);
  });
  it('accepts 1–5 grades and says exclusion when it is one', async () => {
    const j = JSON.parse(
      (
        await climb(
          'governance',
          '--complexity',
          '1',
          '--codifiability',
          '5',
          '--capability',
          '1',
          '--format',
          'json',
        )
      ).out,
    );
    expect(j.type).toBe('exclusion');
  });
  it('rejects a grade off the scale with exit 1 and bad usage with exit 2', async () => {
    const bad = await climb('governance', '--complexity', '9', '--codifiability', '5', '--capability', '1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--complexity/);
    expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
    expect(
      (await climb('governance', '--complexity', 'medium', '--codifiability', '5', '--capability', '1')).code,
    ).toBe(2);
    expect((await climb('governance', '--complexity', 'high')).code).toBe(2);
  });
});

describe('climb cases', () => {
  it('lists cases as a JSON array with ids', async () => {
    const r = await climb('cases', 'list', '--format', 'json');
    const list = JSON.parse(r.out) as { id: string; workspace: boolean }[];
    expect(list.length).toBeGreaterThanOrEqual(14);
    expect(list.filter((c) => c.workspace).length).toBeGreaterThanOrEqual(3);
    expect(list.map((c) => c.id)).toContain('ningbo-garments');
  });
  it('lists cases as a table in either language', async () => {
    const en = await climb('cases', 'list');
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/ningbo-garments/);
    expect((await climb('cases', 'list', '--lang', 'zh')).out).toMatch(/宁波/);
  });
  it('shows a case with its sourced facts, and fails cleanly on an unknown id', async () => {
    const r = await climb('cases', 'show', 'datang-socks', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/大唐/);
    const bad = await climb('cases', 'show', 'atlantis');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ningbo-garments/);
  });
});

describe('climb diagnose', () => {
  it('prints one JSON object with the fixed keys, valid against the published schema', async () => {
    const r = await climb('diagnose', FIXTURE, '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      'cluster',
      'governanceMix',
      'positions',
      'valueCapture',
      'upgrading',
      'stage',
      'risks',
      'recommendations',
    ])
      expect(j).toHaveProperty(k);
    expect(DiagnosisJson.safeParse(j).success).toBe(true);
    for (const rec of j.recommendations) {
      expect(rec.source.ref).toBeTruthy();
      expect(rec.evidence.length).toBeGreaterThan(0);
    }
  });
  it('renders text, Markdown and HTML', async () => {
    expect((await climb('diagnose', FIXTURE)).out).toMatch(/Upgrading stage/);
    expect((await climb('diagnose', FIXTURE, '--format', 'md')).out).toMatch(/^# .*\n/);
    const html = (await climb('diagnose', FIXTURE, '--format', 'html', '--lang', 'zh')).out;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<html lang="zh-CN">/);
  });
  it('diagnoses a bundled case by id', async () => {
    const r = await climb('diagnose', 'ningbo-garments', '--format', 'json');
    expect(JSON.parse(r.out).cluster.id).toBe('ningbo-garments');
  });
  it('exits 1 with a located message on bad input, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-cli-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'schemaVersion: 1\nid: [unclosed\n');
    const r = await climb('diagnose', f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml:\d+/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const zh = await climb('validate', '/no/such/file.yaml', '--lang', 'zh');
    expect(zh.code).toBe(1);
    expect(zh.err).toMatch(/错误/);
  });
  it('exits 2 on bad usage', async () => {
    expect((await climb('diagnose', FIXTURE, '--format', 'pdfx')).code).toBe(2);
    expect((await climb('nonsense')).code).toBe(2);
  });
  it('has --help on every command, exit 0', async () => {
    for (const cmd of [
      [],
      ['diagnose'],
      ['validate'],
      ['cases'],
      ['cases', 'list'],
      ['cases', 'show'],
      ['governance'],
    ]) {
      const r = await climb(...cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out + r.err).toMatch(/Usage|用法/);
    }
  });
});

describe('the installed command', () => {
  it('runs through bin/climb.js as `npx climb` does', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'climb.js'), 'validate', FIXTURE], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/valid workspace/);
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin', 'climb.js'), 'validate', '/nope.yaml'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
  });
});
