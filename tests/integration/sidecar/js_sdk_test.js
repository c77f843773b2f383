// Compatibility proof: the official Dapr JS SDK (@dapr/dapr, DaprClient over HTTP) against
// `lichen run`. Usage: node js_sdk_test.js LICHEN TRANSFORM_WASM (examples/transform-binding's
// guest, for bindings.wasm). Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { DaprClient, DaprServer, CommunicationProtocolEnum, HttpMethod } = require("@dapr/dapr");
const { startLichen, freePort, waitForExit, eventually } = require("./lichen_process.js");

const kToken = "lichen-js-sdk-token";
const kStore = "statestore";

function writeResources(dir, transformWasm) {
  fs.writeFileSync(path.join(dir, "secrets.json"),
                   JSON.stringify({ db: { password: "pw" }, token: "t0k" }));
  fs.writeFileSync(path.join(dir, "components.yaml"), `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${kStore}
spec:
  type: state.sqlite
  version: v1
  metadata:
  - name: connectionString
    value: "${path.join(dir, "state.db")}"
  - name: actorStateStore
    value: "true"
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: localsecrets
spec:
  type: secretstores.local.file
  version: v1
  metadata:
  - name: secretsFile
    value: "${path.join(dir, "secrets.json")}"
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: envsecrets
spec:
  type: secretstores.local.env
  version: v1
  metadata:
  - name: prefix
    value: LICHEN_JS_
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.in-memory
  version: v1
  metadata: []
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: files
spec:
  type: bindings.localstorage
  version: v1
  metadata:
  - name: rootPath
    value: "${path.join(dir, "files")}"
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ticks
spec:
  type: bindings.cron
  version: v1
  metadata:
  - name: schedule
    value: "@every 1s"
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: transform}
spec:
  type: bindings.wasm
  version: v1
  metadata: [{name: url, value: "file://${transformWasm}"}, {name: strictSandbox, value: "true"}]
`);
}

const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

test("health and metadata", async (client) => {
  assert.equal(await client.health.isHealthy(), true);
  const md = await client.metadata.get();
  assert.equal(md.id, "js-sdk-app");
  const store = md.components.find((c) => c.name === kStore);
  assert.ok(store, JSON.stringify(md.components));
  assert.equal(store.type, "state.sqlite");
  for (const cap of ["ETAG", "TRANSACTIONAL", "TTL", "ACTOR"]) {
    assert.ok(store.capabilities.includes(cap), `${cap} in ${store.capabilities}`);
  }
  assert.ok(md.components.find((c) => c.name === "localsecrets"));
  assert.equal(md.components.find((c) => c.name === "pubsub").type, "pubsub.in-memory");
  await client.metadata.set("testKey", "testValue");
  const after = await client.metadata.get();
  assert.equal(after.extended.testKey, "testValue");
});

test("state save, get, bulk, delete", async (client) => {
  const saved = await client.state.save(kStore, [
    { key: "k1", value: { name: "one", n: 1.5 } },
    { key: "k2", value: "two" },
    { key: "k3", value: 3 },
  ]);
  assert.deepEqual(saved, {});
  assert.deepEqual(await client.state.get(kStore, "k1"), { name: "one", n: 1.5 });
  assert.equal(await client.state.get(kStore, "k2"), "two");
  assert.equal(await client.state.get(kStore, "k3"), 3);
  assert.equal(await client.state.get(kStore, "missing"), "");  // 204, empty body

  const bulk = await client.state.getBulk(kStore, ["k1", "k2", "missing"]);
  assert.equal(bulk.length, 3);
  const byKey = Object.fromEntries(bulk.map((item) => [item.key, item]));
  assert.deepEqual(byKey.k1.data, { name: "one", n: 1.5 });
  assert.equal(byKey.k2.data, "two");
  assert.equal(typeof byKey.k1.etag, "string");
  assert.deepEqual(byKey.missing, { key: "missing" });

  assert.deepEqual(await client.state.delete(kStore, "k3"), {});
  assert.equal(await client.state.get(kStore, "k3"), "");
});

test("state ETags and concurrency", async (client) => {
  await client.state.save(kStore, [{ key: "e1", value: "v1" }]);
  const [{ etag }] = await client.state.getBulk(kStore, ["e1"]);
  assert.ok(etag);

  const stale = await client.state.save(kStore, [{ key: "e1", value: "x", etag: "12345" }]);
  assert.ok(stale.error, "a stale ETag must fail");
  assert.match(String(stale.error), /409/);
  const malformed = await client.state.save(kStore, [{ key: "e1", value: "x", etag: "not-a-number" }]);
  assert.match(String(malformed.error), /400/);
  assert.equal(await client.state.get(kStore, "e1"), "v1");

  const ok = await client.state.save(kStore, [
    { key: "e1", value: "v2", etag, options: { concurrency: "first-write", consistency: "strong" } },
  ]);
  assert.deepEqual(ok, {});
  assert.equal(await client.state.get(kStore, "e1"), "v2");

  const staleDelete = await client.state.delete(kStore, "e1", { etag });
  assert.match(String(staleDelete.error), /409/);
  const [{ etag: current }] = await client.state.getBulk(kStore, ["e1"]);
  assert.deepEqual(await client.state.delete(kStore, "e1", { etag: current }), {});
  assert.equal(await client.state.get(kStore, "e1"), "");
});

test("state transaction", async (client) => {
  await client.state.save(kStore, [{ key: "t-old", value: "old" }]);
  await client.state.transaction(kStore, [
    { operation: "upsert", request: { key: "t-new", value: { fresh: true } } },
    { operation: "delete", request: { key: "t-old" } },
  ]);
  assert.deepEqual(await client.state.get(kStore, "t-new"), { fresh: true });
  assert.equal(await client.state.get(kStore, "t-old"), "");
  await assert.rejects(
    client.state.transaction(kStore, [
      { operation: "upsert", request: { key: "t-rollback", value: 1 } },
      { operation: "upsert", request: { key: "t-new", value: 2, etag: "999" } },
    ]),
    /500|ERR_STATE_TRANSACTION/);
  assert.equal(await client.state.get(kStore, "t-rollback"), "");
});

test("state TTL", async (client) => {
  await client.state.save(kStore, [
    { key: "ttl-short", value: "soon gone", metadata: { ttlInSeconds: "1" } },
    { key: "ttl-forever", value: "stays", metadata: { ttlInSeconds: "-1" } },
  ]);
  await eventually(async () => (await client.state.get(kStore, "ttl-short")) === "",
                   "ttl-short expires");
  assert.equal(await client.state.get(kStore, "ttl-forever"), "stays");
});

test("errors from an unknown store", async (client) => {
  await assert.rejects(client.state.get("nostore", "k"), (e) => {
    const info = JSON.parse(e.message);
    assert.equal(info.status, 400);
    assert.equal(JSON.parse(info.error_msg).errorCode, "ERR_STATE_STORE_NOT_FOUND");
    return true;
  });
});

test("secrets", async (client) => {
  assert.deepEqual(await client.secret.get("localsecrets", "token"), { token: "t0k" });
  assert.deepEqual(await client.secret.get("localsecrets", "db:password"), { "db:password": "pw" });
  const bulk = await client.secret.getBulk("localsecrets");
  assert.deepEqual(bulk, { "db:password": { "db:password": "pw" }, token: { token: "t0k" } });
  assert.deepEqual(await client.secret.get("envsecrets", "API_KEY"), { API_KEY: "from-env" });
});

test("pub/sub and service invocation with a DaprServer app", async (client, port, appPort) => {
  const received = [];
  const server = new DaprServer({
    serverHost: "127.0.0.1",
    serverPort: String(appPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    clientOptions: {
      daprHost: "127.0.0.1",
      daprPort: String(port),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: kToken,
    },
    logger: { level: 0 },
  });
  await server.pubsub.subscribe("pubsub", "orders", async (data) => { received.push(data); });
  // bulkSubscribe: the SDK's handler takes Dapr's bulk requests and answers per entry.
  const bulkReceived = [];
  await server.pubsub.subscribeBulk("pubsub", "bulk-orders", async (data) => {
    bulkReceived.push(data);
  }, { maxMessagesCount: 10, maxAwaitDurationMs: 100 });
  let ticks = 0;
  await server.binding.receive("ticks", async () => { ticks++; });
  await server.invoker.listen("greet", async ({ body }) => ({ hello: JSON.parse(body).name }),
                              { method: HttpMethod.POST });
  await server.invoker.listen("echo-headers", async ({ headers }) => ({ seen: headers }),
                              { method: HttpMethod.POST });
  await server.start();
  try {
    // lichen asks the app for its subscriptions (GET /dapr/subscribe) once it listens.
    await eventually(async () => (await client.metadata.get()).subscriptions
                       .some((s) => s.pubsubname === "pubsub" && s.topic === "orders"),
                     "the subscription appears in metadata");
    // With --app-port, healthz is 204 only while the app listens.
    assert.equal(await client.health.isHealthy(), true);
    const healthz = await fetch(`http://127.0.0.1:${port}/v1.0/healthz`);
    assert.equal(healthz.status, 204);
    assert.deepEqual(await client.pubsub.publish("pubsub", "orders", { orderId: 42 }), {});
    assert.deepEqual(await client.pubsub.publish("pubsub", "orders", "plain text"), {});
    const bulk = await client.pubsub.publishBulk("pubsub", "orders", [{ orderId: 43 }, "bulk text"]);
    assert.deepEqual(bulk.failedMessages, []);
    await eventually(async () => received.length === 4, "all four events are delivered");
    assert.deepEqual(received[0], { orderId: 42 });
    assert.equal(received[1], "plain text");
    assert.deepEqual(received[2], { orderId: 43 });
    assert.equal(received[3], "bulk text");
    // Events of a bulk subscription reach the SDK's subscribeBulk handler (none lost).
    assert.deepEqual(await client.pubsub.publish("pubsub", "bulk-orders", { orderId: 7 }), {});
    assert.deepEqual(await client.pubsub.publish("pubsub", "bulk-orders", { orderId: 8 }), {});
    await eventually(async () => bulkReceived.length === 2, "bulk events reach subscribeBulk");
    const ids = bulkReceived.map((d) => (d.data ?? d).orderId).sort();
    assert.deepEqual(ids, [7, 8]);
    // Service invocation of the own app through the sidecar.
    const greeting = await client.invoker.invoke("js-sdk-app", "greet", HttpMethod.POST,
                                                 { name: "lichen" });
    assert.deepEqual(greeting, { hello: "lichen" });
    await assert.rejects(client.invoker.invoke("other-app", "greet", HttpMethod.POST, {}), /500/);
    // Headers pass to the app with the caller's and callee's ids and a trace context.
    const echoed = await client.invoker.invoke("js-sdk-app", "echo-headers", HttpMethod.POST, {},
      { headers: { "x-custom": "kept", authorization: "Bearer abc",
                   traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } });
    assert.equal(echoed.seen["x-custom"], "kept");
    assert.equal(echoed.seen.authorization, "Bearer abc");
    assert.equal(echoed.seen["dapr-caller-app-id"], "js-sdk-app");
    assert.equal(echoed.seen["dapr-callee-app-id"], "js-sdk-app");
    assert.match(echoed.seen.traceparent, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    assert.equal(echoed.seen["dapr-api-token"], undefined);
    const unknown = await client.pubsub.publish("nopubsub", "orders", {});
    assert.match(String(unknown.error), /404/);
    // The cron input binding reaches the app's binding.receive (after daprd's OPTIONS probe).
    await eventually(async () => ticks >= 1, "the cron binding delivers to the app");
  } finally {
    await server.stop();
  }
});

test("output bindings (bindings.localstorage)", async (client) => {
  const created = await client.binding.send("files", "create", { hello: "world" },
                                            { fileName: "greeting.json" });
  assert.deepEqual(created, { fileName: "greeting.json" });
  assert.deepEqual(await client.binding.send("files", "get", undefined,
                                             { fileName: "greeting.json" }),
                   { hello: "world" });
  await assert.rejects(client.binding.send("nobinding", "create", {}), /500|ERR_INVOKE/);
});

test("output bindings (bindings.wasm)", async (client) => {
  const send = (data, metadata) => client.binding.send("transform", "execute", data, metadata);
  assert.equal(await send("hello"), "HELLO");
  assert.equal(await send("stressed", { args: "reverse" }), "desserts");
  // An unknown transform exits with 2: the call fails, and the next one is served.
  await assert.rejects(send("x", { args: "shout" }), /exit_code\(2\)|ERR_INVOKE_OUTPUT_BINDING/);
  assert.equal(await send("again"), "AGAIN");
});

test("API token", async (client, port) => {
  const base = `http://127.0.0.1:${port}/v1.0`;
  const denied = await fetch(`${base}/metadata`);
  assert.equal(denied.status, 401);
  assert.equal(await denied.text(), "invalid api token");
  const wrong = await fetch(`${base}/state/${kStore}/k1`, { headers: { "dapr-api-token": "nope" } });
  assert.equal(wrong.status, 401);
  // Exempt from the token (the app is down by now, so healthz itself says 500).
  assert.notEqual((await fetch(`${base}/healthz`)).status, 401);
  assert.equal((await fetch(`${base}/healthz/outbound`)).status, 204);
  const allowed = await fetch(`${base}/metadata`, { headers: { "dapr-api-token": kToken } });
  assert.equal(allowed.status, 200);
});

async function main() {
  const lichen = process.argv[2];
  assert.ok(lichen && fs.existsSync(lichen), "usage: node js_sdk_test.js /path/to/lichen");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-js-sdk-"));
  writeResources(dir, process.argv[3]);
  const appPort = await freePort();
  const { child, port } = await startLichen(
    lichen,
    ["run", "--app-id", "js-sdk-app", "--dapr-http-port", "0", "--resources-path", dir,
     "--app-port", String(appPort)],
    { ...process.env, DAPR_API_TOKEN: kToken, LICHEN_JS_API_KEY: "from-env",
      LICHEN_NAME_RESOLUTION_DIR: path.join(dir, "apps") });
  let failures = 0;
  try {
    const client = new DaprClient({
      daprHost: "127.0.0.1",
      daprPort: String(port),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: kToken,
      logger: { level: 0 },
    });
    await client.start();
    for (const { name, fn } of tests) {
      try {
        await fn(client, port, appPort);
        console.log(`ok   - ${name}`);
      } catch (e) {
        failures++;
        console.log(`FAIL - ${name}\n${e && e.stack ? e.stack : e}`);
      }
    }
    // Graceful shutdown through the SDK: lichen answers 204 and exits 0.
    await client.sidecar.shutdown();
    const code = await waitForExit(child);
    if (code !== 0) {
      failures++;
      console.log(`FAIL - shutdown: lichen exited with ${code}`);
    } else {
      console.log("ok   - shutdown");
    }
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${tests.length + 1 - failures}/${tests.length + 1} passed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
