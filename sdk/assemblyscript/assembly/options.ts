// Options of the state calls (docs/host-abi.md: state_get_with, state_save_with,
// state_delete_with, state_transaction), sent to the host as pairs.
import { ListWriter } from "./buffer";

export enum Consistency {
  Default = 0, // the store's default: not sent
  Strong = 1,
  Eventual = 2,
}

export enum Concurrency {
  Default = 0, // the store's default: not sent
  FirstWrite = 1, // a write needs the current ETag
  LastWrite = 2, // the last write wins
}

function consistencyName(c: Consistency): string {
  return c == Consistency.Strong ? "strong" : "eventual";
}

// Options of a read: a consistency and metadata for the store.
export class GetOptions {
  consistencyMode: Consistency = Consistency.Default;
  meta: Map<string, string> = new Map<string, string>();

  consistency(mode: Consistency): GetOptions {
    this.consistencyMode = mode;
    return this;
  }

  metadata(name: string, value: string): GetOptions {
    this.meta.set(name, value);
    return this;
  }

  isEmpty(): bool {
    return this.consistencyMode == Consistency.Default && this.meta.size == 0;
  }

  encode(): Uint8Array {
    const out = new ListWriter();
    if (this.consistencyMode != Consistency.Default) {
      out.text("consistency").text(consistencyName(this.consistencyMode));
    }
    return out.pairs(this.meta).finish();
  }
}

// Options of a write (save, delete, or an operation of a transaction): an ETag, consistency,
// concurrency, a TTL (saves only) and metadata for the store.
export class WriteOptions {
  etagValue: string = ""; // empty: none
  consistencyMode: Consistency = Consistency.Default;
  concurrencyMode: Concurrency = Concurrency.Default;
  ttlSeconds: i64 = i64.MIN_VALUE; // MIN_VALUE: none
  meta: Map<string, string> = new Map<string, string>();

  // The write succeeds only if `etag` is current (else the error ETAG_MISMATCH).
  etag(etag: string): WriteOptions {
    this.etagValue = etag;
    return this;
  }

  consistency(mode: Consistency): WriteOptions {
    this.consistencyMode = mode;
    return this;
  }

  concurrency(mode: Concurrency): WriteOptions {
    this.concurrencyMode = mode;
    return this;
  }

  // The value expires after `seconds` (-1: never). Saves only: a delete ignores it.
  ttl(seconds: i64): WriteOptions {
    this.ttlSeconds = seconds;
    return this;
  }

  metadata(name: string, value: string): WriteOptions {
    this.meta.set(name, value);
    return this;
  }

  // True when only the ETag (or nothing) is set: the version 1 calls suffice.
  onlyEtag(): bool {
    return this.consistencyMode == Consistency.Default &&
      this.concurrencyMode == Concurrency.Default && this.ttlSeconds == i64.MIN_VALUE &&
      this.meta.size == 0;
  }

  // The pairs (the ETag has its own parameter); withTtl is false for deletes.
  encode(withTtl: bool): Uint8Array {
    const out = new ListWriter();
    if (this.consistencyMode != Consistency.Default) {
      out.text("consistency").text(consistencyName(this.consistencyMode));
    }
    if (this.concurrencyMode != Concurrency.Default) {
      const name = this.concurrencyMode == Concurrency.FirstWrite ? "first-write" : "last-write";
      out.text("concurrency").text(name);
    }
    if (withTtl && this.ttlSeconds != i64.MIN_VALUE) {
      out.text("ttlInSeconds").text(this.ttlSeconds.toString());
    }
    return out.pairs(this.meta).finish();
  }
}
