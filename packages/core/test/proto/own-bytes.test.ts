import { describe, expect, it } from 'vitest';
import {
  AttrValueProto,
  GraphDef,
  NodeDef,
  copyOwningBytes,
  decodeProto,
} from '../../src/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('copyOwningBytes', () => {
  // A NodeDef with a bytes attr and a field this schema does not know (number 99).
  const node = new GraphDef({
    node: [
      new NodeDef({
        name: 'n',
        op: 'Const',
        attr: { s: new AttrValueProto({ s: Uint8Array.of(7, 8) }) },
      }),
    ],
  });
  const known = GraphDef.encode(node).finish();
  const unknown = Uint8Array.of((99 << 3) | 2, 2, 0xaa, 0xbb);
  const file = new Uint8Array(known.length + unknown.length);
  file.set(known);
  file.set(unknown, known.length);
  const decoded = decodeProto(GraphDef, file);

  it('copies every bytes field, unknown fields too, and writes back the same bytes', () => {
    const s = decoded.node[0]?.attr['s']?.s as Uint8Array;
    expect(s.buffer).toBe(file.buffer); // protobufjs decodes bytes as views
    const copy = copyOwningBytes(decoded);
    expect(copy).toBeInstanceOf(GraphDef);
    expect(copy.node[0]?.attr['s']).toBeInstanceOf(AttrValueProto);
    const copied = copy.node[0]?.attr['s']?.s as Uint8Array;
    expect(Array.from(copied)).toEqual([7, 8]);
    expect(copied.buffer).not.toBe(file.buffer);
    const unknowns = (copy as unknown as { $unknowns: Uint8Array[] }).$unknowns;
    expect(unknowns.map((u) => u.buffer === file.buffer)).toEqual([false]);
    expect(hex(GraphDef.encode(copy).finish())).toBe(hex(file));
    // The source is left as it was.
    expect((decoded.node[0]?.attr['s']?.s as Uint8Array).buffer).toBe(file.buffer);
  });

  it('uses the bytes it is given in place of a copy', () => {
    const s = decoded.node[0]?.attr['s']?.s as Uint8Array;
    const held = Uint8Array.of(7, 8);
    const copy = copyOwningBytes(decoded, new Map([[s, held]]));
    expect(copy.node[0]?.attr['s']?.s).toBe(held);
  });
});
