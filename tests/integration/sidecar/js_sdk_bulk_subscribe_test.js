// Bulk subscribe through the official Dapr JS SDK (DaprServer.pubsub.subscribeBulk) against
// `lichen run`, once with pubsub.in-memory and once with pubsub.sqlite: 25 events published at
// once reach the app in bulk requests of up to maxMessagesCount entries (so in fewer requests
// than events), each acknowledged once; the one the app answers RETRY for comes again alone.
// Usage: node js_sdk_bulk_subscribe_test.js LICHEN. Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { DaprServer, CommunicationProtocolEnum, DaprPubSubStatusEnum } = require("@dapr/dapr");
const {
  startLichen, freePort, waitForExit, eventually, clientFor,
} = require("./lichen_process.js");

const kEvents = 25;
const kMaxMessages = 10;
const kRetriedOrder = 13;  // the app answers RETRY the first time it sees this one

// Each broker's component metadata (YAML list items).
const brokers = {
  "pubsub.in-memory": () => [],
  "pubsub.sqlite": (dir) => [
    `{name: connectionString, value: "${path.join(dir, "pubsub.db")}"}`,
    "{name: pollInterval, value: 20ms}",
    "{name: redeliverInterval, value: 200ms}",
  ],
};

function writeResources(dir, type) {
  fs.writeFileSync(path.join(dir, "components.yaml"), `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: pubsub}
spec:
  type: ${type}
  version: v1
  metadata: [${brokers[type](dir).join(", ")}]
`);
}

async function runWith(lichen, type) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-js-bulk-"));
  writeResources(dir, type);
  const appPort = await freePort();
  const { child, port } = await startLichen(
    lichen,
    ["run", "--app-id", "js-bulk-app", "--dapr-http-port", "0", "--resources-path", dir,
     "--app-port", String(appPort)],
    { ...process.env, LICHEN_NAME_RESOLUTION_DIR: path.join(dir, "apps") });
  const client = clientFor(port);
  const server = new DaprServer({
    serverHost: "127.0.0.1",
    serverPort: String(appPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    clientOptions: { daprHost: "127.0.0.1", daprPort: String(port) },
    logger: { level: 0 },
  });
  // Each bulk request's entry count, seen before the SDK's handler runs.
  const requests = [];
  server.daprServer.getServer().use((req, res, next) => {
    if (req.method === "POST" && Array.isArray(req.body?.entries)) {
      requests.push(req.body.entries.length);
    }
    next();
  });
  const seen = new Map();  // orderId -> times the handler got it
  const acknowledged = new Map();
  await server.pubsub.subscribeBulk("pubsub", "orders", async (data) => {
    const id = data.orderId;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    if (id === kRetriedOrder && seen.get(id) === 1) return DaprPubSubStatusEnum.RETRY;
    acknowledged.set(id, (acknowledged.get(id) ?? 0) + 1);
    return DaprPubSubStatusEnum.SUCCESS;
  }, { maxMessagesCount: kMaxMessages, maxAwaitDurationMs: 1000 });
  await server.start();
  try {
    await eventually(async () => (await client.metadata.get()).subscriptions
                       .some((s) => s.topic === "orders"), "the bulk subscription is loaded");
    const published = await Promise.all(Array.from({ length: kEvents }, (_, i) =>
      client.pubsub.publish("pubsub", "orders", { orderId: i })));
    for (const answer of published) assert.deepEqual(answer, {});
    await eventually(async () => acknowledged.size === kEvents, "every event is acknowledged");
    await new Promise((r) => setTimeout(r, 500));  // room for a wrong duplicate
    for (let id = 0; id < kEvents; id++) {
      assert.equal(acknowledged.get(id), 1, `event ${id} acknowledged once`);
      assert.equal(seen.get(id), id === kRetriedOrder ? 2 : 1, `event ${id} delivered`);
    }
    const entries = requests.reduce((a, b) => a + b, 0);
    assert.equal(entries, kEvents + 1);
    assert.ok(requests.every((n) => n >= 1 && n <= kMaxMessages),
              `maxMessagesCount is honoured: ${requests}`);
    assert.ok(requests.some((n) => n > 1), `some request carries several events: ${requests}`);
    assert.ok(requests.length < entries, `fewer requests than events: ${requests}`);
    console.log(`${type}: ${entries} entries in ${requests.length} requests [${requests}]`);
  } finally {
    await server.stop();
    await client.sidecar.shutdown().catch(() => {});
    const code = await waitForExit(child);
    if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, "lichen exits 0");
  }
}

async function main() {
  const lichen = process.argv[2];
  assert.ok(lichen && fs.existsSync(lichen), "usage: node js_sdk_bulk_subscribe_test.js LICHEN");
  let failures = 0;
  for (const type of Object.keys(brokers)) {
    try {
      await runWith(lichen, type);
      console.log(`ok   - bulk subscribe with ${type}`);
    } catch (e) {
      failures++;
      console.log(`FAIL - bulk subscribe with ${type}\n${e && e.stack ? e.stack : e}`);
    }
  }
  const total = Object.keys(brokers).length;
  console.log(`${total - failures}/${total} passed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
