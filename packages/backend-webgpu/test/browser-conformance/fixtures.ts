// The golden op vectors over HTTP, parsed by the conformance package's node-free parser
// (the same selection as its Node loader).
import { parseOpFixture, type OpFixtureFile } from '../../../conformance/src/op-fixtures.js';

async function getText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.text();
}

/** Every `fixtures/ops/*.json` (the server lists them, sorted). */
export async function fetchOpFixtures(): Promise<OpFixtureFile[]> {
  const names = JSON.parse(await getText('/ops/index.json')) as string[];
  return Promise.all(
    names.map(async (file) => parseOpFixture(file, await getText(`/ops/${file}`))),
  );
}
