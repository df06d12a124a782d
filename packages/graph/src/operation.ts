import { ValueError } from '@tensorgraph/errors';
import type { AttrValue, NodeDef, OpDefinition } from '@tensorgraph/core';
import { nodeDefOf } from './node-def.js';
import { sessionFor, type SessionLike } from './default-session.js';
import type { Graph } from './graph.js';
import type { Tensor } from './tensor.js';

/** What the graph records about a node; the Operation is its public face. */
export interface OperationRecord {
  readonly name: string;
  readonly type: string;
  readonly opDef: OpDefinition;
  readonly inputs: readonly Tensor[];
  readonly attrs: ReadonlyMap<string, AttrValue>;
}

/**
 * A node of a {@link Graph} (`tf.Operation`): an op type, input tensors, attrs, a requested
 * device, control inputs, and output tensors.
 */
export class Operation {
  readonly graph: Graph;
  readonly name: string;
  /** The op type as on the wire: `'AddV2'`. */
  readonly type: string;
  readonly opDef: OpDefinition;
  /** A number unique within the graph, increasing in creation order. */
  readonly id: number;
  #inputs: Tensor[];
  #controlInputs: Operation[] = [];
  #outputs: readonly Tensor[] = [];
  #attrs: Map<string, AttrValue>;
  #device = '';

  /** @internal Operations are made by `Graph.createOp` and the GraphDef importer. */
  constructor(graph: Graph, id: number, record: OperationRecord) {
    this.graph = graph;
    this.id = id;
    this.name = record.name;
    this.type = record.type;
    this.opDef = record.opDef;
    this.#inputs = [...record.inputs];
    this.#attrs = new Map(record.attrs);
  }

  /** The data inputs, in NodeDef order. */
  get inputs(): readonly Tensor[] {
    return this.#inputs;
  }

  get outputs(): readonly Tensor[] {
    return this.#outputs;
  }

  /** Operations that must run before this one, though no data flows from them. */
  get controlInputs(): readonly Operation[] {
    return this.#controlInputs;
  }

  /** The requested device (`'/device:GPU:0'`), or `''` for no request. */
  get device(): string {
    return this.#device;
  }

  /** The names of this op's attrs, in sorted order as in a NodeDef. */
  get attrNames(): string[] {
    return [...this.#attrs.keys()].sort();
  }

  /** An attr's value; a `ValueError` (TF's wording) if the op has no such attr. */
  getAttr<T extends AttrValue = AttrValue>(name: string): T {
    if (!this.#attrs.has(name)) {
      throw new ValueError(`Operation '${this.name}' has no attr named '${name}'.`);
    }
    return this.#attrs.get(name) as T;
  }

  /** Whether the op has the attr `name`. */
  hasAttr(name: string): boolean {
    return this.#attrs.has(name);
  }

  /** The colocation groups (`loc:@name`) this op belongs to, as TF's `colocation_groups()`. */
  colocationGroups(): string[] {
    const own = this.#attrs.get('_class');
    const groups = Array.isArray(own)
      ? (own as readonly string[]).filter((c) => c.startsWith('loc:@'))
      : [];
    return groups.length > 0 ? groups : [`loc:@${this.name}`];
  }

  /**
   * Runs this operation in `session`, or in the default session; resolves to `null`
   * like any fetched Operation.
   */
  async run(feedDict?: unknown, session?: SessionLike | null): Promise<null> {
    const s = sessionFor(this.graph, session, 'execute operation');
    await s.run(this, feedDict);
    return null;
  }

  toString(): string {
    return `<tf.Operation '${this.name}' type=${this.type}>`;
  }

  /** @internal */
  _setOutputs(outputs: readonly Tensor[]): void {
    this.#outputs = Object.freeze([...outputs]);
  }

  /** @internal */
  _setDevice(device: string): void {
    this.#device = device;
  }

  /** @internal */
  _setAttr(name: string, value: AttrValue): void {
    this.#attrs.set(name, value);
  }

  /** @internal Replaces data input `index` (the GraphDef importer's loop back edges). */
  _replaceInput(index: number, tensor: Tensor): void {
    this.#inputs[index] = tensor;
  }

  /** This op as a NodeDef proto, as TF's `op.node_def`. */
  get nodeDef(): NodeDef {
    return nodeDefOf(this);
  }

  /** @internal Adds control inputs, skipping ones already present. */
  _addControlInputs(ops: readonly Operation[]): void {
    for (const op of ops) if (!this.#controlInputs.includes(op)) this.#controlInputs.push(op);
  }
}
