// Errors: a host error code (docs/host-abi.md, "Conventions") with the host's message. A call
// that gives back a value returns a Result<T>; one that does not returns LichenError | null.
import { readRaw } from "./buffer";
import * as sys from "./sys";

export const BAD_POINTER: i32 = -1;
export const BAD_HANDLE: i32 = -2;
export const INVALID_ARGUMENT: i32 = -3;
export const NOT_FOUND: i32 = -4; // no such component
export const FAILED: i32 = -5; // the building block failed (the message says why)
export const ETAG_MISMATCH: i32 = -6;
export const LIMIT: i32 = -7;
export const NOT_ALLOWED: i32 = -8;
export const UNAVAILABLE: i32 = -9;

export class LichenError {
  constructor(public code: i32, public message: string) {}

  // The message of the host's last error, taken right after a call returned `code`.
  static last(code: i32): LichenError {
    const bytes = readRaw(sys.error_message());
    const message = bytes != null && bytes.length > 0
      ? String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length)
      : "lichen error " + code.toString();
    return new LichenError(code, message);
  }

  toString(): string {
    return this.message + " (lichen error " + this.code.toString() + ")";
  }
}

// A value or an error. `unwrap()` aborts the handler (a trap) on an error; check `ok` first to
// handle it.
export class Result<T> {
  constructor(private _value: T, public error: LichenError | null) {}

  static ok<T>(value: T): Result<T> {
    return new Result<T>(value, null);
  }

  static err<T>(error: LichenError): Result<T> {
    // No value: a null reference or a zero, never read while `error` is set.
    if (isReference<T>()) return new Result<T>(changetype<T>(0), error);
    return new Result<T>(<T>0, error);
  }

  get ok(): bool {
    return this.error == null;
  }

  unwrap(): T {
    const error = this.error;
    if (error != null) abort(error.toString());
    return this._value;
  }
}

// Null for a result >= 0, else the last error.
export function check(result: i32): LichenError | null {
  return result < 0 ? LichenError.last(result) : null;
}
