import { ValueError } from '@tensorgraph/errors';
import { python, SparseTensorValue, type NDArray } from '@tensorgraph/core';
import { Tensor, type Graph, type Operation } from '@tensorgraph/graph';

/** What a sparse fetch or feed key looks like: three tensors of one graph. */
export interface SparseTensorLike {
  readonly indices: Tensor;
  readonly values: Tensor;
  readonly denseShape: Tensor;
}

export function isSparseTensorLike(value: unknown): value is SparseTensorLike {
  const v = value as Partial<SparseTensorLike> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.indices instanceof Tensor &&
    v.values instanceof Tensor &&
    v.denseShape instanceof Tensor
  );
}

/** A fetch tree with graph elements resolved: how to rebuild the caller's structure. */
type Node =
  | { readonly kind: 'tensor'; readonly index: number }
  | { readonly kind: 'op' }
  | {
      readonly kind: 'sparse';
      readonly indices: number;
      readonly values: number;
      readonly shape: number;
    }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Node])[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [unknown, Node])[] };

/**
 * The fetches of one `run`: the unique tensors to compute and operations to run, and how
 * to put their values back into the caller's structure (arrays, plain objects and Maps,
 * nested; duplicates allowed), as TF's `_FetchHandler`.
 */
export class FetchStructure {
  readonly tensors: Tensor[] = [];
  readonly targets: Operation[] = [];
  readonly #tensorIndex = new Map<Tensor, number>();
  readonly #root: Node;

  constructor(graph: Graph, fetches: unknown) {
    this.#root = this.#walk(graph, fetches);
  }

  /** The caller's structure with each tensor replaced by its value, each op by `null`. */
  build(values: readonly NDArray[]): unknown {
    return rebuild(this.#root, values);
  }

  #tensor(t: Tensor): number {
    let i = this.#tensorIndex.get(t);
    if (i === undefined) {
      i = this.tensors.length;
      this.tensors.push(t);
      this.#tensorIndex.set(t, i);
    }
    return i;
  }

  #walk(graph: Graph, fetch: unknown): Node {
    // TF's `_as_graph_element` protocol: a Variable is fetched as its value.
    const asElement = (fetch as { _asGraphElement?: () => unknown } | null)?._asGraphElement;
    if (typeof asElement === 'function') fetch = asElement.call(fetch);
    if (fetch === null || fetch === undefined) {
      throw new TypeError(`Argument \`fetch\` = None has invalid type "NoneType". Cannot be None`);
    }
    if (Array.isArray(fetch)) {
      return { kind: 'array', items: fetch.map((f) => this.#walk(graph, f)) };
    }
    if (fetch instanceof Map) {
      return {
        kind: 'map',
        entries: [...fetch].map(([k, v]) => [k, this.#walk(graph, v)] as const),
      };
    }
    if (isSparseTensorLike(fetch)) {
      return {
        kind: 'sparse',
        indices: this.#tensor(element(graph, fetch.indices) as Tensor),
        values: this.#tensor(element(graph, fetch.values) as Tensor),
        shape: this.#tensor(element(graph, fetch.denseShape) as Tensor),
      };
    }
    if (isPlainObject(fetch)) {
      return {
        kind: 'object',
        entries: Object.entries(fetch).map(([k, v]) => [k, this.#walk(graph, v)] as const),
      };
    }
    const el = element(graph, fetch);
    if (el instanceof Tensor) return { kind: 'tensor', index: this.#tensor(el) };
    if (!this.targets.includes(el)) this.targets.push(el);
    return { kind: 'op' };
  }
}

/** A fetch leaf resolved in `graph`, with TF's errors for bad ones. */
function element(graph: Graph, fetch: unknown): Tensor | Operation {
  let el: Tensor | Operation;
  try {
    el = graph.asGraphElement(fetch, { allowTensor: true, allowOperation: true });
  } catch (e) {
    if (e instanceof TypeError) {
      throw new TypeError(
        `Argument \`fetch\` = ${python.pyStr(fetch)} has invalid type "${python.pyTypeName(fetch)}" must be a string or Tensor. (${e.message})`,
        { cause: e },
      );
    }
    if (e instanceof ValueError) {
      // TF wraps its KeyError's repr in quotes, and its ValueError's message as is.
      const detail = /does not exist|not in the graph/.test(e.message)
        ? `"${e.message}"`
        : e.message;
      throw new ValueError(
        `Argument \`fetch\` = ${python.pyStr(fetch)} cannot be interpreted as a Tensor. (${detail})`,
        { cause: e },
      );
    }
    throw e;
  }
  if (!graph.isFetchable(el)) {
    // TF raises InaccessibleTensorError, a ValueError.
    throw new ValueError(
      `Operation ${el instanceof Tensor ? el.op.name : el.name} has been marked as not fetchable. Typically this happens when it is defined in another function or code block. Use return values, explicit Python locals or TensorFlow collections to access it.`,
    );
  }
  return el;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function rebuild(node: Node, values: readonly NDArray[]): unknown {
  switch (node.kind) {
    case 'tensor':
      return values[node.index];
    case 'op':
      return null;
    case 'sparse':
      return new SparseTensorValue(
        values[node.indices] as NDArray,
        values[node.values] as NDArray,
        values[node.shape] as NDArray,
      );
    case 'array':
      return node.items.map((n) => rebuild(n, values));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, n] of node.entries) out[k] = rebuild(n, values);
      return out;
    }
    case 'map':
      return new Map(node.entries.map(([k, n]) => [k, rebuild(n, values)]));
  }
}
