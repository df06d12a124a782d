import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// An op no kernel supports fails before anything runs, as TF's placer fails it: the class,
// the op, node, attrs, devices and the kernels that are registered. TF 2.21 on a
// `MatMul` with T=uint16 (tools: a session run of any fetch of that graph):
//   InvalidArgumentError: No OpKernel was registered to support Op 'MatMul' used by
//   {{node mm}} with these attrs: [transpose_b=false, ..., T=DT_UINT16, ...]
//   Registered devices: [CPU]
//   Registered kernels:
//     device='CPU'; T in [DT_INT64] ...
//   	 [[mm]]
describe('an op with no kernel for its device', () => {
  function graph(): Graph {
    const g = new Graph();
    const a = g.createOp('Placeholder', [], { dtype: 'uint16', shape: [2, 2] }, { name: 'a' });
    g.createOp('MatMul', [a.outputs[0]!, a.outputs[0]!], { T: 'uint16' }, { name: 'mm' });
    g.createOp('Const', [], { value: NDArray.from(1, 'float32'), dtype: 'float32' }, { name: 'c' });
    return g;
  }

  it('is an InvalidArgumentError at plan time naming op, node, attrs, devices and kernels', async () => {
    const session = new Session({ graph: graph(), backends: [cpu()] });
    const error = (await session.run('c:0').then(
      () => null,
      (e: Error) => e,
    )) as InvalidArgumentError | null;
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const message = error?.message ?? '';
    expect(message).toMatch(
      /^No OpKernel was registered to support Op 'MatMul' used by \{\{node mm\}\} with these attrs: \[[^\n]*T=DT_UINT16[^\n]*\]\n/,
    );
    expect(message).toContain('\nRegistered devices: [CPU]\nRegistered kernels:\n');
    expect(message).toMatch(/\n {2}device='CPU'; T in \[[^\]\n]*DT_FLOAT[,\]]/);
    expect(message).not.toContain('DT_UINT16]');
    // TF: the kernel list's last line, an empty line, then the placer's node trailer.
    expect(message.endsWith(']\n\n\t [[mm]]')).toBe(true);
    await session.close();
  });
});
