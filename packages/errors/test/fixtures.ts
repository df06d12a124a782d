import { readFileSync } from 'node:fs';

/** What real TensorFlow recorded about tf.errors (tools/oracle/gen_error_fixtures.py). */
export interface ErrorsFixture {
  tf_version: string;
  codes: Record<string, number>;
  constants: Record<string, number>;
  classes: Record<string, { params: string[]; code: number; bases: string[]; str: string }>;
  exception_type_from_error_code: Record<string, string | { raises: string; message: string }>;
  error_code_from_exception_type: Record<string, number>;
  error_code_from_unknown_class: {
    returns: string;
    message: string;
    error_code: number;
    warnings: string[];
  };
  make_specific_exception: Record<
    string,
    { class: string; error_code: number; message: string; warnings: string[] }
  >;
}

export const fixture: ErrorsFixture = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/errors/errors.json', import.meta.url),
    'utf8',
  ),
);
