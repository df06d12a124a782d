// Checks that every workspace package is publishable as it stands: built output present,
// exports map resolvable, files list covering it, README and 0.x version (via publint).
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('..', import.meta.url).pathname;
let problems = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const pkgPath = join(pkgDir, 'package.json');
  if (!existsSync(pkgPath)) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const own = [];
  if (!/^0\./.test(pkg.version)) own.push(`version ${pkg.version} is not 0.x`);
  if (!existsSync(join(pkgDir, 'README.md'))) own.push('no README.md');
  if (pkg.type !== 'module') own.push('not ESM ("type": "module")');
  if (!pkg.exports?.['.']?.types) own.push('exports["."] has no types');
  const { messages } = await publint({ pkgDir, level: 'warning', strict: true, pack: 'npm' });
  for (const m of messages) own.push(`${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
  problems += own.length;
  console.log(`${own.length === 0 ? 'ok  ' : 'FAIL'} ${pkg.name}@${pkg.version}`);
  for (const line of own) console.log(`     ${line}`);
}
process.exit(problems === 0 ? 0 : 1);
