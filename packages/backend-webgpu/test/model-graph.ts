import { NDArray } from '@tensorgraph/core';
import { arrayFromJson, type JsonArray } from '@tensorgraph/core/testing';
import { Graph, type Tensor } from '@tensorgraph/graph';
import type { Session } from '@tensorgraph/session';

/** What fixtures/gen_session_fixture.py recorded from TensorFlow. */
export interface ModelFixture {
  readonly inputs: Record<string, JsonArray>;
  readonly outputs: Record<string, JsonArray>;
}

/**
 * The graph TF ran: matmul -> bias -> relu -> reshape -> conv -> max pool -> softmax ->
 * sum, and an int64 tail (Cast to int64, Cumsum) that has no WEBGPU kernel. `device`
 * pins that tail.
 */
export function modelGraph(fixture: ModelFixture, device?: string): Graph {
  const g = new Graph();
  const op = (
    type: string,
    inputs: Tensor[],
    attrs: Record<string, unknown>,
    name: string,
    dev?: string,
  ) =>
    g.createOp(type, inputs, attrs as never, { name, ...(dev ? { device: dev } : {}) })
      .outputs[0] as Tensor;
  const konst = (value: NDArray, name: string) =>
    op('Const', [], { value, dtype: value.dtype }, name);
  const ints = (v: number[], name: string) =>
    konst(new NDArray('int32', [v.length], Int32Array.from(v)), name);
  const x = op('Placeholder', [], { dtype: 'float32', shape: [2, 6] }, 'x');
  const w = konst(arrayFromJson(fixture.inputs.w as JsonArray), 'w');
  const b = konst(arrayFromJson(fixture.inputs.b as JsonArray), 'b');
  const f = konst(arrayFromJson(fixture.inputs.f as JsonArray), 'f');
  const m = op('MatMul', [x, w], { T: 'float32' }, 'm');
  const h = op('Relu', [op('BiasAdd', [m, b], { T: 'float32' }, 'bias')], { T: 'float32' }, 'h');
  const img = op('Reshape', [h, ints([2, 4, 4, 1], 'img_shape')], { T: 'float32' }, 'img');
  const c = op(
    'Conv2D',
    [img, f],
    { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' },
    'conv',
  );
  const p = op(
    'MaxPool',
    [c],
    { T: 'float32', ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' },
    'pool',
  );
  const flat = op('Reshape', [p, ints([2, 8], 'flat_shape')], { T: 'float32' }, 'flat');
  const sm = op('Softmax', [flat], { T: 'float32' }, 'sm');
  op('Sum', [sm, ints([1], 'axis')], { T: 'float32' }, 'total');
  const k = konst(new NDArray('float32', [], Float32Array.of(1000)), 'k');
  const scaled = op(
    'Round',
    [op('Mul', [flat, k], { T: 'float32' }, 'scaled')],
    { T: 'float32' },
    'rounded',
  );
  const big = op('Cast', [scaled], { SrcT: 'float32', DstT: 'int64' }, 'big', device);
  op(
    'Cumsum',
    [big, konst(new NDArray('int32', [], Int32Array.of(1)), 'cum_axis')],
    { T: 'int64' },
    'cum',
    device,
  );
  return g;
}

/** Runs the model on the fixture's input; returns the three fetches. */
export async function runModel(
  session: Session,
  fixture: ModelFixture,
): Promise<Record<'sm' | 'total' | 'cum', NDArray>> {
  const x = arrayFromJson(fixture.inputs.x as JsonArray);
  const [sm, total, cum] = (await session.run(['sm:0', 'total:0', 'cum:0'], {
    'x:0': x,
  })) as NDArray[];
  return { sm: sm as NDArray, total: total as NDArray, cum: cum as NDArray };
}
