import { fileURLToPath } from 'node:url';

/** The fixtures this package ships: one level above both `src/` and `dist/`. */
export const FIXTURES_DIR: string = fileURLToPath(new URL('../fixtures/', import.meta.url));
