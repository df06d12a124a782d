import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphDef } from '@tensorgraph/core';
import { Graph } from '../src/index.js';

// Our exports of the TF fixture graphs (imported with name '', exported with add_shapes), as
// real TF checks them: tools/oracle/check_reimport.py reads fixtures/graphdef/ours/*.pb and
// writes fixtures/graphdef/reimport-report.json with the sha256 of each file it checked.
//
// After a change to import or export, rewrite the files and rerun the check:
//   TG_WRITE_GRAPHDEF_EXPORTS=1 npx vitest run --project @tensorgraph/graph test/export-fixtures.test.ts
//   .venv-tf/bin/python tools/oracle/check_reimport.py
const ROOT = new URL('../../../tools/oracle/fixtures/graphdef/', import.meta.url);
const MODELS = ['keras_cnn', 'keras_lstm', 'dynamic_rnn', 'tf1_train', 'nested_functions'];
const WRITE = process.env.TG_WRITE_GRAPHDEF_EXPORTS === '1';

interface Report {
  all_passed: boolean;
  fixtures: Record<string, { ours_sha256: string; passed: boolean; problems: string[] }>;
}

const read = (relative: string) => new Uint8Array(readFileSync(new URL(relative, ROOT)));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function exportOf(name: string): Uint8Array {
  const g = new Graph();
  g.importGraphDef(read(`models/${name}.pb`), { name: '' });
  return GraphDef.encode(g.asGraphDef({ addShapes: true })).finish();
}

describe.each(MODELS)('our export of %s', (name) => {
  const bytes = exportOf(name);

  it('is deterministic', () => {
    expect(sha256(exportOf(name))).toBe(sha256(bytes));
  });

  if (WRITE) {
    it('is written to fixtures/graphdef/ours/', () => {
      mkdirSync(new URL('ours/', ROOT), { recursive: true });
      writeFileSync(new URL(`ours/${name}.pb`, ROOT), bytes);
    });
    return;
  }

  it('matches the committed export (rewrite it with TG_WRITE_GRAPHDEF_EXPORTS=1)', () => {
    expect(existsSync(new URL(`ours/${name}.pb`, ROOT))).toBe(true);
    expect(sha256(read(`ours/${name}.pb`))).toBe(sha256(bytes));
  });

  it('was checked by real TF against its own import of the original (check_reimport.py)', () => {
    const report = JSON.parse(
      readFileSync(new URL('reimport-report.json', ROOT), 'utf8'),
    ) as Report;
    const entry = report.fixtures[name];
    expect(entry?.problems).toEqual([]);
    expect(entry?.passed).toBe(true);
    // A stale report (the export changed since TF checked it) fails here: rerun the check.
    expect(entry?.ours_sha256).toBe(sha256(bytes));
    expect(report.all_passed).toBe(true);
  });
});
