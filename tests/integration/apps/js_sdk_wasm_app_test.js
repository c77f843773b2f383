// The official Dapr JS SDK (@dapr/dapr's DaprClient over HTTP) against Wasm apps served by
// `lichen run --app-id ID app.wasm`: it invokes the counter example and publishes to an app
// whose event handler writes state. Usage: node js_sdk_wasm_app_test.js LICHEN COUNTER_WASM
// FAULTS_WASM. Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { HttpMethod } = require("@dapr/dapr");
const { startLichen, eventually, clientFor } = require("../sidecar/lichen_process.js");

async function stop(client, child) {
  await client.sidecar.shutdown();
  if (child.exitCode === null) await new Promise((r) => child.on("exit", r));
  assert.equal(child.exitCode, 0);
}

async function main() {
  const [lichen, counterWasm, faultsWasm] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-js-wasm-"));
  const env = { ...process.env, LICHEN_NAME_RESOLUTION_DIR: path.join(dir, "apps") };
  const children = [];
  try {
    // The counter example, invoked as any Dapr app is.
    const counter = await startLichen(lichen, ["run", "--app-id", "counter", "--dapr-http-port",
      "0", "--data-dir", path.join(dir, "data"), counterWasm], env);
    children.push(counter.child);
    const client = clientFor(counter.port);
    assert.equal(String(await client.invoker.invoke("counter", "increment", HttpMethod.POST)), "1");
    assert.equal(String(await client.invoker.invoke("counter", "increment", HttpMethod.POST)), "2");
    assert.equal(String(await client.state.get("statestore", "count")), "2");
    console.log("ok   - DaprClient invokes a Wasm app");
    await stop(client, counter.child);

    // Publishing to a Wasm app: its event handler saves the event's data under event-<topic>.
    fs.writeFileSync(path.join(dir, "components.yaml"), `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec:
  type: state.sqlite
  version: v1
  metadata:
  - {name: connectionString, value: "${path.join(dir, "state.db")}"}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: pubsub}
spec: {type: pubsub.in-memory, version: v1}
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: orders}
spec: {pubsubname: pubsub, topic: orders, routes: {default: /orders}}
`);
    const faults = await startLichen(lichen, ["run", "--app-id", "faults", "--dapr-http-port",
      "0", "--resources-path", dir, faultsWasm], env);
    children.push(faults.child);
    const pubClient = clientFor(faults.port);
    const published = await pubClient.pubsub.publish("pubsub", "orders", { order: 42 });
    assert.equal(published.error, undefined, String(published.error));
    await eventually(async () => {
      const got = await pubClient.state.get("statestore", "event-orders");
      return got && got.order === 42;
    }, "the Wasm subscriber saved the event");
    console.log("ok   - DaprClient publishes to a Wasm app");
    await stop(pubClient, faults.child);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
