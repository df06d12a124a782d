import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOpFixture, type OpFixtureFile } from './op-fixtures.js';

/** The golden vectors under `dir`, file by file (sorted). */
export function loadOpFixtures(dir: string): OpFixtureFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => parseOpFixture(file, readFileSync(join(dir, file), 'utf8')));
}
