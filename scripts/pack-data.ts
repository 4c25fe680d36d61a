// Build step after the release model is compiled (npm run build:wasm): its static data as few
// segments as gzip likes. Binaryen's memory packing splits the data at every run of zeros
// (≈ 60 segments of a few bytes, each with its own header, the tables' zeros between them); the
// transport's gzip does better with the data whole. This writes it back as one segment per
// stretch of data, split only where GAP or more zero bytes lie between (the raw size stays under
// its budget), which saves ≈ 200 B of the validator's gzip (issue 25). The memory's contents at
// instantiation are the same byte for byte. Fails on anything but active segments of memory 0 at
// constant offsets that do not overlap.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Zero bytes that split the data into two segments. */
const GAP = 64;
const DATA = 11;
const DATA_COUNT = 12;

function readU32(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0, shift = 0, x: number;
  do {
    x = b[at++];
    v += (x & 0x7f) * 2 ** shift;
    shift += 7;
  } while (x & 0x80);
  return [v, at];
}

function readI32(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0, shift = 0, x: number;
  do {
    x = b[at++];
    v |= (x & 0x7f) << shift;
    shift += 7;
  } while (x & 0x80);
  return [shift < 32 && x & 0x40 ? v | (-1 << shift) : v, at];
}

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let x = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) x |= 0x80;
    out.push(x);
  } while (n);
  return out;
}

function i32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const x = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(x & 0x40)) || (n === -1 && x & 0x40)) return [...out, x];
    out.push(x | 0x80);
  }
}

/** `wasm` with its data section rewritten as described above; throws where it cannot be. */
export function packData(wasm: Uint8Array, gap = GAP): { bytes: Uint8Array<ArrayBuffer>; before: number; after: number } {
  const sections: { id: number; body: Uint8Array }[] = [];
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at++];
    const [size, start] = readU32(wasm, at);
    sections.push({ id, body: wasm.subarray(start, start + size) });
    at = start + size;
  }
  const data = sections.find((s) => s.id === DATA);
  if (!data) return { bytes: Uint8Array.from(wasm), before: 0, after: 0 };
  const b = data.body;
  let [count, at] = readU32(b, 0);
  const pieces: { offset: number; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    // Active, memory 0, offset (i32.const n) end.
    if (b[at] !== 0 || b[at + 1] !== 0x41) throw new Error(`pack-data: data segment ${i} is not an active segment of memory 0 at a constant offset`);
    let offset: number, size: number;
    [offset, at] = readI32(b, at + 2);
    if (b[at++] !== 0x0b) throw new Error(`pack-data: data segment ${i}: its offset is not a constant`);
    [size, at] = readU32(b, at);
    pieces.push({ offset, bytes: b.subarray(at, at + size) });
    at += size;
  }
  pieces.sort((x, y) => x.offset - y.offset);
  const end = pieces.length ? pieces[pieces.length - 1].offset + pieces[pieces.length - 1].bytes.length : 0;
  const base = pieces.length ? pieces[0].offset : 0;
  const image = new Uint8Array(end - base);
  let last = base;
  for (const p of pieces) {
    if (p.offset < last) throw new Error(`pack-data: data segments overlap at ${p.offset}`);
    image.set(p.bytes, p.offset - base);
    last = p.offset + p.bytes.length;
  }
  // Stretches of data split where `gap` or more zero bytes lie between; zeros at either end dropped.
  const stretches: [number, number][] = [];
  for (let i = 0; i < image.length;) {
    while (i < image.length && image[i] === 0) i++;
    if (i === image.length) break;
    let j = i, zeros = 0, stop = i;
    for (; j < image.length && zeros < gap; j++) {
      if (image[j] === 0) zeros++;
      else { zeros = 0; stop = j + 1; }
    }
    stretches.push([i, stop]);
    i = stop;
  }
  const body: number[] = u32(stretches.length);
  for (const [s, e] of stretches) body.push(0, 0x41, ...i32(base + s), 0x0b, ...u32(e - s), ...image.subarray(s, e));
  const out: number[] = Array.from(wasm.subarray(0, 8));
  for (const s of sections) {
    const content = s.id === DATA ? body : s.id === DATA_COUNT ? u32(stretches.length) : Array.from(s.body);
    out.push(s.id, ...u32(content.length), ...content);
  }
  return { bytes: Uint8Array.from(out), before: count, after: stretches.length };
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("usage: pack-data <file.wasm>");
  const { bytes, before, after } = packData(readFileSync(file));
  new WebAssembly.Module(bytes);
  writeFileSync(file, bytes);
  process.stdout.write(`pack-data: ${file}: ${before} data segments → ${after}, ${bytes.length} bytes\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
