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
