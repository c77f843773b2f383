// The official Dapr JS SDK (@dapr/dapr over HTTP) against the lock and configuration blocks of
// two `lichen run` processes that share lock.sqlite and configuration.sqlite. The SDK's HTTP
// client has no configuration API (its configuration.get/subscribe throw
// HTTPNotSupportedError: the SDK reaches configuration over gRPC only), so configuration is
// read and subscribed with plain HTTP, and the pushes are received by a DaprServer app; the
// sqlite3 CLI changes the table as an operator would. Usage: node js_sdk_lock_config_test.js
// LICHEN SQLITE3. Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { DaprServer, CommunicationProtocolEnum } = require("@dapr/dapr");
const {
  startLichen, freePort, waitForExit, eventually, clientFor,
} = require("./lichen_process.js");

// The SDK's LockStatus values (Dapr's UnlockResponse.Status numbers).
const kUnlockSuccess = 0;
const kLockDoesNotExist = 1;
const kLockBelongsToOthers = 2;

function writeResources(dir) {
  fs.writeFileSync(path.join(dir, "components.yaml"), `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: lockstore}
spec:
  type: lock.sqlite
  version: v1
  metadata: [{name: connectionString, value: "${path.join(dir, "locks.db")}"}]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: configstore}
spec:
  type: configuration.sqlite
  version: v1
  metadata:
  - {name: connectionString, value: "${path.join(dir, "config.db")}"}
  - {name: pollInterval, value: 100ms}
`);
}

const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

test("metadata lists the lock and configuration stores", async ({ first }) => {
  const md = await first.metadata.get();
  const types = Object.fromEntries(md.components.map((c) => [c.name, c.type]));
  assert.equal(types.lockstore, "lock.sqlite");
  assert.equal(types.configstore, "configuration.sqlite");
});

test("lock and unlock across two sidecars", async ({ first, second }) => {
  assert.deepEqual(await first.lock.lock("lockstore", "orders", "alice", 60), { success: true });
  assert.deepEqual(await second.lock.lock("lockstore", "orders", "bob", 60), { success: false });
  assert.deepEqual(await second.lock.unlock("lockstore", "orders", "bob"),
                   { status: kLockBelongsToOthers });
  assert.deepEqual(await first.lock.unlock("lockstore", "orders", "alice"),
                   { status: kUnlockSuccess });
  assert.deepEqual(await second.lock.lock("lockstore", "orders", "bob", 60), { success: true });
  assert.deepEqual(await second.lock.unlock("lockstore", "orders", "bob"),
                   { status: kUnlockSuccess });
  assert.deepEqual(await first.lock.unlock("lockstore", "orders", "bob"),
                   { status: kLockDoesNotExist });
});

test("a lock expires", async ({ first, second }) => {
  assert.deepEqual(await first.lock.lock("lockstore", "brief", "alice", 1), { success: true });
  await eventually(async () => (await second.lock.lock("lockstore", "brief", "bob", 60)).success,
                   "bob gets the lock once alice's expires");
  assert.deepEqual(await second.lock.unlock("lockstore", "brief", "bob"), { status: kUnlockSuccess });
});

test("lock errors", async ({ first }) => {
  await assert.rejects(first.lock.lock("nostore", "r", "o", 10), (e) => {
    const info = JSON.parse(e.message);
    assert.equal(info.status, 400);
    assert.equal(JSON.parse(info.error_msg).errorCode, "ERR_LOCK_STORE_NOT_FOUND");
    return true;
  });
  await assert.rejects(first.lock.lock("lockstore", "r", "o", 0), /ERR_MALFORMED_REQUEST/);
  await assert.rejects(first.lock.lock("lockstore", "", "o", 10), /ERR_MALFORMED_REQUEST/);
});

test("configuration pushed to a DaprServer app", async ({ firstPort, appPort, sqlite3, dir }) => {
  const sql = (statement) => execFileSync(sqlite3, ["-cmd", ".timeout 10000",
                                                    path.join(dir, "config.db"), statement]);
  const base = `http://127.0.0.1:${firstPort}/v1.0/configuration/configstore`;
  const received = [];
  const server = new DaprServer({
    serverHost: "127.0.0.1",
    serverPort: String(appPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    clientOptions: { daprHost: "127.0.0.1", daprPort: String(firstPort) },
    logger: { level: 0 },
  });
  server.daprServer.getServer().post("/configuration/:store/:key", (req, res) => {
    received.push({ store: req.params.store, key: req.params.key, body: req.body });
    res.sendStatus(200);
  });
  await server.start();
  try {
    sql("INSERT INTO configuration (key, value, version) VALUES ('flag', 'off', '1')");
    const got = await fetch(`${base}?key=flag`);
    assert.equal(got.status, 200);
    assert.deepEqual(await got.json(), { flag: { value: "off", version: "1" } });
    const subscribed = await fetch(`${base}/subscribe?key=flag`);
    assert.equal(subscribed.status, 200);
    const { id } = await subscribed.json();
    assert.ok(id);

    sql("UPDATE configuration SET value = 'on', version = '2' WHERE key = 'flag'");
    await eventually(async () => received.length === 1, "the change reaches the app");
    assert.deepEqual(received[0], {
      store: "configstore", key: "flag",
      body: { id, items: { flag: { value: "on", version: "2" } } },
    });
    const unsubscribed = await fetch(`${base}/${id}/unsubscribe`);
    assert.deepEqual(await unsubscribed.json(), { ok: true });
  } finally {
    await server.stop();
  }
});

async function main() {
  const [lichen, sqlite3] = process.argv.slice(2);
  assert.ok(lichen && fs.existsSync(lichen) && sqlite3,
            "usage: node js_sdk_lock_config_test.js LICHEN SQLITE3");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-js-lock-"));
  writeResources(dir);
  const appPort = await freePort();
  const run = (name, extra) => startLichen(
    lichen,
    ["run", "--app-id", "js-lock-app", "--dapr-http-port", "0", "--resources-path", dir,
     "--data-dir", path.join(dir, `${name}-data`), ...extra],
    { ...process.env, LICHEN_NAME_RESOLUTION_DIR: path.join(dir, `${name}-apps`) });
  const sidecars = [await run("first", ["--app-port", String(appPort)]), await run("second", [])];
  let failures = 0;
  try {
    const [first, second] = sidecars.map(({ port }) => clientFor(port));
    const context = { first, second, firstPort: sidecars[0].port, appPort, sqlite3, dir };
    for (const { name, fn } of tests) {
      try {
        await fn(context);
        console.log(`ok   - ${name}`);
      } catch (e) {
        failures++;
        console.log(`FAIL - ${name}\n${e && e.stack ? e.stack : e}`);
      }
    }
    for (const client of [first, second]) await client.sidecar.shutdown();
    for (const { child } of sidecars) {
      const code = await waitForExit(child);
      if (code !== 0) {
        failures++;
        console.log(`FAIL - shutdown: lichen exited with ${code}`);
      }
    }
  } finally {
    for (const { child } of sidecars) if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${tests.length - failures}/${tests.length} passed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
