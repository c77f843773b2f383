#!/usr/bin/env node
// Usage: node check.mjs --lichen PATH [--verbose] MODULE.wasm
// Checks one module three ways: Lichen against V8, and Lichen with the interpreter compiler's
// rewrites off against itself with them on. Prints one line, `same`, `inconclusive` or
// `mismatch <what>`, and exits 1 on a mismatch. wasm-reduce keeps a reduction only when this
// line and the exit code stay the same, so the line names the kind of mismatch, no details;
// --verbose prints those on stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { compareTranscripts } from './transcript.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const kTimeoutMs = 60_000;
// Wasm 2.0 but SIMD and reference types: binaryen 108's reference types are the pre-standard
// ones (anyref, typed function references), which neither engine accepts.
export const kFeatures = ['-mvp', '--enable-sign-ext', '--enable-mutable-globals',
                          '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
                          '--enable-multivalue'];

// { lines, failure }: failure says how the process ended when it did not end well.
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: kTimeoutMs,
                                   maxBuffer: 256 << 20 });
  let failure = null;
  if (r.error?.code === 'ETIMEDOUT') failure = 'timeout';
  else if (r.error) failure = r.error.message;
  else if (r.signal) failure = `killed by ${r.signal}`;
  else if (r.status !== 0) failure = `exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
  return { lines: (r.stdout ?? '').split('\n').filter((l) => l !== ''), failure };
}

// Compares Lichen and V8 on the module once binaryen's --denan pass has turned every NaN into
// 0 (null if that cannot run). A NaN's payload is nondeterministic (f32.min of two NaNs may
// return either), so a mismatch that goes away then is no bug; one where the engines disagree
// on NaN or not stays.
function compareWithoutNaNs(file, lichen) {
  const denan = path.join(os.tmpdir(), `lichen-denan-${process.pid}.wasm`);
  try {
    const opt = run('wasm-opt', [file, '--denan', ...kFeatures, '-o', denan]);
    if (opt.failure) return null;
    const on = run(lichen, ['wasm', 'fuzz-exec', denan]);
    const v8 = run(process.execPath, [path.join(here, 'v8_exec.mjs'), denan]);
    return on.failure || v8.failure ? null : compareTranscripts(on.lines, v8.lines);
  } finally {
    fs.rmSync(denan, { force: true });
  }
}

// { verdict, what, calls, detail, valid, denan (compared after --denan) }
export function checkModule(file, lichen) {
  const on = run(lichen, ['wasm', 'fuzz-exec', file]);
  const off = run(lichen, ['wasm', 'fuzz-exec', '--no-rewrites', file]);
  const v8 = run(process.execPath, [path.join(here, 'v8_exec.mjs'), file]);
  const valid = on.lines[0] === 'module valid';
  for (const [what, r] of [['lichen', on], ['lichen-no-rewrites', off]]) {
    // Lichen ending badly is a bug whatever the module does.
    if (r.failure) {
      return { verdict: 'mismatch', what: `${what}-failed`, calls: 0, detail: r.failure, valid };
    }
  }
  if (v8.failure) {
    return { verdict: 'inconclusive', what: 'v8-failed', calls: 0, detail: v8.failure, valid };
  }
  const rewrites = compareTranscripts(on.lines, off.lines);
  if (rewrites.verdict === 'mismatch') return { ...rewrites, what: 'rewrites', valid };
  const engines = compareTranscripts(on.lines, v8.lines);
  if (engines.verdict === 'mismatch') {
    const denan = compareWithoutNaNs(file, lichen);
    if (!denan || denan.verdict === 'mismatch') return { ...engines, what: 'v8', valid };
    return { ...denan, valid, denan: true };
  }
  if (rewrites.verdict === 'inconclusive') return { ...rewrites, valid };
  return { ...engines, valid };
}

function main(argv) {
  let lichen = null;
  let verbose = false;
  let file = null;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--lichen') lichen = argv[++i];
    else if (argv[i] === '--verbose') verbose = true;
    else file = argv[i];
  }
  if (!lichen || !file) {
    console.error('usage: node check.mjs --lichen PATH [--verbose] MODULE.wasm');
    return 2;
  }
  const r = checkModule(file, lichen);
  if (verbose && r.detail) console.error(r.detail);
  console.log(r.verdict === 'mismatch' ? `mismatch ${r.what}` : r.verdict);
  return r.verdict === 'mismatch' ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
