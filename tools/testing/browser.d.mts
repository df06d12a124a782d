import type { Page } from 'playwright-core';

export declare const CHROMIUM: string;

export interface PageRun {
  readonly page: Page;
  /** The value the page left in `window[global]`. */
  readonly result: unknown;
  /** The page's uncaught errors, as text. */
  readonly errors: readonly string[];
}

export declare function withPage<T>(
  options: { url: string; global: string; timeout?: number; webgpu?: boolean },
  use: (run: PageRun) => T | Promise<T>,
): Promise<T>;

/**
 * Bundles browser entry points from the workspace sources (`@tensorgraph/*` aliased to each
 * package's `src/`); returns each output file's text by name (`page.js`).
 */
export declare function bundleWorkspace(
  entryPoints: Record<string, string>,
): Promise<Record<string, string>>;
