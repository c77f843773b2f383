#!/usr/bin/env node
// Usage: node v8_exec.mjs MODULE.wasm
// Runs every export of a wasm-opt -ttf module under V8 and prints the same canonical
// transcript as `lichen wasm fuzz-exec` (src/cli/fuzz_exec.cc; format in tests/fuzz/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { exposeState, kGlobalPrefix, kMemoryExport, moduleInfo } from './wasm_info.mjs';

const kHangLimitReset = 'hangLimitInitializer';
const kFuncExport = 0;

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);

// Integers unsigned decimal, floats their bits in hex, every NaN the same, references null
// or not.
function canonical(type, v) {
  switch (type) {
    case 'i32':
      return `i32:${v >>> 0}`;
    case 'i64':
      return `i64:${BigInt.asUintN(64, v)}`;
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      f32[0] = v;
      return `f32:${f32Bits[0].toString(16).padStart(8, '0')}`;
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      f64[0] = v;
      return `f64:${f64Bits[0].toString(16).padStart(16, '0')}`;
    case 'funcref':
      return v === null ? 'funcref:null' : 'funcref:func';
    case 'externref':
      return v === null ? 'externref:null' : 'externref:obj';
    default:
      return `${type}:?`;
  }
}

// Argument k of an export: the same fixed cycle per type as the Lichen side.
const kArgs = {
  i32: [0, 1, -1, -2147483648, 7, 65535],
  i64: [0n, 1n, -1n, -(1n << 63n), 7n, 65535n],
  f32: [0, 1.5, -0, Infinity, -2.5, 1e10],
  f64: [0, 1.5, -0, -Infinity, 3.25, 1e300],
};
const argument = (type, k) => (type in kArgs ? kArgs[type][k % 6] : null);

function fnv1a(bytes, h = 2166136261) {
  for (let i = 0; i < bytes.length; ++i) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return h;
}
const hex8 = (n) => n.toString(16).padStart(8, '0');

function state(exports, info) {
  let globals = '';
  info.globalTypes.forEach((t, g) => {
    globals += `${canonical(t, exports[kGlobalPrefix + g].value)};`;
  });
  const gh = hex8(fnv1a(Buffer.from(globals, 'utf8')));
  if (!info.hasMemory) return `state memory=none globals=${gh}`;
  const mem = new Uint8Array(exports[kMemoryExport].buffer);
  return `state memory=${hex8(fnv1a(mem))}/${mem.length / 65536} globals=${gh}`;
}

function logImports(info, out) {
  const imports = {};
  for (const imp of info.imports) {
    const t = imp.type;
    const ok = imp.kind === kFuncExport && imp.module === 'fuzzing-support' &&
               t.params.length === 1 && t.results.length === 0 &&
               imp.name === `log-${t.params[0]}` && t.params[0] in kArgs;
    if (!ok) {
      out.push(`unsupported-import ${imp.module} ${imp.name}`);
      return null;
    }
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = (v) => out.push(`log ${canonical(t.params[0], v)}`);
  }
  return imports;
}

export function transcript(bytes) {
  const out = [];
  try {
    new WebAssembly.Module(bytes);
  } catch {
    out.push('module invalid');
    return out;
  }
  out.push('module valid');
  const info = moduleInfo(bytes);
  const imports = logImports(info, out);
  if (!imports) return out;
  let exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(exposeState(bytes, info)), imports)
                  .exports;
  } catch {
    out.push('instantiate failed');
    return out;
  }
  out.push('instantiate ok');
  const funcs = info.exports.filter((e) => e.kind === kFuncExport);
  const reset = funcs.find((e) => e.name === kHangLimitReset);
  const resetOk = reset && info.funcTypes[reset.index].params.length === 0;
  for (const e of funcs) {
    out.push(`call ${e.name}`);
    if (resetOk) {
      try {
        exports[kHangLimitReset]();
      } catch {}
    }
    const type = info.funcTypes[e.index];
    try {
      const r = exports[e.name](...type.params.map(argument));
      const values = type.results.length === 1 ? [r] : type.results.length ? [...r] : [];
      out.push(['result', ...values.map((v, i) => canonical(type.results[i], v))].join(' '));
    } catch (err) {
      if (!(err instanceof WebAssembly.RuntimeError)) {
        // Stack overflow (a RangeError) leaves the engines' states incomparable.
        out.push(err instanceof RangeError ? 'inconclusive' : `harness-error ${err.message}`);
        return out;
      }
      out.push('trap');
    }
    out.push(state(exports, info));
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${transcript(fs.readFileSync(process.argv[2])).join('\n')}\n`);
}
