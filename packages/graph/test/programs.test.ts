import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Graph, type Operation } from '@tensorgraph/graph';
import { scalar, testRegistry } from './test-ops.js';

// Graph-building programs that real TensorFlow ran (tools/oracle/gen_graph_fixtures.py);
// we run the same steps and must make the same ops, names, devices and dependencies.
type Step = [string, ...unknown[]];
type Event = [string, ...unknown[]];
const fixture: { programs: Record<string, { steps: Step[]; events: Event[] }> } = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/graph/programs.json', import.meta.url),
    'utf8',
  ),
);

function run(steps: Step[]): Event[] {
  const g = new Graph({ opRegistry: testRegistry });
  const events: Event[] = [];
  const exec = (list: Step[]): void => {
    for (const step of list) {
      const [kind] = step;
      if (kind === 'op') {
        const [, type, name, inputs] = step as [string, string, string | null, string[]];
        const ins = inputs.map((n) => g.getTensorByName(n));
        const attrs =
          type === 'Const'
            ? { value: scalar(1), dtype: 'float32' as const }
            : type === 'Identity'
              ? { T: 'float32' as const }
              : {};
        const op: Operation = g.createOp(type, ins, attrs, name === null ? {} : { name });
        events.push([
          'op',
          op.name,
          op.device,
          op.controlInputs.map((c) => c.name).sort(),
          op.hasAttr('_class') ? op.getAttr<string[]>('_class') : [],
        ]);
      } else if (kind === 'scope') {
        g.nameScope(step[1] as string, (scope) => {
          events.push(['scope', scope]);
          exec(step[2] as Step[]);
        });
      } else if (kind === 'device') {
        g.device(step[1] as string | null, () => exec(step[2] as Step[]));
      } else if (kind === 'control') {
        g.controlDependencies(step[1] as string[] | null, () => exec(step[2] as Step[]));
      } else if (kind === 'colocate') {
        g.colocateWith(step[1] as string, () => exec(step[3] as Step[]), {
          ignoreExisting: step[2] as boolean,
        });
      }
    }
  };
  try {
    exec(steps);
  } catch (e) {
    events.push(['error', (e as Error).name, (e as Error).message]);
  }
  return events;
}

describe('graph-building programs give what TensorFlow gave', () => {
  it.each(Object.entries(fixture.programs))('%s', (_name, { steps, events }) => {
    expect(run(steps)).toEqual(events);
  });
});
