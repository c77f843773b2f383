// Host buffers (handles the guest copies out of, then drops) and the ABI's lists and pairs:
// each entry a little-endian u32 length followed by its bytes (docs/host-abi.md).
import { LichenError, Result, INVALID_ARGUMENT, BAD_HANDLE } from "./error";
import * as sys from "./sys";

// A (name, value) pair: a header, or an entry of metadata.
export class Pair {
  constructor(public name: string, public value: string) {}
}

// UTF-8 bytes of a string.
export function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

// A string from UTF-8 bytes.
export function text(bytes: Uint8Array): string {
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}

// Copies a host buffer out and drops it, without asking for the message of a failure (so
// LichenError.last can use it). A handle of 0 is empty; null when the host refused a read.
export function readRaw(handle: i32): Uint8Array | null {
  if (handle <= 0) return new Uint8Array(0);
  const len = sys.buffer_len(handle);
  if (len < 0) {
    sys.buffer_drop(handle);
    return null;
  }
  const out = new Uint8Array(len);
  let done = 0;
  // The host copies "up to len" bytes per call: loop until the whole buffer is read.
  while (done < len) {
    const n = sys.buffer_read(handle, done, out.dataStart + <usize>done, len - done);
    if (n <= 0) {
      sys.buffer_drop(handle);
      return null;
    }
    done += n;
  }
  sys.buffer_drop(handle);
  return out;
}

// Copies a host buffer out and drops it; a negative handle is that error.
export function take(handle: i32): Result<Uint8Array> {
  if (handle < 0) return Result.err<Uint8Array>(LichenError.last(handle));
  const bytes = readRaw(handle);
  if (bytes == null) {
    return Result.err<Uint8Array>(new LichenError(BAD_HANDLE, "the host's buffer could not be read"));
  }
  return Result.ok<Uint8Array>(bytes);
}

// Like take, as text.
export function takeText(handle: i32): Result<string> {
  const bytes = take(handle);
  if (!bytes.ok) return Result.err<string>(bytes.error!);
  return Result.ok<string>(text(bytes.unwrap()));
}

// A list being built.
export class ListWriter {
  private bytes: u8[] = [];

  entry(data: Uint8Array): ListWriter {
    const n = <u32>data.length;
    this.bytes.push(<u8>n);
    this.bytes.push(<u8>(n >> 8));
    this.bytes.push(<u8>(n >> 16));
    this.bytes.push(<u8>(n >> 24));
    for (let i = 0; i < data.length; ++i) this.bytes.push(data[i]);
    return this;
  }

  text(value: string): ListWriter {
    return this.entry(utf8(value));
  }

  pairs(pairs: Map<string, string> | null): ListWriter {
    if (pairs == null) return this;
    const names = pairs.keys();
    for (let i = 0; i < names.length; ++i) this.text(names[i]).text(pairs.get(names[i]));
    return this;
  }

  headers(pairs: Pair[]): ListWriter {
    for (let i = 0; i < pairs.length; ++i) this.text(pairs[i].name).text(pairs[i].value);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.bytes.length);
    for (let i = 0; i < this.bytes.length; ++i) out[i] = this.bytes[i];
    return out;
  }
}

// Decodes a list the host made; an entry that runs past the end is an error.
export function decodeList(bytes: Uint8Array): Result<Uint8Array[]> {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return malformed<Uint8Array[]>();
    const len = <i32>(<u32>bytes[at] | (<u32>bytes[at + 1] << 8) | (<u32>bytes[at + 2] << 16) |
      (<u32>bytes[at + 3] << 24));
    at += 4;
    if (len < 0 || bytes.length - at < len) return malformed<Uint8Array[]>();
    entries.push(bytes.slice(at, at + len));
    at += len;
  }
  return Result.ok<Uint8Array[]>(entries);
}

// Decodes pairs the host made (header lists).
export function decodePairs(bytes: Uint8Array): Result<Pair[]> {
  const list = decodeList(bytes);
  if (!list.ok) return Result.err<Pair[]>(list.error!);
  const entries = list.unwrap();
  if (entries.length % 2 != 0) return malformed<Pair[]>();
  const pairs: Pair[] = [];
  for (let i = 0; i < entries.length; i += 2) {
    pairs.push(new Pair(text(entries[i]), text(entries[i + 1])));
  }
  return Result.ok<Pair[]>(pairs);
}

function malformed<T>(): Result<T> {
  return Result.err<T>(new LichenError(INVALID_ARGUMENT, "the host returned a malformed list"));
}
