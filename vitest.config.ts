import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against each package's TypeScript sources, not its build output, so
// `npm test` needs no build. Every workspace package is one vitest project, and every
// entry of its `exports` map resolves to the matching source file.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

interface Manifest {
  name: string;
  exports: Record<string, string | { default: string }>;
}

const manifests = readdirSync(packagesDir)
  .filter((dir) => existsSync(`${packagesDir}${dir}/package.json`))
  .map((dir) => ({
    dir,
    pkg: JSON.parse(readFileSync(`${packagesDir}${dir}/package.json`, 'utf8')) as Manifest,
  }));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const alias = manifests.flatMap(({ dir, pkg }) =>
  Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object')
    .map(([subpath, target]) => ({
      find: new RegExp(`^${escape(pkg.name + subpath.slice(1))}$`),
      replacement: `${packagesDir}${dir}/${(target as { default: string }).default
        .replace('./dist/', 'src/')
        .replace(/\.js$/, '.ts')}`,
    })),
);

export default defineConfig({
  test: {
    projects: manifests.map(({ dir, pkg }) => ({
      resolve: { alias },
      test: { name: pkg.name, root: `${packagesDir}${dir}/`, include: ['test/**/*.test.ts'] },
    })),
  },
});
