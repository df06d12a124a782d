import { readFileSync } from 'node:fs';

/** Facts real TensorFlow recorded (tools/oracle/gen_plugin_fixtures.py). */
export const pluginFixture: {
  wire_names: Record<string, string>;
  no_kernel: { class: string; message: string };
} = JSON.parse(
  readFileSync(
    new URL('../../../../tools/oracle/fixtures/plugin/plugin.json', import.meta.url),
    'utf8',
  ),
);
