// The handler class and the dispatch behind the exports in exports.ts (docs/host-abi.md, "Guest
// exports"). An app extends App, overrides the handlers it serves and calls register() at the
// top level of its entry file, which runs in _initialize, first in every fresh instance.
import { BindingEvent } from "./binding";
import { LichenError, UNAVAILABLE } from "./error";
import { Event, EventStatus } from "./event";
import { Level, log } from "./log";
import { Request, Response } from "./request";

export class App {
  // Once at start-up, before the sidecar serves: seed state, subscribe, log. An error stops
  // `lichen run`.
  init(): LichenError | null {
    return null;
  }

  // A service invocation. An error answers HTTP 500 with its text (and is logged); the default
  // serves no invocations (the host answers 404).
  invoke(req: Request, res: Response): LichenError | null {
    res.declined = true;
    return null;
  }

  // A pub/sub event; the default drops events.
  event(ev: Event): EventStatus {
    return EventStatus.Drop;
  }

  // An input-binding event (ABI version 2). An error is logged and is an error for the
  // binding; the default handles none (an error: configure no input binding for such an app).
  binding(ev: BindingEvent): LichenError | null {
    return new LichenError(UNAVAILABLE, "this app handles no input-binding events");
  }
}

let registered: App | null = null;

// Makes `app` the one the exports serve.
export function register(app: App): void {
  registered = app;
}

function theApp(): App {
  const app = registered;
  if (app == null) abort("no lichen App registered: call register(new MyApp()) at top level");
  return app!;
}

export function runInit(): i32 {
  const err = theApp().init();
  if (err == null) return 0;
  log(Level.Error, "init failed: " + err.toString());
  return 1;
}

export function runInvoke(): i32 {
  const res = new Response();
  const req = Request.read();
  let err = req.ok ? theApp().invoke(req.unwrap(), res) : req.error;
  if (res.declined) return 1;
  if (err == null) err = res.send();
  if (err != null) {
    log(Level.Error, "invocation failed: " + err.toString());
    new Response().status(500).header("Content-Type", "text/plain").writeText(err.toString()).send();
  }
  return 0;
}

export function runEvent(): i32 {
  const ev = Event.read();
  if (!ev.ok) {
    log(Level.Error, "event failed: " + ev.error!.toString());
    return EventStatus.Retry;
  }
  return theApp().event(ev.unwrap());
}

export function runBinding(): i32 {
  const ev = BindingEvent.read();
  const err = ev.ok ? theApp().binding(ev.unwrap()) : ev.error;
  if (err == null) return 0;
  log(Level.Warn, "input binding failed: " + err.toString());
  return 1;
}
