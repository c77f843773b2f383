// The AssemblyScript SDK's test app: each method calls part of sdk/assemblyscript and answers
// what it saw, in the same text protocol as rust_sdk_app.rs, so sdk_test.cc drives both apps
// with one test (a field per `|`; an error as its code).
import {
  App, BindingEvent, bindingInvoke, Concurrency, Consistency, Event, EventStatus, GetOptions, LichenError, Level, Operation,
  Pair, Request, Response, Result, Store, WriteOptions, FAILED, BulkStatus, httpRequest, invoke,
  log, publish, publishWith, register, secretGet, subscribe, text, utf8, ConfigItem, UnlockStatus,
  configGet, tryLock, unlock,
} from "lichen-sdk/assembly/index";
export * from "lichen-sdk/assembly/exports";

function store(): Store {
  return new Store("statestore");
}

function shown(value: Uint8Array | null): string {
  return value == null ? "absent" : text(value);
}

// An error's code, or "ok".
function code(err: LichenError | null): string {
  return err == null ? "ok" : err.code.toString();
}

function meta(name: string, value: string): Map<string, string> {
  const m = new Map<string, string>();
  m.set(name, value);
  return m;
}

// Steps that must work abort (a trap, answered 500 with the error in the log) when they fail.
function must<T>(result: Result<T>): T {
  return result.unwrap();
}

function mustOk(err: LichenError | null): void {
  if (err != null) abort(err.toString());
}

function echo(req: Request, res: Response): string {
  res.status(201).header("X-Echo", "yes");
  const header = must(req.header("x-test"));
  const parts = [req.verb, req.method, req.query, req.contentType, header == null ? "-" : header];
  return parts.join("|") + "|" + req.bodyText();
}

function headers(req: Request): string {
  const all = must(req.headers());
  const names: string[] = [];
  for (let i = 0; i < all.length; ++i) {
    const n = all[i].name;
    if (n.startsWith("x-") || n.includes("token")) names.push(n + "=" + all[i].value);
  }
  names.sort();
  return names.join(",");
}

function state(req: Request): string {
  const s = store();
  mustOk(s.save("k", req.body));
  const value = shown(must(s.get("k")));
  const first = must(s.getItem("k"))!.etag;
  const stale = code(s.saveWith("k", utf8("x"), new WriteOptions().etag("999999")));
  mustOk(s.saveWith("k", utf8("second"), new WriteOptions().etag(first)));
  const item = must(s.getItem("k"))!;
  const changed = item.etag.length > 0 && item.etag != first;
  const staleDelete = code(s.deleteWith("k", new WriteOptions().etag(first)));
  mustOk(s.deleteWith("k", new WriteOptions().etag(item.etag)));
  const after = shown(must(s.get("k")));
  return [value, stale, item.text(), changed ? "true" : "false", staleDelete, after].join("|");
}

function missing(): string {
  const r = new Store("nostore").get("k");
  if (r.ok) return "no error";
  const e = r.error!;
  // The kind as the Rust SDK's Debug names it, so both apps answer alike.
  const kind = e.code == -4 ? "NotFound" : "code " + e.code.toString();
  return e.code.toString() + "|" + kind + "|" + (e.message.length > 0 ? "true" : "false");
}

function options(): string {
  const s = store();
  const strong = new WriteOptions().consistency(Consistency.Strong)
    .concurrency(Concurrency.FirstWrite).metadata("note", "sdk");
  mustOk(s.saveWith("opt", utf8("kept"), strong));
  mustOk(s.saveWith("ttl", utf8("brief"), new WriteOptions().ttl(1)));
  const read = new GetOptions().consistency(Consistency.Eventual).metadata("note", "sdk");
  const item = must(s.getWith("opt", read))!;
  mustOk(s.saveWith("gone", utf8("x"), new WriteOptions().concurrency(Concurrency.LastWrite)));
  const gone = new WriteOptions().consistency(Consistency.Strong)
    .concurrency(Concurrency.LastWrite);
  mustOk(s.deleteWith("gone", gone));
  const bad = code(s.saveWith("opt", utf8("x"), new WriteOptions().metadata("ttlInSeconds", "soon")));
  return [item.text(), item.etag.length > 0 ? "true" : "false", shown(must(s.get("gone"))), bad]
    .join("|");
}

// As rust_sdk_app.rs: "mode=fast@2{env=prod},size=10@{}|size|-4".
function config(): string {
  const all = must(configGet("settings"));
  const shownItems: string[] = [];
  for (let i = 0; i < all.length; ++i) {
    const item: ConfigItem = all[i];
    const m: string[] = [];
    for (let j = 0; j < item.metadata.length; ++j) {
      m.push(item.metadata[j].name + "=" + item.metadata[j].value);
    }
    shownItems.push(item.key + "=" + item.value + "@" + item.version + "{" + m.join(",") + "}");
  }
  const some = must(configGet("settings", ["size", "absent"], meta("note", "sdk")));
  const keys: string[] = [];
  for (let i = 0; i < some.length; ++i) keys.push(some[i].key);
  const missing = configGet("nostore");
  return [shownItems.join(","), keys.join(","), missing.ok ? "0" : missing.error!.code.toString()]
    .join("|");
}

function unlockName(status: UnlockStatus): string {
  if (status == UnlockStatus.Success) return "Success";
  if (status == UnlockStatus.LockDoesNotExist) return "LockDoesNotExist";
  return "LockBelongsToOthers";
}

// As rust_sdk_app.rs: "true|false|LockBelongsToOthers|Success|LockDoesNotExist|-3".
function lock(): string {
  const first = must(tryLock("locks", "res", "a", 30));
  const second = must(tryLock("locks", "res", "b", 30));
  const wrong = unlockName(must(unlock("locks", "res", "b")));
  const released = unlockName(must(unlock("locks", "res", "a")));
  const again = unlockName(must(unlock("locks", "res", "a")));
  const bad = tryLock("locks", "res", "a", 0);
  return [first ? "true" : "false", second ? "true" : "false", wrong, released, again,
          bad.ok ? "0" : bad.error!.code.toString()].join("|");
}

function bulk(): string {
  const s = store();
  mustOk(s.save("b1", utf8("one")));
  mustOk(s.save("b2", utf8("two")));
  const items = must(s.getBulk(["b1", "nope", "b2"], meta("note", "sdk")));
  const out: string[] = [];
  for (let i = 0; i < items.length; ++i) {
    const it = items[i];
    if (it.status == BulkStatus.Found) {
      out.push(it.key + "=" + text(it.value) + (it.etag.length > 0 ? "+etag" : ""));
    } else if (it.status == BulkStatus.Absent) {
      out.push(it.key + "=absent");
    } else {
      out.push(it.key + "=failed:" + it.error);
    }
  }
  return out.join(",");
}

function transaction(): string {
  const s = store();
  mustOk(s.save("t0", utf8("old")));
  mustOk(s.transaction([
    Operation.upsert("t1", utf8("x")),
    Operation.upsert("t2", utf8("y"), new WriteOptions().ttl(60)),
    Operation.delete("t0"),
  ], meta("note", "sdk")));
  const etag = must(s.getItem("t1"))!.etag;
  const stale = code(s.transaction([
    Operation.upsert("t3", utf8("z")),
    Operation.upsert("t1", utf8("w"), new WriteOptions().etag(etag + "9")),
  ]));
  return [shown(must(s.get("t1"))), shown(must(s.get("t2"))), shown(must(s.get("t0"))), stale,
          shown(must(s.get("t3")))].join("|");
}

// The output binding `files` (bindings.localstorage): create a file, read it back; and one
// that does not exist.
function bindingCalls(req: Request): string {
  const name = meta("fileName", "sdk.txt");
  const created = must(bindingInvoke("files", "create", req.body, name));
  const got = must(bindingInvoke("files", "get", new Uint8Array(0), name));
  const missing = bindingInvoke("nobinding", "create", utf8("x"));
  return created.dataText() + "|" + got.dataText() + "|" +
    (missing.ok ? "ok" : missing.error!.code.toString());
}

// Lines of the body: a URL to GET, one not allowed, one to POST a JSON body to.
function http(req: Request): string {
  const urls = req.bodyText().split("\n");
  const r = httpRequest("GET", urls[0], [new Pair("x-sdk", "yes")]);
  let got: string;
  if (r.ok) {
    const res = r.unwrap();
    got = res.status.toString() + "|" + (res.header("content-type") != null ? "true" : "false") +
      "|" + res.bodyText();
  } else {
    got = "error " + r.error!.toString();
  }
  const denied = httpRequest("GET", urls.length > 1 ? urls[1] : "");
  const json = [new Pair("Content-Type", "application/json")];
  const saved = utf8('[{"key":"k-post","value":"posted"}]');
  const posted = httpRequest("POST", urls.length > 2 ? urls[2] : "", json, saved);
  return got + "|" + (denied.ok ? "ok" : denied.error!.code.toString()) + "|" +
    (posted.ok ? posted.unwrap().status.toString() : "error " + posted.error!.toString());
}

class SdkApp extends App {
  init(): LichenError | null {
    let err = store().save("init", utf8("done"));
    if (err == null) err = subscribe("pubsub", "sdk", "/sdk-route", meta("deadLetterTopic", "sdk-dead"));
    if (err == null) err = subscribe("pubsub", "sdk-dead", "/dead");
    if (err == null) err = subscribe("pubsub", "raw", "/raw", meta("rawPayload", "true"));
    log(Level.Info, "sdk app initialised");
    return err;
  }

  invoke(req: Request, res: Response): LichenError | null {
    const m = req.method;
    let answer: string;
    if (m == "echo") answer = echo(req, res);
    else if (m == "headers") answer = headers(req);
    else if (m == "state") answer = state(req);
    else if (m == "missing") answer = missing();
    else if (m == "options") answer = options();
    else if (m == "bulk") answer = bulk();
    else if (m == "transaction") answer = transaction();
    else if (m == "publish") answer = code(publish("pubsub", "sdk", req.body, "text/plain"));
    else if (m == "publish_with") {
      answer = code(publishWith("pubsub", "sdk", req.body, "text/plain", meta("cloudevent.type", "sdk.test")));
    } else if (m == "publish_raw") {
      answer = code(publishWith("pubsub", "raw", req.body, "text/plain", meta("rawPayload", "true")));
    } else if (m == "binding") answer = bindingCalls(req);
    else if (m == "no_pubsub") answer = code(publish("nopubsub", "sdk", utf8("x")));
    else if (m == "subscribe_late") answer = code(subscribe("pubsub", "late", "/late"));
    else if (m == "invoke") {
      const r = must(invoke(req.bodyText(), "PUT", "echo", utf8("inner"), "text/plain"));
      answer = r.status.toString() + "|" + r.bodyText();
    } else if (m == "secret") answer = must(secretGet("envsecrets", "LICHEN_TEST_SECRET"));
    else if (m == "no_secretstore") {
      const r = secretGet("nostore", "X");
      answer = r.ok ? "ok" : r.error!.code.toString();
    } else if (m == "http") answer = http(req);
    else if (m == "config") answer = config();
    else if (m == "lock") answer = lock();
    else if (m == "log") {
      log(Level.Warn, "sdk log line: " + req.bodyText());
      answer = "logged";
    } else if (m == "fail") return new LichenError(FAILED, "handler failed on purpose");
    else if (m == "decline") return super.invoke(req, res); // the default: the host answers 404
    else {
      res.status(404);
      answer = "no such method";
    }
    res.writeText(answer);
    return null;
  }

  binding(ev: BindingEvent): LichenError | null {
    const time = ev.meta("readTimeUTC");
    const hasTime = time != null && time.length > 0;
    return store().save("tick", utf8(ev.name + "|" + (hasTime ? "true" : "false")));
  }

  event(ev: Event): EventStatus {
    const data = ev.dataText();
    if (ev.route == "/raw") {
      return store().save("raw", ev.data) == null ? EventStatus.Success : EventStatus.Retry;
    }
    if (ev.route == "/dead") {
      return store().save("dead", ev.data) == null ? EventStatus.Success : EventStatus.Retry;
    }
    if (data == "retry") return EventStatus.Retry;
    if (data == "drop") return EventStatus.Drop;
    const line = [ev.pubsub, ev.topic, ev.route, ev.type, ev.contentType, data,
                  ev.id.length > 0 ? "true" : "false"].join("|");
    return store().save("event", utf8(line)) == null ? EventStatus.Success : EventStatus.Retry;
  }
}

register(new SdkApp());
