// Times one call of a kernel's run(n) under Node's V8: prints "<milliseconds> <checksum>".
// The kernels import nothing, so plain WebAssembly instantiation is all they need.
import { readFileSync } from 'node:fs';

const [file, n] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const t0 = process.hrtime.bigint();
const check = instance.exports.run(Number(n)) >>> 0;
const t1 = process.hrtime.bigint();
console.log(`${(Number(t1 - t0) / 1e6).toFixed(3)} ${check}`);
