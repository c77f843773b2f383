// The exports the host calls. Re-export them from the app's entry file:
//   export * from "<path to>/sdk/assemblyscript/assembly/exports";
// (asc exports only what the entry file exports.) _initialize is made by building with
// `--exportStart _initialize`: the entry file's top level, register() included, becomes it.
import { ABI_VERSION } from "./version";
import { runBinding, runEvent, runInit, runInvoke } from "./app";

export function lichen_abi_version(): i32 {
  return ABI_VERSION;
}

export function lichen_init(): i32 {
  return runInit();
}

export function lichen_handle_invoke(): i32 {
  return runInvoke();
}

export function lichen_handle_event(): i32 {
  return runEvent();
}

export function lichen_handle_binding(): i32 {
  return runBinding();
}
