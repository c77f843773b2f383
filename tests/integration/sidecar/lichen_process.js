// Helpers of the JS SDK tests that drive a real `lichen run`: start it on a port of its
// choosing, pick a free port for the app, wait for a condition or an exit with a deadline, a
// client for it.
"use strict";

const { spawn } = require("node:child_process");
const net = require("node:net");

const { DaprClient, CommunicationProtocolEnum } = require("@dapr/dapr");

// Starts lichen with --dapr-http-port 0 among `args` and reads the port back from its
// "HTTP API listening on ADDRESS:PORT" log line; with `grpc`, also the gRPC API's port
// (--dapr-grpc-port 0) as `grpcPort`.
function startLichen(lichen, args, env, { grpc = false } = {}) {
  const child = spawn(lichen, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let seen = "";
    let found = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`lichen did not start:\n${seen}`));
    }, 20000);
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      if (found) return;
      seen += chunk.toString();
      const match = /HTTP API listening on [^\s"]*:(\d+)/.exec(seen);
      const grpcMatch = /gRPC API listening on [^\s"]*:(\d+)/.exec(seen);
      if (match && (!grpc || grpcMatch)) {
        found = true;
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), grpcPort: grpcMatch ? Number(grpcMatch[1]) : 0 });
      }
    });
    child.on("exit", (code) => reject(new Error(`lichen exited with ${code}:\n${seen}`)));
  });
}

// A port for the app (a DaprServer): free a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForExit(child) {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

async function eventually(check, what) {
  const deadline = Date.now() + 15000;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new Error(`never happened: ${typeof what === "function" ? what() : what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A DaprClient over HTTP for the sidecar on `port`, SDK logs off.
function clientFor(port) {
  return new DaprClient({
    daprHost: "127.0.0.1",
    daprPort: String(port),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    logger: { level: 0 },
  });
}

module.exports = { startLichen, freePort, waitForExit, eventually, clientFor };
