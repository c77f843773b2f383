#!/usr/bin/env node
// The differential fuzzing driver (tests/fuzz/README.md). For each seed: random bytes from the
// seed, `wasm-opt -ttf` turns them into a valid module, check.mjs runs it under Lichen (rewrites
// on and off) and V8 and compares. A mismatch is kept in --out and reduced with wasm-reduce into
// a regression case. --replay runs the kept regression cases instead.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkModule, kFeatures } from './check.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const kUsage = `usage: node run.mjs --lichen PATH [--seeds N] [--duration SECONDS] [--start-seed S]
                   [--out DIR] [--no-reduce] [--regressions DIR] [--passes 'FLAGS']
       node run.mjs --lichen PATH --replay DIR`;

function parseArgs(argv) {
  const o = { seeds: null, duration: null, start: 1, reduce: true, replay: null, lichen: null,
              passes: [],
              out: path.join(os.tmpdir(), 'lichen-difffuzz'),
              regressions: path.join(here, 'regressions') };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--lichen') o.lichen = path.resolve(next());
    else if (a === '--seeds') o.seeds = Number(next());
    else if (a === '--duration') o.duration = Number(next());
    else if (a === '--start-seed') o.start = Number(next());
    else if (a === '--out') o.out = path.resolve(next());
    else if (a === '--no-reduce') o.reduce = false;
    else if (a === '--regressions') o.regressions = path.resolve(next());
    else if (a === '--replay') o.replay = path.resolve(next());
    else if (a === '--passes') o.passes = next().split(' ').filter((f) => f !== '');
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.lichen) throw new Error('--lichen is required');
  if (o.seeds === null && o.duration === null) o.seeds = 100;
  return o;
}

// 1 to 16 KiB of bytes determined by the seed alone.
function seedBytes(seed) {
  const hash = (s) => crypto.createHash('sha256').update(`lichen-difffuzz:${seed}:${s}`).digest();
  const size = 1024 + (hash('size').readUInt32LE(0) % (15 * 1024));
  const chunks = [];
  for (let i = 0; chunks.length * 32 < size; ++i) chunks.push(hash(i));
  return Buffer.concat(chunks).subarray(0, size);
}

function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
  return { ok: !r.error && r.status === 0, error: r.error?.message ?? r.stderr };
}

// Reduces a mismatching module with wasm-reduce, keeping check.mjs's verdict line.
function reduce(o, file, seed, what) {
  const work = path.join(o.out, `seed-${seed}.reduced.wasm`);
  const test = path.join(o.out, `seed-${seed}.test.wasm`);
  const check = `${process.execPath} ${path.join(here, 'check.mjs')} --lichen ${o.lichen} ${test}`;
  // wasm-reduce runs wasm-opt from its --binaries directory, which has no default.
  const bin = spawnSync('sh', ['-c', 'command -v wasm-opt'], { encoding: 'utf8' }).stdout.trim();
  const r = tool('wasm-reduce', [file, `--command=${check}`, '-t', test, '-w', work,
                                 '-b', `${path.dirname(bin)}/`, '--timeout', '60',
                                 '-ef', kFeatures.join(' ')]);
  if (!r.ok || !fs.existsSync(work)) {
    console.log(`  wasm-reduce failed: ${r.error.trim().split('\n').pop()}`);
    return;
  }
  fs.mkdirSync(o.regressions, { recursive: true });
  const kept = path.join(o.regressions, `seed-${seed}-${what}.wasm`);
  fs.copyFileSync(work, kept);
  tool('wasm2wat', [kept, '-o', kept.replace(/\.wasm$/, '.wat')]);
  console.log(`  reduced to ${fs.statSync(work).size} bytes: ${kept}`);
}

function fuzz(o) {
  if (!tool('wasm-opt', ['--version']).ok) {
    console.error('wasm-opt (Debian package binaryen) not found');
    return 2;
  }
  fs.mkdirSync(o.out, { recursive: true });
  const stats = { seeds: 0, generated: 0, valid: 0, same: 0, denan: 0, inconclusive: 0,
                  mismatches: 0, exports: 0 };
  const started = Date.now();
  let lastReport = started;
  const done = (seed) => (o.seeds !== null && seed >= o.start + o.seeds) ||
                         (o.duration !== null && Date.now() - started >= o.duration * 1000);
  for (let seed = o.start; !done(seed); ++seed) {
    stats.seeds++;
    const bin = path.join(o.out, 'current.bin');
    const wasm = path.join(o.out, 'current.wasm');
    fs.writeFileSync(bin, seedBytes(seed));
    if (!tool('wasm-opt', [bin, '-ttf', ...kFeatures, ...o.passes, '-o', wasm]).ok) continue;
    stats.generated++;
    const r = checkModule(wasm, o.lichen);
    if (r.valid) stats.valid++;
    stats.exports += r.calls;
    if (r.verdict === 'same') stats.same++;
    if (r.denan) stats.denan++;
    if (r.verdict === 'inconclusive') stats.inconclusive++;
    if (r.verdict === 'mismatch') {
      stats.mismatches++;
      const kept = path.join(o.out, `seed-${seed}.wasm`);
      fs.copyFileSync(wasm, kept);
      console.log(`seed ${seed}: mismatch ${r.what}: ${r.detail}\n  module: ${kept}`);
      if (o.reduce) reduce(o, kept, seed, r.what);
    }
    if (Date.now() - lastReport > 60_000) {
      lastReport = Date.now();
      console.log(`[${Math.round((lastReport - started) / 1000)}s] ${JSON.stringify(stats)}`);
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`seeds ${o.start}..${o.start + stats.seeds - 1} in ${seconds}s: ` +
              `${stats.generated} modules, ${stats.valid} valid, ${stats.exports} exports ` +
              `compared, ${stats.same} agreed (${stats.denan} once NaNs were replaced), ` +
              `${stats.inconclusive} inconclusive, ` +
              `${stats.mismatches} mismatches`);
  return stats.mismatches ? 1 : 0;
}

function replay(o) {
  const files = fs.existsSync(o.replay) ?
      fs.readdirSync(o.replay).filter((f) => f.endsWith('.wasm')).sort() : [];
  let failed = 0;
  for (const f of files) {
    const r = checkModule(path.join(o.replay, f), o.lichen);
    console.log(`${f}: ${r.verdict}${r.verdict === 'mismatch' ? ` ${r.what}: ${r.detail}` : ''}`);
    if (r.verdict === 'mismatch') failed++;
  }
  console.log(`${files.length} regression modules, ${failed} mismatches`);
  return failed ? 1 : 0;
}

try {
  const o = parseArgs(process.argv.slice(2));
  process.exitCode = o.replay ? replay(o) : fuzz(o);
} catch (e) {
  console.error(`${e.message}\n${kUsage}`);
  process.exitCode = 2;
}
