// The official Dapr JS SDK's DaprClient over gRPC (CommunicationProtocolEnum.GRPC) against a
// real `lichen run --dapr-grpc-port 0`: metadata and health, state (save, get, bulk, delete,
// transactions), publish, output bindings, secrets, locks, configuration (which the SDK
// reaches over gRPC only), the API token (through @grpc/grpc-js), and shutdown.
// Usage: node js_sdk_grpc_test.js LICHEN. Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");
const { DaprClient, CommunicationProtocolEnum } = require("@dapr/dapr");
const { startLichen, waitForExit } = require("./lichen_process.js");

const kToken = "grpc-test-token";

function writeResources(dir) {
  fs.writeFileSync(path.join(dir, "components.yaml"), `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec:
  type: state.in-memory
  version: v1
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: pubsub}
spec:
  type: pubsub.in-memory
  version: v1
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: files}
spec:
  type: bindings.localstorage
  version: v1
  metadata: [{name: rootPath, value: "${path.join(dir, "files")}"}]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: envsecrets}
spec:
  type: secretstores.local.env
  version: v1
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: locks}
spec:
  type: lock.in-memory
  version: v1
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: settings}
spec:
  type: configuration.in-memory
  version: v1
  metadata:
  - name: items
    value: '{"mode":{"value":"fast","version":"3"},"size":"10"}'
`);
}

function grpcClient(port, token = kToken) {
  return new DaprClient({
    daprHost: "127.0.0.1",
    daprPort: String(port),
    communicationProtocol: CommunicationProtocolEnum.GRPC,
    daprApiToken: token,
    logger: { level: 0 },
  });
}

const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

test("metadata and health over gRPC", async ({ client }) => {
  assert.equal(await client.health.isHealthy(), true);
  const md = await client.metadata.get();
  assert.equal(md.id, "js-grpc-app");
  const types = Object.fromEntries(md.components.map((c) => [c.name, c.type]));
  assert.equal(types.statestore, "state.in-memory");
  assert.equal(types.locks, "lock.in-memory");
  await client.metadata.set("note", "from grpc");
  assert.equal((await client.metadata.get()).extended.note, "from grpc");
});

test("state: save, get, bulk, delete, transaction", async ({ client }) => {
  await client.state.save("statestore", [
    { key: "a", value: { n: 1 } },
    { key: "b", value: "plain" },
  ]);
  assert.deepEqual(await client.state.get("statestore", "a"), { n: 1 });
  assert.equal(await client.state.get("statestore", "b"), "plain");
  assert.equal(await client.state.get("statestore", "missing"), "");
  const bulk = await client.state.getBulk("statestore", ["a", "missing"]);
  const byKey = Object.fromEntries(bulk.map((i) => [i.key, i.data]));
  assert.deepEqual(byKey.a, { n: 1 });
  await client.state.transaction("statestore", [
    { operation: "upsert", request: { key: "c", value: "third" } },
    { operation: "delete", request: { key: "b" } },
  ]);
  assert.equal(await client.state.get("statestore", "c"), "third");
  assert.equal(await client.state.get("statestore", "b"), "");
  await client.state.delete("statestore", "a");
  assert.equal(await client.state.get("statestore", "a"), "");
  await assert.rejects(client.state.get("nostore", "a"), /nostore/);
});

test("publish: accepted, and an unknown pub/sub refused", async ({ client }) => {
  assert.deepEqual(await client.pubsub.publish("pubsub", "orders", { id: 7 }), {});
  await assert.rejects(client.pubsub.publish("nopubsub", "orders", { id: 8 }),
                       (e) => /nopubsub/.test(String(e.error ?? e)));
});

test("output binding and secrets", async ({ client, dir }) => {
  await client.binding.send("files", "create", "stored over grpc", { fileName: "g.txt" });
  assert.equal(fs.readFileSync(path.join(dir, "files", "g.txt"), "utf8"), "stored over grpc");
  const secret = await client.secret.get("envsecrets", "LICHEN_GRPC_SECRET");
  assert.deepEqual(secret, { LICHEN_GRPC_SECRET: "s3cret" });
});

test("locks and configuration", async ({ client }) => {
  assert.deepEqual(await client.lock.lock("locks", "r", "alice", 30), { success: true });
  assert.deepEqual(await client.lock.lock("locks", "r", "bob", 30), { success: false });
  assert.equal((await client.lock.unlock("locks", "r", "bob")).status, 2);
  assert.equal((await client.lock.unlock("locks", "r", "alice")).status, 0);
  const config = await client.configuration.get("settings", ["mode", "size"]);
  assert.equal(config.items.mode.value, "fast");
  assert.equal(config.items.mode.version, "3");
  assert.equal(config.items.size.value, "10");
});

// Straight through @grpc/grpc-js (the SDK, refused its health check, only says it could not
// start): GetMetadata without the token, and with a wrong one, is UNAUTHENTICATED.
test("a missing or wrong API token is refused", async ({ grpcPort, protoDir }) => {
  const definition = protoLoader.loadSync("dapr/proto/runtime/v1/dapr.proto",
                                          { includeDirs: [protoDir] });
  const { Dapr } = grpc.loadPackageDefinition(definition).dapr.proto.runtime.v1;
  const stub = new Dapr(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  const call = (metadata) => new Promise((resolve) => {
    stub.getMetadata({}, metadata, { deadline: Date.now() + 10000 },
                     (err, res) => resolve(err ? err.code : res.id));
  });
  assert.equal(await call(new grpc.Metadata()), grpc.status.UNAUTHENTICATED);
  const wrong = new grpc.Metadata();
  wrong.set("dapr-api-token", "wrong");
  assert.equal(await call(wrong), grpc.status.UNAUTHENTICATED);
  const right = new grpc.Metadata();
  right.set("dapr-api-token", kToken);
  assert.equal(await call(right), "js-grpc-app");
  stub.close();
});

async function main() {
  const [lichen] = process.argv.slice(2);
  assert.ok(lichen, "usage: node js_sdk_grpc_test.js LICHEN");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-js-grpc-"));
  writeResources(dir);
  fs.mkdirSync(path.join(dir, "files"));
  const sidecar = await startLichen(
    lichen,
    ["run", "--app-id", "js-grpc-app", "--dapr-http-port", "0", "--dapr-grpc-port", "0",
     "--resources-path", dir, "--data-dir", path.join(dir, "data")],
    { ...process.env, DAPR_API_TOKEN: kToken, LICHEN_GRPC_SECRET: "s3cret",
      LICHEN_NAME_RESOLUTION_DIR: path.join(dir, "apps") },
    { grpc: true });
  let failures = 0;
  try {
    const client = grpcClient(sidecar.grpcPort);
    const protoDir = path.join(path.dirname(require.resolve("@dapr/dapr/package.json")), "proto");
    const context = { client, dir, grpcPort: sidecar.grpcPort, protoDir };
    for (const { name, fn } of tests) {
      try {
        await fn(context);
        console.log(`ok   - ${name}`);
      } catch (e) {
        failures++;
        console.log(`FAIL - ${name}\n${e && e.stack ? e.stack : JSON.stringify(e)}`);
      }
    }
    await client.sidecar.shutdown();
    const code = await waitForExit(sidecar.child);
    if (code !== 0) {
      failures++;
      console.log(`FAIL - shutdown over gRPC: lichen exited with ${code}`);
    }
  } finally {
    if (sidecar.child.exitCode === null) sidecar.child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${tests.length - failures}/${tests.length} passed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
