// Test guest (AssemblyScript + @assemblyscript/wasi-shim): console, args, env, clocks,
// randomness and an exit code.
const args = process.argv;
console.log("argc " + args.length.toString());
for (let i = 1; i < args.length; ++i) console.log("arg " + i.toString() + ": " + args[i]);
const env = process.env;
console.log("GREETING=" + (env.has("GREETING") ? env.get("GREETING") : "(unset)"));
console.log("after 2020: " + (Date.now() > 1577836800000 ? "true" : "false"));
const t0 = performance.now();
let sum: f64 = 0;
for (let i = 0; i < 1000; ++i) sum += Math.random();
const t1 = performance.now();
console.log("random mean in range: " + (sum > 300 && sum < 700 ? "true" : "false"));
console.log("performance.now monotonic: " + (t1 >= t0 ? "true" : "false"));
process.stdout.write("written to stdout\n");
process.exit(3);
