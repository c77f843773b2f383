// Hello world in AssemblyScript for WASI. Build: npx asc hello.ts --config
// node_modules/@assemblyscript/wasi-shim/asconfig.json -O -o hello.wasm
const name = process.argv.length > 1 ? process.argv[1] : "world";
console.log("Hello, " + name + ", from AssemblyScript!");
