// GraphDef import with the behaviour of TF 2.21's `tf.compat.v1.import_graph_def`: its
// Python wrapper (name scope, input-map conversion, devices, colocation, control
// dependencies, error classes) around the C++ `ImportGraphDef` (validation, prefixing and
// uniquifying names, topological order with v1 loop back edges, `_output_shapes`).
//
// A failed import leaves the graph as it was: ops are created as the import goes (every
// node through `Graph._createImportedOp`, createOp's import variant) and removed again on
// failure; names are marked used, the function library and versions merged only at the end.
// Like TF, the name scope (`import`, `import_1`, ...) is taken even when the import fails.
import { InvalidArgumentError, NotFoundError, OpError, ValueError } from '@tensorgraph/errors';
import {
  AttrValueProto,
  GraphDef,
  TensorShape,
  attrValueFromProto,
  attrValueKind,
  attrValueToProto,
  attrValueTypeError,
  convertToNDArray,
  copyOwningBytes,
  decodeProto,
  dtypeFromEnum,
  dtypeWireName,
  expandArgs,
  shapeFromProto,
  type AttrDef,
  type AttrType,
  type AttrValue,
  type DType,
  type NodeDef,
  type OpDefinition,
  type OpRegistry,
  type ShapeValue,
} from '@tensorgraph/core';
import {
  DEFAULT_VERSIONS,
  GRAPH_DEF_VERSION,
  GRAPH_DEF_VERSION_MIN_PRODUCER,
  TF_VERSION_STRING,
  type GraphVersions,
} from './export-graph-def.js';
import type { FunctionLibrary } from './function-library.js';
import { getDefaultGraph, type Graph } from './graph.js';
import { formatInputKey, parseInputName, recordImportedAttr } from './node-def.js';
import { formatShapeValue, summarizeNode } from './node-summary.js';
import { Operation } from './operation.js';
import { Tensor } from './tensor.js';

export interface ImportGraphDefOptions {
  /**
   * Tensors of the GraphDef (`'x:0'`, `'x'` meaning `'x:0'`, `'^x'` for control inputs from
   * node `x`) mapped to Tensors of the target graph, which the imported nodes then use
   * instead. Other values become constants (`import/_inputs/Const`), as in TF.
   */
  readonly inputMap?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>> | null;
  /** Tensor names (`'y:0'`) and op names (`'train'`) of the GraphDef to return. */
  readonly returnElements?: readonly string[] | null;
  /**
   * The name scope for imported names: default `'import'` (made unique: `import_1`, ...),
   * `''` for none, `'a/'` to re-enter an existing scope.
   */
  readonly name?: string | null;
  /** The op definitions for the nodes (default: the graph's). */
  readonly opRegistry?: OpRegistry;
  /** The graph to import into (default: the default graph). */
  readonly graph?: Graph;
}

type Element = Tensor | Operation;

/**
 * Imports `graphDef` (a GraphDef proto, its fields, or its serialized bytes) into a graph, as
 * TF's `tf.compat.v1.import_graph_def`. Returns the `returnElements` (Tensors and Operations,
 * in the order asked), or `null` when none were asked for.
 *
 * Errors are TF's: `ValueError` for an invalid GraphDef (TF turns the C++ InvalidArgument
 * into ValueError) with TF's messages, `NotFoundError` for an unregistered op,
 * `TypeError` for wrongly typed arguments, `DataLossError` for bytes that do not parse.
 *
 * Memory: a constant's value read from an aligned `tensor_content` is a view of the bytes the
 * GraphDef was decoded from (a frozen model's weights are not copied), so those bytes must not
 * be changed afterwards; nothing else of them is kept, and they go when no such value is left.
 */
export function importGraphDef(
  graphDef: GraphDef | GraphDef.$Properties | Uint8Array,
  options: ImportGraphDefOptions & { readonly returnElements: readonly string[] },
): Element[];
export function importGraphDef(
  graphDef: GraphDef | GraphDef.$Properties | Uint8Array,
  options?: ImportGraphDefOptions,
): Element[] | null;
export function importGraphDef(
  graphDef: GraphDef | GraphDef.$Properties | Uint8Array,
  options: ImportGraphDefOptions = {},
): Element[] | null {
  const graph = options.graph ?? getDefaultGraph();
  const gdef = toGraphDef(graphDef);
  const inputMap = checkInputMap(options.inputMap);
  const returnElements = checkReturnElements(options.returnElements);
  const start = graph.version;
  const name = options.name === undefined || options.name === null ? 'import' : options.name;
  try {
    const { prefix, mapped } = graph.nameScope(name, (scope) => ({
      prefix: scope,
      mapped: convertInputMapValues(graph, name, inputMap),
    }));
    const importer = new Importer(graph, gdef, {
      prefix,
      inputMap: parseInputMap(mapped),
      returnElements: returnElements === null ? null : returnElements.map(parseReturnElement),
      registry: options.opRegistry ?? graph.opRegistry,
    });
    return importer.run();
  } catch (e) {
    graph._rollbackTo(start);
    throw e;
  }
}

function toGraphDef(value: unknown): GraphDef {
  if (value instanceof Uint8Array) return decodeProto(GraphDef, value);
  if (value instanceof GraphDef) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    try {
      return GraphDef.fromObject(value as Record<string, unknown>);
    } catch {
      // fall through to TF's message
    }
  }
  throw new TypeError('graph_def must be a GraphDef proto.');
}

function checkInputMap(inputMap: ImportGraphDefOptions['inputMap']): Map<string, unknown> {
  if (inputMap === undefined || inputMap === null) return new Map();
  const entries: [unknown, unknown][] =
    inputMap instanceof Map
      ? [...(inputMap as Map<unknown, unknown>)]
      : typeof inputMap === 'object' && !Array.isArray(inputMap)
        ? Object.entries(inputMap)
        : (() => {
            throw new TypeError(
              `Argument \`input_map\` must be a dictionary. Obtained ${pyTypeName(inputMap)}`,
            );
          })();
  if (!entries.every(([k]) => typeof k === 'string')) {
    throw new TypeError(
      `All keys for argument \`input_map\` must be strings. Obtained keys: [${entries
        .map(([k]) => (typeof k === 'string' ? `'${k}'` : String(k)))
        .join(', ')}]`,
    );
  }
  return new Map(entries as [string, unknown][]);
}

function checkReturnElements(value: ImportGraphDefOptions['returnElements']): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
    const shown = Array.isArray(value)
      ? `[${value.map((x) => (typeof x === 'string' ? `'${x}'` : String(x))).join(', ')}]`
      : String(value);
    throw new TypeError(
      `Argument \`return_elements\` must be a list of strings. Obtained ${shown}.`,
    );
  }
  return [...value];
}

/** TF's `_ConvertInputMapValues`: non-Tensor values become constants in `_inputs`. */
function convertInputMapValues(
  graph: Graph,
  name: string,
  inputMap: Map<string, unknown>,
): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  if ([...inputMap.values()].every((v) => v instanceof Tensor)) {
    for (const [k, v] of inputMap) out.set(k, checkSameGraph(graph, v as Tensor));
    return out;
  }
  if (name === '') {
    throw new ValueError(
      'tf.import_graph_def() requires a non-empty `name` if `input_map` contains non-Tensor values. Try calling tf.convert_to_tensor() on `input_map` values before calling tf.import_graph_def().',
    );
  }
  graph.nameScope('_inputs', () => {
    for (const [k, v] of inputMap) {
      if (v instanceof Tensor) {
        out.set(k, checkSameGraph(graph, v));
        continue;
      }
      if (v instanceof Operation)
        throw new TypeError(`can't convert Operation '${v.name}' to Tensor`);
      const value = convertToNDArray(v);
      const op = graph.createOp('Const', [], { value, dtype: value.dtype }, { name: 'Const' });
      out.set(k, op.outputs[0] as Tensor);
    }
  });
  return out;
}

function checkSameGraph(graph: Graph, t: Tensor): Tensor {
  if (t.graph !== graph) {
    throw new ValueError(
      `Tensor ${t} must be from the same graph as the graph it is imported into.`,
    );
  }
  return t;
}

/** Python's `_ParseTensorName` for input-map keys and return elements. */
function pyParseTensorName(name: string): [string, number] {
  const parts = name.split(':');
  if (parts.length === 2) {
    const text = (parts[1] as string).trim();
    if (!/^[+-]?\d+$/.test(text)) {
      throw new ValueError(
        `Cannot convert '${name}' to a tensor name. Second component of the name following the \`:\` should be an int. Got ${parts[1]}.`,
      );
    }
    return [parts[0] as string, Number.parseInt(text, 10)];
  }
  if (parts.length === 1) return [name, 0];
  throw new ValueError(
    `Cannot convert '${name}' to a tensor name. Tensor names should not contain more than 1 \`:\`. Obtained ${parts.length - 1}`,
  );
}

interface MapEntry {
  readonly node: string;
  readonly index: number;
  readonly tensor: Tensor;
}

function parseInputMap(mapped: Map<string, Tensor>): Map<string, MapEntry> {
  const out = new Map<string, MapEntry>();
  for (const [key, tensor] of mapped) {
    const [node, index] = key.startsWith('^') ? [key.slice(1), -1] : pyParseTensorName(key);
    out.set(formatInputKey(node, index), { node, index, tensor });
  }
  return out;
}

interface ReturnRequest {
  readonly node: string;
  /** `null` for an operation. */
  readonly index: number | null;
}

function parseReturnElement(name: string): ReturnRequest {
  if (!name.includes(':')) return { node: name, index: null };
  const [node, index] = pyParseTensorName(name);
  return { node, index };
}

// ---- the importer ----------------------------------------------------------------------

interface ImporterOptions {
  /** `'import/'`, or `''`. */
  readonly prefix: string;
  readonly inputMap: Map<string, MapEntry>;
  readonly returnElements: ReturnRequest[] | null;
  readonly registry: OpRegistry;
}

interface BackEdge {
  readonly dst: Operation;
  /** The data input of `dst`; -1 for a control input. */
  readonly input: number;
  readonly src: number;
  readonly output: number;
}

// TF's `IsValidNodeName` (no leading '_' outside functions; '>' starts a new piece).
const VALID_NODE_NAME = /^[A-Za-z0-9.][A-Za-z0-9\-./_]*(?:>[A-Za-z0-9.][A-Za-z0-9\-./_]*)*$/;
const MERGE_OPS = new Set(['Merge', 'RefMerge', '_XlaMerge']);
const NEXT_ITERATION_OPS = new Set(['NextIteration', 'RefNextIteration']);
const OUTPUT_SHAPES = '_output_shapes';
const COLOCATION = '_class';
const LOC = 'loc:@';
/** Where TF names the binary in its "Op type not registered" message. */
const BINARY_NAME = 'tensorgraph';

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

class Importer {
  readonly #graph: Graph;
  readonly #gdef: GraphDef;
  readonly #opts: ImporterOptions;
  readonly #nodes: readonly NodeDef[];
  readonly #index = new Map<string, number>();
  readonly #gdefPrefixes = new Set<string>();
  readonly #existing = new Set<string>();
  readonly #existingPrefixes = new Set<string>();
  readonly #created: (Operation | null)[];
  readonly #pending: number[] = [];
  readonly #outputs: number[][];
  readonly #ready = new MinHeap();
  readonly #renamed = new Map<string, string>();
  readonly #usedKeys = new Set<string>();
  readonly #backEdges: BackEdge[] = [];
  readonly #newOps: Operation[] = [];
  readonly #refOutputs = new WeakMap<Operation, boolean[]>();
  #library!: FunctionLibrary;

  constructor(graph: Graph, gdef: GraphDef, opts: ImporterOptions) {
    this.#graph = graph;
    this.#gdef = gdef;
    this.#opts = opts;
    this.#nodes = gdef.node ?? [];
    this.#created = this.#nodes.map(() => null);
    this.#outputs = this.#nodes.map(() => []);
  }

  run(): Element[] | null {
    checkVersions(this.#gdef.versions ?? {});
    let returned: Element[] | null;
    try {
      this.#tryImport();
      returned = this.#gatherReturnElements();
    } catch (e) {
      throw withVersionWarning(e, this.#gdef.versions?.producer ?? 0);
    }
    this.#finish();
    this.#commit();
    return returned;
  }

  /** What TF's C++ `GraphConstructor::TryImport` does. */
  #tryImport(): void {
    this.#library = this.#graph.library.withLibrary(this.#gdef.library, this.#opts.registry);
    for (const op of this.#graph.getOperations()) {
      this.#existing.add(op.name);
      addPrefixes(op.name, this.#existingPrefixes);
    }
    this.#buildNodeIndex();
    this.#initFromEdges();
    this.#convert();
    this.#addBackEdges();
    this.#updateColocationNames();
  }

  #buildNodeIndex(): void {
    this.#nodes.forEach((node, i) => {
      const name = node.name ?? '';
      if (!VALID_NODE_NAME.test(name))
        throw invalid(`Node '${name}': Node name contains invalid characters`);
      if (this.#index.has(name)) throw invalid(`Node '${name}' is not unique`);
      this.#index.set(name, i);
      if (!node.op) throw invalid(`Node '${name}' does not specify an operation`);
      let inControl = false;
      for (const input of node.input ?? []) {
        if (input.startsWith('^')) inControl = true;
        else if (inControl) {
          throw invalid(
            `Node '${name}': Control dependencies must come after regular dependencies`,
          );
        }
      }
      addPrefixes(name, this.#gdefPrefixes);
    });
  }

  #isMapped(node: string, index: number): boolean {
    return this.#opts.inputMap.has(formatInputKey(node, index));
  }

  #initFromEdges(): void {
    const nextIterations = new Set(
      this.#nodes.filter((n) => NEXT_ITERATION_OPS.has(n.op ?? '')).map((n) => n.name ?? ''),
    );
    this.#nodes.forEach((node, n) => {
      const inputs = node.input ?? [];
      let pending = inputs.length;
      if (MERGE_OPS.has(node.op ?? '')) {
        // A loop's Merge waits for one data input and its control inputs, not its back edge.
        const controls = inputs.filter((i) => i.startsWith('^')).length;
        const back = inputs.some(
          (i) => !i.startsWith('^') && nextIterations.has(parseInputName(i).node),
        );
        if (back) pending = controls + 1;
      }
      for (const input of inputs) {
        const id = parseInputName(input);
        if (this.#isMapped(id.node, id.index)) {
          pending -= 1;
          continue;
        }
        const src = this.#index.get(id.node);
        if (src === undefined) throw invalid(`Node '${node.name}': Unknown input node '${input}'`);
        (this.#outputs[src] as number[]).push(n);
      }
      if (pending <= 0) this.#ready.push(n);
      this.#pending.push(pending);
    });
  }

  #convert(): void {
    let processed = 0;
    for (let o = this.#ready.pop(); o !== undefined; o = this.#ready.pop()) {
      processed += 1;
      const node = this.#nodes[o] as NodeDef;
      const op = this.#convertNode(node);
      this.#created[o] = op;
      this.#newOps.push(op);
      const fromNextIteration = NEXT_ITERATION_OPS.has(node.op ?? '');
      for (const out of this.#outputs[o] as number[]) {
        // NextIteration -> Merge edges were not counted (back edges).
        if (fromNextIteration && MERGE_OPS.has(this.#nodes[out]?.op ?? '')) continue;
        const left = (this.#pending[out] as number) - 1;
        this.#pending[out] = left;
        if (left === 0) this.#ready.push(out);
      }
    }
    if (processed < this.#nodes.length)
      throw invalid(`${this.#nodes.length - processed} nodes in a cycle`);
  }

  #convertNode(node: NodeDef): Operation {
    const original = node.name ?? '';
    const type = node.op ?? '';
    this.#validateColocation(node);

    // Inputs, named as in the GraphDef: mapped tensors, imported ops, or back edges.
    type Source =
      | { tensor: Tensor }
      | { op: Operation; name: string }
      | { back: number; output: number; control: boolean };
    const sources: Source[] = [];
    for (const input of node.input ?? []) {
      const id = parseInputName(input);
      const key = formatInputKey(id.node, id.index);
      const mapped = this.#opts.inputMap.get(key);
      if (mapped !== undefined) {
        this.#usedKeys.add(key);
        sources.push(
          id.index === -1 ? { op: mapped.tensor.op, name: id.node } : { tensor: mapped.tensor },
        );
        continue;
      }
      const j = this.#index.get(id.node) as number;
      const src = this.#created[j];
      if (src === null || src === undefined) {
        sources.push({ back: j, output: id.index, control: id.index === -1 });
        continue;
      }
      if (id.index === -1) {
        sources.push({ op: src, name: id.node });
        continue;
      }
      if (id.index >= src.outputs.length) {
        throw invalid(
          `Node '${original}': Connecting to invalid output ${id.index} of source node ${id.node} which has ${src.outputs.length} outputs.`,
        );
      }
      sources.push({ tensor: src.outputs[id.index] as Tensor });
    }
    if (sources.some((s) => 'back' in s && !s.control) && !MERGE_OPS.has(type)) {
      throw invalid(
        `Node '${original}' had a back edge, but only Merge nodes can have back edges.`,
      );
    }

    const name = this.#newName(original);
    const opDef = this.#opts.registry.find(type) ?? this.#library.opDefinitionOf(type);
    if (opDef === undefined) {
      throw new NotFoundError(
        null,
        null,
        `Op type not registered '${type}' in binary running on ${BINARY_NAME}. Make sure the Op and Kernel are registered in the binary running in this process. Note that if you are loading a saved graph which used ops from tf.contrib (e.g. \`tf.contrib.resampler\`), accessing should be done before importing the graph, as contrib ops are lazily registered when the module is first accessed.; NodeDef: {{node ${name}}}`,
      );
    }

    // Attrs as protos: colocation groups prefixed, defaults filled in, then TF's checks.
    const protos = new Map<string, AttrValueProto>();
    for (const [k, v] of Object.entries(node.attr ?? {})) {
      protos.set(k, v instanceof AttrValueProto ? v : AttrValueProto.create(v));
    }
    const colocation = protos.get(COLOCATION);
    if (this.#opts.prefix && colocation !== undefined) {
      const groups = (colocation.list?.s ?? []).map((s) => {
        const text = new TextDecoder().decode(s);
        return text.startsWith(LOC) ? `${LOC}${this.#opts.prefix}${text.slice(LOC.length)}` : s;
      });
      protos.set(
        COLOCATION,
        new AttrValueProto({
          list: new AttrValueProto.ListValue({
            s: groups.map((g) => (typeof g === 'string' ? new TextEncoder().encode(g) : g)),
          }),
        }),
      );
    }
    for (const def of opDef.attrs) {
      if (!protos.has(def.name) && def.defaultValue !== undefined)
        protos.set(def.name, defaultProto(def));
    }
    const dataCount = sources.filter((s) => 'tensor' in s || ('back' in s && !s.control)).length;
    validateNodeDef(protos, opDef, name, dataCount);

    const attrs = new Map<string, AttrValue>();
    const extraTypes = new Map<string, AttrType>();
    const hidden = new Map<string, AttrValue>();
    const records: [string, AttrValue, AttrValueProto][] = [];
    let outputShapes: AttrValueProto | undefined;
    const inputNames = (node.input ?? [])
      .filter((i) => !i.startsWith('^'))
      .map((i) => this.#inputName(i));
    for (const [k, proto] of protos) {
      const def = opDef.attrs.find((a) => a.name === k);
      if (
        def === undefined &&
        k === OUTPUT_SHAPES &&
        attrValueTypeError(proto, 'list(shape)') === null
      ) {
        // TF refines the inferred shapes with it and then drops it from the node.
        outputShapes = proto;
        hidden.set(k, rawShapes(proto) as AttrValue);
        extraTypes.set(k, 'list(shape)');
        continue;
      }
      if (def !== undefined) {
        try {
          attrs.set(k, attrValueFromProto(proto, def.type));
        } catch (e) {
          if (!(e instanceof InvalidArgumentError)) throw e;
          throw this.#attrError(e, type, name, opDef, protos, inputNames, sources);
        }
        continue;
      }
      // Kept for writing back: its own bytes, not views into the GraphDef's buffer.
      const owned = copyOwningBytes(proto);
      let value: AttrValue;
      try {
        value = attrValueFromProto(owned);
      } catch {
        value = owned as unknown as AttrValue; // kept as it came; written back unchanged
      }
      attrs.set(k, value);
      records.push([k, value, owned]);
      const kind = attrValueKind(proto);
      if ((kind !== null && kind.startsWith('list(')) || kind === 'string' || kind === 'shape') {
        extraTypes.set(k, kind as AttrType);
      }
    }

    // Input dtypes as TF's edge check: same type, and a ref input needs a ref output.
    const expected = expandArgs(opDef, opDef.inputs, attrs).flatMap((e) =>
      e.dtypes.map((dtype) => ({ dtype, ref: e.arg.isRef === true })),
    );
    const inputs: Tensor[] = [];
    const controls: { name: string; op: Operation }[] = [];
    const back: Omit<BackEdge, 'dst'>[] = [];
    for (const s of sources) {
      if ('op' in s) {
        controls.push({ name: s.name, op: s.op });
        continue;
      }
      if ('back' in s) {
        if (s.control) {
          back.push({ input: -1, src: s.back, output: -1 });
          continue;
        }
        const want = expected[inputs.length] as { dtype: DType };
        back.push({ input: inputs.length, src: s.back, output: s.output });
        inputs.push(this.#standIn(s.back, s.output, want.dtype));
        continue;
      }
      const i = inputs.length;
      const want = expected[i] as { dtype: DType; ref: boolean };
      checkEdge(s.tensor, this.#isRefOutput(s.tensor), want.dtype, want.ref, i, name);
      inputs.push(s.tensor);
    }
    const op = this.#graph._createImportedOp({
      type,
      opDef,
      name,
      inputs,
      attrs,
      extraAttrTypes: extraTypes,
      hiddenAttrs: hidden,
      controlInputs: sortControls(controls),
      device: node.device ?? '',
    });
    for (const be of back) this.#backEdges.push({ ...be, dst: op });
    for (const [k, value, proto] of records) recordImportedAttr(op, k, value, proto);
    if (outputShapes !== undefined) refineShapes(op, outputShapes);
    return op;
  }

  /** The name an imported node gets: prefixed, and made unique as TF's `FindUniqueName`. */
  #newName(original: string): string {
    const prefixed = this.#opts.prefix + original;
    if (!this.#nameExistsInGraph(prefixed)) return prefixed;
    let candidate = prefixed;
    let count = 0;
    while (
      this.#nameExistsInGraph(candidate) ||
      (count > 0 && (this.#index.has(candidate) || this.#gdefPrefixes.has(candidate))) ||
      this.#graph.findOperation(candidate) !== undefined
    ) {
      count += 1;
      candidate = `${prefixed}_${count}`;
    }
    this.#renamed.set(prefixed, candidate);
    return candidate;
  }

  #nameExistsInGraph(name: string): boolean {
    return this.#existing.has(name) || this.#existingPrefixes.has(name);
  }

  /** An input string of the GraphDef as the imported node will name it (for messages). */
  #inputName(input: string): string {
    const id = parseInputName(input);
    const mapped = this.#opts.inputMap.get(formatInputKey(id.node, id.index));
    if (mapped !== undefined)
      return id.index === -1 ? mapped.tensor.op.name : tensorName(mapped.tensor);
    const j = this.#index.get(id.node);
    const created = j === undefined ? null : this.#created[j];
    const node = created?.name ?? this.#opts.prefix + id.node;
    return id.index <= 0 ? node : `${node}:${id.index}`;
  }

  #validateColocation(node: NodeDef): void {
    const attr = node.attr?.[COLOCATION];
    for (const s of attr?.list?.s ?? []) {
      const text = new TextDecoder().decode(s);
      if (text.startsWith(LOC) && !this.#index.has(text.slice(LOC.length))) {
        throw invalid(
          `Node '${node.name}' expects to be colocated with unknown node '${text.slice(LOC.length)}'`,
        );
      }
    }
  }

  /** A placeholder tensor for a loop back edge until its source exists. */
  #standIn(src: number, output: number, dtype: DType): Tensor {
    const node = this.#nodes[src] as NodeDef;
    const def: OpDefinition = { name: node.op ?? '', inputs: [], outputs: [], attrs: [] };
    const op = new Operation(this.#graph, 0, {
      name: this.#opts.prefix + (node.name ?? ''),
      type: node.op ?? '',
      opDef: def,
      inputs: [],
      attrs: new Map(),
    });
    // Only its name, dtype and (unknown) shape matter, to shape inference and its messages.
    const t = new Tensor(op, output, dtype, new TensorShape(null));
    op._setOutputs([t]);
    return t;
  }

  #isRefOutput(t: Tensor): boolean {
    let refs = this.#refOutputs.get(t.op);
    if (refs === undefined) {
      const attrs = new Map(t.op.attrNames.map((n) => [n, t.op.getAttr(n)] as const));
      try {
        refs = expandArgs(t.op.opDef, t.op.opDef.outputs, attrs).flatMap((e) =>
          e.dtypes.map(() => e.arg.isRef === true),
        );
      } catch {
        refs = [];
      }
      this.#refOutputs.set(t.op, refs);
    }
    return refs[t.valueIndex] ?? false;
  }

  /** A bad shape or tensor attr, reported as TF's shape inference reports it. */
  #attrError(
    e: InvalidArgumentError,
    type: string,
    name: string,
    opDef: OpDefinition,
    protos: ReadonlyMap<string, AttrValueProto>,
    inputNames: readonly string[],
    sources: readonly object[],
  ): Error {
    const summaryAttrs = new Map<string, AttrValue>();
    const types = new Map<string, AttrType>();
    for (const [k, proto] of protos) {
      const kind = attrValueKind(proto);
      if (kind === 'shape' || kind === 'list(shape)') {
        summaryAttrs.set(
          k,
          (kind === 'shape' ? rawShape(proto.shape) : rawShapes(proto)) as AttrValue,
        );
        types.set(k, kind);
        continue;
      }
      try {
        summaryAttrs.set(k, attrValueFromProto(proto));
      } catch {
        summaryAttrs.set(k, `<${kind}>`);
      }
    }
    const def = {
      ...opDef,
      attrs: [...opDef.attrs, ...[...types].map(([n, t]) => ({ name: n, type: t }))],
    };
    const shapes = sources
      .filter((s): s is { tensor: Tensor } => 'tensor' in s)
      .map((s) => formatShapeValue(s.tensor.shape.dims as ShapeValue));
    return new ValueError(
      `${e.message} for '{{node ${name}}} = ${summarizeNode(type, summaryAttrs, inputNames, def)}' with input shapes: ${shapes.join(', ')}.`,
    );
  }

  #addBackEdges(): void {
    for (const be of this.#backEdges) {
      const src = this.#created[be.src] as Operation;
      if (be.input === -1) {
        be.dst._addControlInputs([src]);
        continue;
      }
      const t = src.outputs[be.output];
      if (t === undefined) {
        throw invalid(
          `Output ${be.output} of node ${src.name} does not exist. Node only has ${src.outputs.length} outputs.`,
        );
      }
      const want = expandArgs(be.dst.opDef, be.dst.opDef.inputs, attrMap(be.dst)).flatMap((e) =>
        e.dtypes.map((dtype) => ({ dtype, ref: e.arg.isRef === true })),
      )[be.input] as { dtype: DType; ref: boolean };
      checkEdge(t, this.#isRefOutput(t), want.dtype, want.ref, be.input, be.dst.name);
      this.#graph._connectBackEdge(be.dst, be.input, t);
    }
  }

  /** TF's `UpdateUniquifiedColocationNames`: colocation groups follow renamed nodes. */
  #updateColocationNames(): void {
    if (this.#renamed.size === 0) return;
    for (const op of this.#newOps) {
      if (!op.hasAttr(COLOCATION)) continue;
      const groups = op.getAttr(COLOCATION);
      if (!Array.isArray(groups)) continue;
      let changed = false;
      const updated = (groups as readonly string[]).map((g) => {
        const renamed = g.startsWith(LOC) ? this.#renamed.get(g.slice(LOC.length)) : undefined;
        if (renamed === undefined) return g;
        changed = true;
        return `${LOC}${renamed}`;
      });
      if (changed) op._setAttr(COLOCATION, updated);
    }
  }

  /** The rest of TF's import (C++ results, then Python's `_ProcessNewOps`), before commit. */
  #finish(): void {
    // Colocated ops take the device of the first op of their groups that has one.
    for (const op of this.#newOps) {
      const names = colocationNames(op);
      for (const other of names) {
        const device = this.#graph.findOperation(other)?.device;
        if (device) {
          op._setDevice(device);
          break;
        }
      }
    }
    const missing: [string, number][] = [];
    for (const [key, entry] of this.#opts.inputMap) {
      if (this.#usedKeys.has(key)) continue;
      const j = this.#index.get(entry.node);
      const op = j === undefined ? null : this.#created[j];
      if (op === null || op === undefined || entry.index >= op.outputs.length) {
        missing.push([entry.node, entry.index]);
      }
    }
    if (missing.length > 0) {
      missing.sort(([a, i], [b, k]) => (a < b ? -1 : a > b ? 1 : i - k));
      throw new ValueError(
        `Attempted to map inputs that were not found in graph_def: [${missing
          .map(([n, i]) => formatInputKey(n, i))
          .join(', ')}]`,
      );
    }
  }

  #gatherReturnElements(): Element[] | null {
    const requests = this.#opts.returnElements;
    if (requests === null) return null;
    const found = new Map<ReturnRequest, Element>();
    // TF resolves all tensors first, then all operations.
    for (const r of requests) {
      if (r.index === null) continue;
      const mapped = this.#opts.inputMap.get(formatInputKey(r.node, r.index));
      if (mapped !== undefined) {
        found.set(r, r.index === -1 ? mapped.tensor.op : mapped.tensor);
        continue;
      }
      const j = this.#index.get(r.node);
      if (j === undefined) {
        throw invalid(
          `Requested return tensor '${formatInputKey(r.node, r.index)}' not found in graph def`,
        );
      }
      const op = this.#created[j] as Operation;
      const n = op.outputs.length;
      if ((r.index < 0 || r.index >= n) && r.index !== -1) {
        throw invalid(
          `Invalid return output ${r.index} of node '${r.node}', which has ${n} output(s)`,
        );
      }
      const t = op.outputs[r.index === -1 ? n - 1 : r.index];
      if (t === undefined)
        throw invalid(
          `Invalid return output ${r.index} of node '${r.node}', which has 0 output(s)`,
        );
      found.set(r, t);
    }
    for (const r of requests) {
      if (r.index !== null) continue;
      const j = this.#index.get(r.node);
      if (j === undefined)
        throw invalid(`Requested return node '${r.node}' not found in graph def`);
      found.set(r, this.#created[j] as Operation);
    }
    return requests.map((r) => found.get(r) as Element);
  }

  #commit(): void {
    this.#graph.library._replaceWith(this.#library);
    this.#graph._graphDefVersions = mergeVersions(
      this.#graph._graphDefVersions ?? DEFAULT_VERSIONS,
      this.#gdef.versions ?? {},
    );
    for (const op of this.#newOps) this.#graph._markImportedName(op.name);
  }
}

// ---- checks and messages -----------------------------------------------------------------

function checkVersions(v: NonNullable<GraphDef['versions']> | Record<string, never>): void {
  const producer = v.producer ?? 0;
  const minConsumer = v.minConsumer ?? 0;
  if (producer < GRAPH_DEF_VERSION_MIN_PRODUCER) {
    throw new ValueError(
      `GraphDef producer version ${producer} below min producer ${GRAPH_DEF_VERSION_MIN_PRODUCER} supported by TensorFlow ${TF_VERSION_STRING}.  Please regenerate your graph.`,
    );
  }
  if (minConsumer > GRAPH_DEF_VERSION) {
    throw new ValueError(
      `GraphDef min consumer version ${minConsumer} above current version ${GRAPH_DEF_VERSION} for TensorFlow ${TF_VERSION_STRING}.  Please upgrade TensorFlow.`,
    );
  }
  if ((v.badConsumers ?? []).includes(GRAPH_DEF_VERSION)) {
    throw new ValueError(
      `GraphDef disallows consumer version ${GRAPH_DEF_VERSION}.  Please upgrade TensorFlow: this version is likely buggy.`,
    );
  }
}

/**
 * TF's import errors as its Python API raises them: InvalidArgument becomes ValueError; for a
 * GraphDef more than 3 weeks newer than this version TF adds a forward-compatibility note.
 */
function withVersionWarning(e: unknown, producer: number): unknown {
  if (!(e instanceof OpError)) return e;
  let message = e.message;
  if (producer - GRAPH_DEF_VERSION > 21) {
    message = `Converting GraphDef to Graph has failed with an error: '${message}' The binary trying to import the GraphDef was built when GraphDef version was ${GRAPH_DEF_VERSION}. The GraphDef was produced by a binary built when GraphDef version was ${producer}. The difference between these versions is larger than TensorFlow's forward compatibility guarantee, and might be the root cause for failing to import the GraphDef.`;
  }
  if (e instanceof InvalidArgumentError) return new ValueError(message);
  if (message === e.message) return e;
  return new (e.constructor as new (n: null, o: null, m: string) => OpError)(null, null, message);
}

function mergeVersions(
  current: GraphVersions,
  v: NonNullable<GraphDef['versions']> | Record<string, never>,
): GraphVersions {
  return {
    producer: Math.min(current.producer, v.producer ?? 0),
    minConsumer: Math.max(current.minConsumer, v.minConsumer ?? 0),
    badConsumers: [...new Set([...current.badConsumers, ...(v.badConsumers ?? [])])].sort(
      (a, b) => a - b,
    ),
  };
}

/** TF's `DataTypeString`: `float`, `double`, `half`, and `_ref` for reference types. */
function dataTypeString(dtype: DType, ref = false): string {
  const base =
    dtype === 'float32'
      ? 'float'
      : dtype === 'float64'
        ? 'double'
        : dtype === 'float16'
          ? 'half'
          : dtype;
  return ref ? `${base}_ref` : base;
}

function checkEdge(
  src: Tensor,
  srcRef: boolean,
  dtype: DType,
  ref: boolean,
  input: number,
  node: string,
): void {
  if (src.dtype === dtype && (!ref || srcRef)) return;
  throw invalid(
    `Input ${input} of node ${node} was passed ${dataTypeString(src.dtype, srcRef)} from ${tensorName(src)} incompatible with expected ${dataTypeString(dtype, ref)}.`,
  );
}

/** TF's `ValidateNodeDef` on the attrs (defaults filled) and the data-input count. */
function validateNodeDef(
  protos: ReadonlyMap<string, AttrValueProto>,
  opDef: OpDefinition,
  name: string,
  dataInputs: number,
): void {
  // Built only for a message: it lists every allowed dtype.
  const context = () => `; NodeDef: {{node ${name}}}; ${summarizeOpDef(opDef)}`;
  for (const [k, proto] of protos) {
    if (k.startsWith('_')) continue;
    const def = opDef.attrs.find((a) => a.name === k);
    if (def === undefined || proto.placeholder) continue;
    const typeError = attrValueTypeError(proto, def.type);
    if (typeError !== null) throw invalid(`${typeError}\n\t for attr '${k}'\n\t${context()}`);
    const problem = attrConstraintError(proto, def);
    if (problem !== null) throw invalid(`${problem}\n\t${context()}`);
  }
  const missing = opDef.attrs.filter((a) => !protos.has(a.name)).map((a) => a.name);
  if (missing.length > 0) {
    throw invalid(
      `NodeDef missing attr${missing.length === 1 ? '' : 's'} '${missing.join("', '")}' from ${summarizeOpDef(opDef)}; NodeDef: {{node ${name}}}`,
    );
  }
  const attrs = new Map<string, AttrValue>();
  for (const a of opDef.attrs) {
    if (a.type === 'type' || a.type === 'list(type)' || a.type === 'int') {
      attrs.set(a.name, attrValueFromProto(protos.get(a.name) as AttrValueProto, a.type));
    }
  }
  const expected = expandArgs(opDef, opDef.inputs, attrs).flatMap((e) =>
    e.dtypes.map((d) => dataTypeString(d, e.arg.isRef === true)),
  );
  if (expected.length !== dataInputs) {
    throw invalid(
      `NodeDef expected inputs '${expected.join(', ')}' do not match ${dataInputs} inputs specified; ${summarizeOpDef(opDef)}; NodeDef: {{node ${name}}}`,
    );
  }
}

/** TF's minimum and allowed-values checks of `ValidateAttrValue`. */
function attrConstraintError(proto: AttrValueProto, def: AttrDef): string | null {
  if (def.minimum !== undefined) {
    if (def.type === 'int') {
      const v = attrValueFromProto(proto, 'int') as number;
      if (v < def.minimum) {
        return `Value for attr '${def.name}' of ${v} must be at least minimum ${def.minimum}`;
      }
    } else if (def.type.startsWith('list(')) {
      const v = attrValueFromProto(proto, def.type) as readonly unknown[];
      if (v.length < def.minimum) {
        return `Length for attr '${def.name}' of ${v.length} must be at least minimum ${def.minimum}`;
      }
    }
  }
  const allowed = def.allowedValues;
  if (allowed === undefined) return null;
  if (def.type === 'type' || def.type === 'list(type)') {
    const values = def.type === 'type' ? [proto.type ?? 0] : (proto.list?.type ?? []);
    for (const n of values) {
      const dtype = dtypeFromEnum(Number(n));
      if (!allowed.includes(dtype)) {
        return `Value for attr '${def.name}' of ${dataTypeString(dtype)} is not in the list of allowed values: ${allowed
          .map((d) => dataTypeString(d as DType))
          .join(', ')}`;
      }
    }
  } else if (def.type === 'string' || def.type === 'list(string)') {
    const values = def.type === 'string' ? [proto.s ?? new Uint8Array()] : (proto.list?.s ?? []);
    for (const bytes of values) {
      const s = new TextDecoder().decode(bytes);
      if (!allowed.includes(s)) {
        return `Value for attr '${def.name}' of "${cEscape(s)}" is not in the list of allowed values: ${allowed
          .map((a) => `"${cEscape(a)}"`)
          .join(', ')}`;
      }
    }
  }
  return null;
}

/** TF's `SummarizeOpDef`: `Op<name=Identity; signature=input:T -> output:T; attr=T:type>`. */
export function summarizeOpDef(opDef: OpDefinition): string {
  const args = (list: OpDefinition['inputs']) =>
    list
      .map((a) => {
        let text = `${a.name}:`;
        if (a.isRef) text += 'Ref(';
        if (a.numberAttr) text += `${a.numberAttr}*`;
        text += a.type !== undefined ? dataTypeString(a.type) : (a.typeAttr ?? '');
        if (a.isRef) text += ')';
        return text;
      })
      .join(', ');
  let out = `Op<name=${opDef.name}; signature=${args(opDef.inputs)} -> ${args(opDef.outputs)}`;
  for (const a of opDef.attrs) {
    out += `; attr=${a.name}:${a.type}`;
    if (a.defaultValue !== undefined) out += `,default=${summarizeDefault(a.defaultValue, a.type)}`;
    if (a.minimum !== undefined) out += `,min=${a.minimum}`;
    if (a.allowedValues !== undefined) {
      const shown = a.type.includes('type')
        ? a.allowedValues.map((d) => dtypeWireName(d as DType))
        : a.allowedValues.map((s) => `"${cEscape(s)}"`);
      out += `,allowed=[${shown.join(', ')}]`;
    }
  }
  if (opDef.isCommutative) out += '; is_commutative=true';
  if (opDef.isAggregate) out += '; is_aggregate=true';
  if (opDef.isStateful) out += '; is_stateful=true';
  if (opDef.allowsUninitializedInput) out += '; allows_uninitialized_input=true';
  if (opDef.isDistributedCommunication) out += '; is_distributed_communication=true';
  return `${out}>`;
}

/** TF's `SummarizeAttrValue` for op-definition defaults. */
function summarizeDefault(value: AttrValue, type: AttrType): string {
  if (type.startsWith('list(')) {
    const inner = type.slice(5, -1) as AttrType;
    return `[${(value as readonly AttrValue[]).map((v) => summarizeDefault(v, inner)).join(', ')}]`;
  }
  switch (type) {
    case 'string':
      return `"${cEscape(String(value))}"`;
    case 'float':
      return formatFloat(value as number);
    case 'type':
      return dtypeWireName(value as DType);
    case 'shape':
      return formatShapeValue(value as ShapeValue);
    case 'func':
      return (value as { name: string }).name;
    case 'tensor':
      return `<tensor>`;
    default:
      return String(value);
  }
}

/** A float32 as TF prints it: `%g` with 6 digits, or 9 when 6 do not round-trip. */
function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const g = (digits: number) => {
    if (v === 0) return Object.is(v, -0) ? '-0' : '0';
    const exp = Math.floor(Math.log10(Math.abs(v)));
    let text: string;
    if (exp < -4 || exp >= digits) {
      const [m, e] = v.toExponential(digits - 1).split('e') as [string, string];
      const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
      const n = Number(e);
      text = `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
    } else {
      text = v.toFixed(Math.max(0, digits - 1 - exp));
      if (text.includes('.')) text = text.replace(/\.?0+$/, '');
    }
    return text;
  };
  const short = g(6);
  return Math.fround(Number(short)) === Math.fround(v) ? short : g(9);
}

function cEscape(s: string): string {
  return s.replace(
    /[\\"'\n\r\t]/g,
    (c) =>
      ({ '\\': '\\\\', '"': '\\"', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[
        c
      ] as string,
  );
}

// ---- shapes --------------------------------------------------------------------------------

/**
 * TF's `ValidateShape`: the inferred shapes are merged with the node's `_output_shapes`, with
 * TF's messages for a short list, an invalid shape, or a conflict.
 */
function refineShapes(op: Operation, proto: AttrValueProto): void {
  const shapes = proto.list?.shape ?? [];
  if (shapes.length < op.outputs.length) {
    throw invalid(
      `Node '${op.name}' has ${op.outputs.length} outputs but the ${OUTPUT_SHAPES} attribute specifies shapes for ${shapes.length} outputs`,
    );
  }
  op.outputs.forEach((t, i) => {
    let dims: ShapeValue;
    try {
      dims = shapeFromProto(shapes[i]);
    } catch (e) {
      throw invalid(
        `Node '${op.name} has an invalid ${OUTPUT_SHAPES} attribute (shape #${i} error:'${(e as Error).message}'`,
      );
    }
    const problem = mergeError(t.shape.dims as ShapeValue, dims);
    if (problem !== null) {
      throw invalid(
        `Node '${op.name}' has an ${OUTPUT_SHAPES} attribute inconsistent with the GraphDef for output #${i}: ${problem}`,
      );
    }
    t.setShape(dims);
  });
}

/** TF's `InferenceContext::Merge` message for two incompatible shapes, or `null`. */
function mergeError(a: ShapeValue, b: ShapeValue): string | null {
  if (a === null || b === null) return null;
  if (a.length !== b.length)
    return `Shapes must be equal rank, but are ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x !== null && y !== null && x !== y) {
      return `Dimension ${i} in both shapes must be equal, but are ${x} and ${y}. Shapes are ${formatShapeValue(a)} and ${formatShapeValue(b)}.`;
    }
  }
  return null;
}

/** A shape proto's dims as written, for messages about invalid shapes (`[-5]`). */
function rawShape(proto: AttrValueProto['shape']): ShapeValue {
  if (proto?.unknownRank) return null;
  return (proto?.dim ?? []).map((d) => {
    const size = d.size ?? 0;
    const big = typeof size === 'number' ? BigInt(size) : BigInt(size.toString());
    if (big === -1n) return null;
    return (Number.isSafeInteger(Number(big)) ? Number(big) : big) as number;
  });
}

function rawShapes(proto: AttrValueProto): ShapeValue[] {
  return (proto.list?.shape ?? []).map(rawShape);
}

function defaultProto(def: AttrDef): AttrValueProto {
  // A default is written as the op definition types it.
  return attrValueToProto(def.defaultValue as AttrValue, def.type);
}

function tensorName(t: Tensor): string {
  return `${t.op.name}:${t.valueIndex}`;
}

function attrMap(op: Operation): Map<string, AttrValue> {
  return new Map(op.attrNames.map((n) => [n, op.getAttr(n)] as const));
}

function colocationNames(op: Operation): string[] {
  if (!op.hasAttr(COLOCATION)) return [];
  const groups = op.getAttr(COLOCATION);
  if (!Array.isArray(groups)) return [];
  return (groups as readonly unknown[])
    .filter((g): g is string => typeof g === 'string' && g.startsWith(LOC))
    .map((g) => g.slice(LOC.length))
    .filter((n) => n !== op.name);
}

/** TF sorts a node's control inputs by their GraphDef names and drops repeats. */
function sortControls(controls: readonly { name: string; op: Operation }[]): Operation[] {
  const sorted = [...controls].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    ...new Set(sorted.filter((c, i) => i === 0 || c.name !== sorted[i - 1]?.name).map((c) => c.op)),
  ];
}

function addPrefixes(name: string, into: Set<string>): void {
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) into.add(name.slice(0, i));
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return (value as object).constructor?.name ?? typeof value;
}

/** A binary min-heap of node indices: TF imports the lowest-numbered ready node first. */
class MinHeap {
  readonly #items: number[] = [];

  push(v: number): void {
    const a = this.#items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= v) break;
      a[i] = a[p] as number;
      i = p;
    }
    a[i] = v;
  }

  pop(): number | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as number) < (a[l] as number) ? r : l;
      if ((a[c] as number) >= last) break;
      a[i] = a[c] as number;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
