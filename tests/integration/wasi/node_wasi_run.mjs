// Runs a WASI command under Node's `node:wasi`, with lichen run's flags, as the reference
// the integration tests compare Lichen against.
// Usage: node --no-warnings node_wasi_run.mjs [--dir HOST[::GUEST]]... [--env K=V]... FILE [ARGS...]
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

const preopens = {};
const env = {};
let i = 2;
for (; i < process.argv.length; ++i) {
  const arg = process.argv[i];
  if (arg === '--dir' || arg === '--dir-ro') {
    const spec = process.argv[++i];
    const sep = spec.indexOf('::');
    preopens[sep < 0 ? spec : spec.slice(sep + 2)] = sep < 0 ? spec : spec.slice(0, sep);
  } else if (arg === '--env') {
    const kv = process.argv[++i];
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else {
    break;
  }
}
const file = process.argv[i];
const args = process.argv.slice(i);
const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
