import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against each package's TypeScript sources, not its build output, so
// `npm test` needs no build step. Each workspace package is one vitest project.
const pkg = (dir: string) => fileURLToPath(new URL(`./packages/${dir}/src/`, import.meta.url));

const alias = [
  { find: /^@tensorgraph\/core\/testing$/, replacement: `${pkg('core')}testing/index.ts` },
  { find: /^@tensorgraph\/errors$/, replacement: `${pkg('errors')}index.ts` },
  { find: /^@tensorgraph\/core$/, replacement: `${pkg('core')}index.ts` },
  { find: /^tensorgraph$/, replacement: `${pkg('tensorgraph')}index.ts` },
];

const project = (dir: string, name: string) => ({
  resolve: { alias },
  test: {
    name,
    root: fileURLToPath(new URL(`./packages/${dir}/`, import.meta.url)),
    include: ['test/**/*.test.ts'],
  },
});

export default defineConfig({
  test: {
    projects: [
      project('errors', '@tensorgraph/errors'),
      project('core', '@tensorgraph/core'),
      project('tensorgraph', 'tensorgraph'),
    ],
  },
});
