import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import {
  AttrValueProto,
  GraphDef,
  NodeDef,
  type OpDef,
  VersionDef,
  attrValueFromProto,
  attrValueToProto,
  dimsToTensorShapeProto,
  dtypeFromEnum,
  dtypeToEnum,
  expandArgs,
  type AttrType,
  type AttrValue,
  type DType,
  type FuncValue,
  type OpDefinition,
} from '@tensorgraph/core';
import {
  GRAPH_DEF_VERSION,
  Graph,
  importGraphDef,
  type FunctionLibrary,
  type Operation,
  type Tensor,
} from '@tensorgraph/graph';

/** A FunctionDef instantiated as a graph of its own. */
export interface FunctionBody {
  readonly name: string;
  readonly graph: Graph;
  /** One placeholder per argument, fed by the caller's inputs. */
  readonly args: readonly Tensor[];
  /** The tensor of each output argument. */
  readonly rets: readonly Tensor[];
  /** What runs even if no output needs it: control outputs and stateful ops (TF's pruning). */
  readonly targets: readonly Operation[];
}

type AttrProtos = { readonly [name: string]: AttrValueProto.$Properties };

/**
 * Builds the body of function `fn` (a FunctionDef of `library`, instantiated with
 * `fn.attr`) as a graph: a `Placeholder` per argument named after it, the body's nodes with
 * their FunctionDef names and inputs (`node:output_arg:i` made flat indices), attr
 * placeholders replaced by the instantiation's attrs. The graph is imported as TF's
 * `FunctionDefToBodyHelper` builds it, so its nodes keep the names errors report.
 */
export function instantiateFunction(
  library: FunctionLibrary,
  registry: Graph['opRegistry'],
  fn: FuncValue,
): FunctionBody {
  const fdef = library.get(fn.name);
  if (fdef === undefined) {
    throw new InvalidArgumentError(null, null, `Function ${fn.name} is not defined.`);
  }
  const given = fn.attr ?? {};
  const signature: OpDef.$Properties = fdef.signature ?? {};
  const typeOf = (arg: { type?: unknown; typeAttr?: string | null }, what: string): DType => {
    if (arg.typeAttr) {
      const t = given[arg.typeAttr];
      if (typeof t !== 'string') {
        throw new InvalidArgumentError(
          null,
          null,
          `Attr ${arg.typeAttr} is not found from ${fn.name} instantiation of ${what}`,
        );
      }
      return t as DType;
    }
    return dtypeFromEnum(Number(arg.type ?? 0));
  };
  const inputArgs = signature.inputArg ?? [];
  const argNodes = inputArgs.map((arg, i) => {
    if (arg.numberAttr || arg.typeListAttr) {
      throw new UnimplementedError(
        null,
        null,
        `Function ${fn.name}: list-typed argument ${arg.name} is not supported`,
      );
    }
    const shapes = fdef.argAttr?.[i]?.attr?._output_shapes?.list?.shape;
    return new NodeDef({
      name: arg.name ?? '',
      op: 'Placeholder',
      attr: {
        dtype: new AttrValueProto({ type: dtypeToEnum(typeOf(arg, arg.name ?? '')) }),
        shape: new AttrValueProto({
          shape: shapes?.[0] ?? dimsToTensorShapeProto(null),
        }),
      },
    });
  });

  // Output ranges of every body node, for `node:output_arg:i` inputs.
  const ranges = new Map<string, Map<string, number>>();
  const bodyNodes = (fdef.nodeDef ?? []).map((n) => {
    const opDef = registry.find(n.op ?? '') ?? library.opDefinitionOf(n.op ?? '');
    const attr = substitutePlaceholders(n.attr ?? {}, opDef, given, n.name ?? '');
    if (opDef !== undefined) {
      const values = new Map<string, AttrValue>();
      for (const def of opDef.attrs) {
        const p = attr[def.name];
        if (p !== undefined) values.set(def.name, attrValueFromProto(p, def.type));
        else if (def.defaultValue !== undefined) values.set(def.name, def.defaultValue);
      }
      const starts = new Map<string, number>();
      try {
        for (const e of expandArgs(opDef, opDef.outputs, values)) starts.set(e.arg.name, e.start);
      } catch {
        // The importer reports the malformed node with TF's message.
      }
      ranges.set(n.name ?? '', starts);
    }
    return { node: n, attr };
  });
  const flatInput = (input: string): string => {
    if (input.startsWith('^')) return input;
    const parts = input.split(':');
    if (parts.length === 3) {
      const start = ranges.get(parts[0] as string)?.get(parts[1] as string);
      if (start === undefined) {
        throw new InvalidArgumentError(
          null,
          null,
          `Function ${fn.name}: input ${input} refers to an unknown output`,
        );
      }
      return `${parts[0]}:${start + Number(parts[2])}`;
    }
    return input;
  };
  const nodes = [
    ...argNodes,
    ...bodyNodes.map(
      ({ node, attr }) =>
        new NodeDef({
          name: node.name ?? '',
          op: node.op ?? '',
          input: (node.input ?? []).map(flatInput),
          device: node.device ?? '',
          attr,
        }),
    ),
  ];
  const callsFunctions = bodyNodes.some(({ node }) => library.has(node.op ?? ''));
  const graph = new Graph({ opRegistry: registry });
  importGraphDef(
    new GraphDef({
      node: nodes,
      versions: new VersionDef({ producer: GRAPH_DEF_VERSION }),
      ...(callsFunctions ? { library: library.toProto() } : {}),
    }),
    { graph, name: '' },
  );
  const args = inputArgs.map((a) => graph.getTensorByName(`${a.name}:0`));
  const rets = (signature.outputArg ?? []).map((a) => {
    const ret = fdef.ret?.[a.name ?? ''];
    if (ret === undefined) {
      throw new InvalidArgumentError(
        null,
        null,
        `Function ${fn.name}: no return value for ${a.name}`,
      );
    }
    const flat = flatInput(ret);
    return graph.getTensorByName(flat.includes(':') ? flat : `${flat}:0`);
  });
  const argOps = new Set(args.map((t) => t.op));
  const controlRets = new Set(Object.values(fdef.controlRet ?? {}));
  const targets = graph
    .getOperations()
    .filter((op) => !argOps.has(op) && (op.opDef.isStateful === true || controlRets.has(op.name)));
  return { name: fn.name, graph, args, rets, targets };
}

/** A node's attrs with `placeholder` values (the function's own attrs) filled in. */
function substitutePlaceholders(
  attrs: AttrProtos,
  opDef: OpDefinition | undefined,
  given: Readonly<Record<string, AttrValue>>,
  nodeName: string,
): Record<string, AttrValueProto> {
  const out: Record<string, AttrValueProto> = {};
  for (const [k, v] of Object.entries(attrs)) {
    const proto = v instanceof AttrValueProto ? v : AttrValueProto.create(v);
    if (!proto.placeholder) {
      out[k] = proto;
      continue;
    }
    const value = given[proto.placeholder];
    if (value === undefined) {
      throw new InvalidArgumentError(
        null,
        null,
        `Attr ${proto.placeholder} is not found from node ${nodeName}`,
      );
    }
    const type = opDef?.attrs.find((a) => a.name === k)?.type as AttrType | undefined;
    out[k] = attrValueToProto(value, type);
  }
  return out;
}
