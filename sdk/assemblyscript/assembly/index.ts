// Lichen's AssemblyScript guest SDK: a Wasm app for `lichen run --app-id ID app.wasm`, over the
// `lichen` host ABI version 3 (docs/host-abi.md). Calls that give back a value return a
// Result<T>; calls that do not return LichenError | null (null: it worked). The SDK declares
// version 3, so its apps need a host that serves it; "ABI version 2" (or 3) in a comment marks
// what an earlier version lacked. See ../README.md for the build command.
export { ABI_VERSION } from "./version";
export { App, register } from "./app";
export { BindingEvent, BindingResponse, bindingInvoke } from "./binding";
export { Pair, utf8, text } from "./buffer";
export { ConfigItem, UnlockStatus, configGet, tryLock, unlock } from "./config_lock";
export {
  LichenError, Result, BAD_POINTER, BAD_HANDLE, INVALID_ARGUMENT, NOT_FOUND, FAILED,
  ETAG_MISMATCH, LIMIT, NOT_ALLOWED, UNAVAILABLE,
} from "./error";
export { Event, EventStatus } from "./event";
export { HttpResponse, httpRequest } from "./http";
export { InvokeResponse, invoke, secretGet } from "./invoke";
export { Level, log } from "./log";
export { Concurrency, Consistency, GetOptions, WriteOptions } from "./options";
export { publish, publishWith, subscribe } from "./pubsub";
export { Request, Response } from "./request";
export { BulkItem, BulkStatus, Item, Operation, Store } from "./state";
