// A tiny ONNX model written byte by byte (protocol buffers wire format, onnx.proto field numbers), for
// tests and the bench: no Python here to export one. It has the contract of a YOLOv8-style detector with
// two classes (flame, smoke) and one fixed box in the middle of a 32x32 input; its flame score is the
// frame's mean red minus mean blue, its smoke score is 0. Graph:
//   images [1,3,32,32] -> GlobalAveragePool -> Conv 1x1 (weights [[1,0,-1],[0,0,0]]) -> Reshape [1,2,1]
//   -> Concat(box [1,4,1], scores, axis 1) -> output0 [1,6,1]

type Field = Buffer;

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Buffer.from(bytes);
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number): Field => Buffer.concat([key(field, 0), varint(n)]);
const bytes = (field: number, b: Buffer): Field => Buffer.concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Field => bytes(field, Buffer.from(s, "utf8"));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, Buffer.concat(parts));

const FLOAT = 1;
const INT64 = 7;

function tensor(field: number, name: string, dims: number[], type: number, values: number[]): Field {
  const raw = Buffer.alloc(values.length * (type === FLOAT ? 4 : 8));
  values.forEach((v, i) => (type === FLOAT ? raw.writeFloatLE(v, i * 4) : raw.writeBigInt64LE(BigInt(v), i * 8)));
  return msg(field, ...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, raw));
}

function valueInfo(field: number, name: string, dims: number[]): Field {
  const shape = msg(2, ...dims.map((d) => msg(1, int(1, d))));
  return msg(field, str(1, name), msg(2, msg(1, int(1, FLOAT), shape)));
}

function node(op: string, inputs: string[], outputs: string[], ...attributes: Field[]): Field {
  return msg(
    1,
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, op.toLowerCase()),
    str(4, op),
    ...attributes,
  );
}

const intAttribute = (name: string, value: number) => msg(5, str(1, name), int(3, value), int(20, 2));

export const TINY_MODEL_SIZE = 32;
/** the model's only box, in input pixels: centre 16,16, 16 wide and high */
export const TINY_MODEL_BOX = { cx: 16, cy: 16, w: 16, h: 16 };

export function tinyFireModel(): Buffer {
  const s = TINY_MODEL_SIZE;
  const graph = Buffer.concat([
    node("GlobalAveragePool", ["images"], ["pooled"]),
    node("Conv", ["pooled", "weights", "bias"], ["scores4d"]),
    node("Reshape", ["scores4d", "shape"], ["scores"]),
    node("Concat", ["box", "scores"], ["output0"], intAttribute("axis", 1)),
    str(2, "tiny-fire"),
    tensor(5, "weights", [2, 3, 1, 1], FLOAT, [1, 0, -1, 0, 0, 0]),
    tensor(5, "bias", [2], FLOAT, [0, 0]),
    tensor(5, "shape", [3], INT64, [1, 2, 1]),
    tensor(5, "box", [1, 4, 1], FLOAT, [TINY_MODEL_BOX.cx, TINY_MODEL_BOX.cy, TINY_MODEL_BOX.w, TINY_MODEL_BOX.h]),
    valueInfo(11, "images", [1, 3, s, s]),
    valueInfo(12, "output0", [1, 6, 1]),
  ]);
  return Buffer.concat([
    int(1, 7), // ir_version 7 (ONNX 1.8), which opset 13 needs
    str(2, "anxin-test"),
    bytes(7, graph),
    msg(8, str(1, ""), int(2, 13)),
  ]);
}
