// Reads what the V8 harness needs from a Wasm binary that JavaScript does not reflect: each
// function's type, the imports' types, how many globals there are. And rewrites a module to
// also export every global and memory 0, so their state is visible from JavaScript.

const kTypeNames = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128',
                     0x70: 'funcref', 0x6f: 'externref' };
// Section ids in the order they must appear (custom sections aside).
const kSectionOrder = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];
const kExportSection = 7;

class Reader {
  constructor(bytes, pos = 0) { this.bytes = bytes; this.pos = pos; }
  byte() {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end of module');
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0, shift = 0, b;
    do {
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  }
  name() {
    const n = this.u32();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString('utf8');
    this.pos += n;
    return s;
  }
  valType() {
    const b = this.byte();
    if (!(b in kTypeNames)) throw new Error(`unsupported value type 0x${b.toString(16)}`);
    return kTypeNames[b];
  }
  vec(f) {
    const n = this.u32();
    const out = [];
    for (let i = 0; i < n; ++i) out.push(f());
    return out;
  }
  // Skips a constant expression up to and including its `end`.
  constExpr() {
    for (;;) {
      const op = this.byte();
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) {
        while (this.byte() & 0x80);  // a LEB128 immediate
      } else if (op === 0x43 || op === 0x44) {
        this.pos += op === 0x43 ? 4 : 8;
      } else if (op === 0xd0) {
        this.byte();
      }
    }
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function sections(bytes) {
  const r = new Reader(bytes, 8);
  const out = [];
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start, body: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

// { types, funcTypes (per function index), imports: [{module, name, kind, type}],
//   globalTypes (per global index), exports: [{name, kind, index}], hasMemory }.
// Throws on anything outside Wasm 2.0.
export function moduleInfo(bytes) {
  const info = { types: [], funcTypes: [], imports: [], globalTypes: [], exports: [],
                 hasMemory: false };
  for (const s of sections(bytes)) {
    const r = new Reader(bytes, s.body);
    if (s.id === 1) {
      info.types = r.vec(() => {
        if (r.byte() !== 0x60) throw new Error('unsupported type form');
        return { params: r.vec(() => r.valType()), results: r.vec(() => r.valType()) };
      });
    } else if (s.id === 2) {
      info.imports = r.vec(() => {
        const imp = { module: r.name(), name: r.name(), kind: r.byte() };
        if (imp.kind === 0) {
          imp.type = info.types[r.u32()];
          info.funcTypes.push(imp.type);
        } else if (imp.kind === 1) {
          r.valType();
          r.limits();
        } else if (imp.kind === 2) {
          r.limits();
          info.hasMemory = true;
        } else if (imp.kind === 3) {
          info.globalTypes.push(r.valType());
          r.byte();
        } else {
          throw new Error(`unsupported import kind ${imp.kind}`);
        }
        return imp;
      });
    } else if (s.id === 3) {
      for (const t of r.vec(() => r.u32())) info.funcTypes.push(info.types[t]);
    } else if (s.id === 5) {
      if (r.u32() > 0) info.hasMemory = true;
    } else if (s.id === 6) {
      r.vec(() => {
        info.globalTypes.push(r.valType());
        r.byte();
        r.constExpr();
      });
    } else if (s.id === kExportSection) {
      info.exports = r.vec(() => ({ name: r.name(), kind: r.byte(), index: r.u32() }));
    }
  }
  return info;
}

function u32Bytes(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function nameBytes(s) {
  const b = Buffer.from(s, 'utf8');
  return [...u32Bytes(b.length), ...b];
}

export const kGlobalPrefix = '__lichen_global_';
export const kMemoryExport = '__lichen_memory';

// The module with exports added for every global (kGlobalPrefix + index) and memory 0.
export function exposeState(bytes, info) {
  const added = [];
  for (let g = 0; g < info.globalTypes.length; ++g) {
    added.push([...nameBytes(kGlobalPrefix + g), 3, ...u32Bytes(g)]);
  }
  if (info.hasMemory) added.push([...nameBytes(kMemoryExport), 2, 0]);
  const all = sections(bytes);
  const old = all.find((s) => s.id === kExportSection);
  let entries = [];
  let count = 0;
  if (old) {
    const r = new Reader(bytes, old.body);
    count = r.u32();
    entries = [...bytes.subarray(r.pos, old.end)];
  }
  const body = [...u32Bytes(count + added.length), ...entries, ...added.flat()];
  const section = Buffer.from([kExportSection, ...u32Bytes(body.length), ...body]);
  // Replace the old section, or insert the new one before the first section that follows it.
  const rank = (id) => kSectionOrder.indexOf(id);
  let at = old ? old.start : bytes.length;
  if (!old) {
    const next = all.find((s) => s.id !== 0 && rank(s.id) > rank(kExportSection));
    if (next) at = next.start;
  }
  const rest = old ? old.end : at;
  return Buffer.concat([bytes.subarray(0, at), section, bytes.subarray(rest)]);
}
