// Logging into the sidecar's log (the `log` import).
import { utf8 } from "./buffer";
import * as sys from "./sys";

export enum Level {
  Debug = 0,
  Info = 1,
  Warn = 2,
  Error = 3,
}

// Logs a line; the host shows control bytes as \xNN and at most 4 KiB. It cannot fail for a
// valid string, so nothing is returned.
export function log(level: Level, message: string): void {
  const bytes = utf8(message);
  sys.log(level, bytes.dataStart, bytes.length);
}
