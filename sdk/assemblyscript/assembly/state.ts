// State: get, save, delete (with ETags and options), bulk get and transactions. Keys are the
// app's own (the sidecar prefixes them with the app id, as the HTTP API does).
import { ListWriter, decodeList, take, takeText, text, utf8 } from "./buffer";
import { LichenError, Result, check, INVALID_ARGUMENT } from "./error";
import { GetOptions, WriteOptions } from "./options";
import * as sys from "./sys";

// A value with its ETag (empty when the store gave none).
export class Item {
  constructor(public value: Uint8Array, public etag: string) {}

  text(): string {
    return text(this.value);
  }
}

export enum BulkStatus {
  Absent = 0,
  Found = 1,
  Failed = 2,
}

// One key's answer in Store.getBulk: `value` when found, `error` (the store's message) when
// failed.
export class BulkItem {
  constructor(public key: string, public status: BulkStatus, public value: Uint8Array,
              public etag: string, public error: string) {}
}

// An operation of Store.transaction.
export class Operation {
  constructor(public kind: string, public key: string, public value: Uint8Array,
              public options: WriteOptions) {}

  static upsert(key: string, value: Uint8Array, options: WriteOptions = new WriteOptions()): Operation {
    return new Operation("upsert", key, value, options);
  }

  static delete(key: string, options: WriteOptions = new WriteOptions()): Operation {
    return new Operation("delete", key, new Uint8Array(0), options);
  }
}

// A state store, by its component name (the embedded default is "statestore").
export class Store {
  private nameBytes: Uint8Array;

  constructor(public name: string) {
    this.nameBytes = utf8(name);
  }

  // The value under `key`, null when absent.
  get(key: string): Result<Uint8Array | null> {
    const s = this.nameBytes;
    const k = utf8(key);
    const handle = sys.state_get(s.dataStart, s.length, k.dataStart, k.length);
    if (handle < 0) return Result.err<Uint8Array | null>(LichenError.last(handle));
    if (handle == 0) return Result.ok<Uint8Array | null>(null);
    const value = take(handle);
    if (!value.ok) return Result.err<Uint8Array | null>(value.error!);
    return Result.ok<Uint8Array | null>(value.unwrap());
  }

  // The value under `key` and its ETag, null when absent.
  getItem(key: string): Result<Item | null> {
    return this.getWith(key, new GetOptions());
  }

  // As getItem, with a consistency and metadata (ABI version 2 when any option is set).
  getWith(key: string, options: GetOptions): Result<Item | null> {
    const s = this.nameBytes;
    const k = utf8(key);
    const etagOut = new StaticArray<i32>(1);
    const out = changetype<usize>(etagOut);
    let handle: i32;
    if (options.isEmpty()) {
      handle = sys.state_get_etag(s.dataStart, s.length, k.dataStart, k.length, out);
    } else {
      const o = options.encode();
      handle = sys.state_get_with(s.dataStart, s.length, k.dataStart, k.length, o.dataStart,
                                  o.length, out);
    }
    const value = take(handle); // first, so a failure's message is the last error
    const etag = takeText(etagOut[0]);
    if (!value.ok) return Result.err<Item | null>(value.error!);
    if (!etag.ok) return Result.err<Item | null>(etag.error!);
    if (handle == 0) return Result.ok<Item | null>(null);
    return Result.ok<Item | null>(new Item(value.unwrap(), etag.unwrap()));
  }

  // Saves `value` under `key`.
  save(key: string, value: Uint8Array): LichenError | null {
    return this.saveWith(key, value, new WriteOptions());
  }

  // Saves with options: an ETag (ETAG_MISMATCH unless current), consistency, concurrency, TTL,
  // metadata (ABI version 2 when anything but the ETag is set).
  saveWith(key: string, value: Uint8Array, options: WriteOptions): LichenError | null {
    const s = this.nameBytes;
    const k = utf8(key);
    const e = utf8(options.etagValue);
    if (options.onlyEtag()) {
      return check(sys.state_save(s.dataStart, s.length, k.dataStart, k.length, value.dataStart,
                                  value.length, e.dataStart, e.length));
    }
    const o = options.encode(true);
    return check(sys.state_save_with(s.dataStart, s.length, k.dataStart, k.length,
                                     value.dataStart, value.length, e.dataStart, e.length,
                                     o.dataStart, o.length));
  }

  // Deletes `key` (an absent key is no error).
  delete(key: string): LichenError | null {
    return this.deleteWith(key, new WriteOptions());
  }

  // Deletes with options: an ETag, consistency, concurrency, metadata (a TTL is ignored).
  deleteWith(key: string, options: WriteOptions): LichenError | null {
    const s = this.nameBytes;
    const k = utf8(key);
    const e = utf8(options.etagValue);
    if (options.onlyEtag()) {
      return check(sys.state_delete(s.dataStart, s.length, k.dataStart, k.length, e.dataStart,
                                    e.length));
    }
    const o = options.encode(false);
    return check(sys.state_delete_with(s.dataStart, s.length, k.dataStart, k.length,
                                       e.dataStart, e.length, o.dataStart, o.length));
  }

  // Reads several keys at once, in order; `metadata` goes to the store (ABI version 2).
  getBulk(keys: string[], metadata: Map<string, string> | null = null): Result<BulkItem[]> {
    const list = new ListWriter();
    for (let i = 0; i < keys.length; ++i) list.text(keys[i]);
    const k = list.finish();
    const m = new ListWriter().pairs(metadata).finish();
    const s = this.nameBytes;
    const answer = take(sys.state_get_bulk(s.dataStart, s.length, k.dataStart, k.length,
                                           m.dataStart, m.length));
    if (!answer.ok) return Result.err<BulkItem[]>(answer.error!);
    const decoded = decodeList(answer.unwrap());
    if (!decoded.ok) return Result.err<BulkItem[]>(decoded.error!);
    const e = decoded.unwrap();
    if (e.length % 4 != 0) {
      const error = new LichenError(INVALID_ARGUMENT, "the host's bulk answer is not four entries per key");
      return Result.err<BulkItem[]>(error);
    }
    const items: BulkItem[] = [];
    for (let i = 0; i < e.length; i += 4) {
      const status = e[i + 1].length == 1 && e[i + 1][0] <= 1 ? <BulkStatus>e[i + 1][0] : BulkStatus.Failed;
      const failed = status == BulkStatus.Failed;
      items.push(new BulkItem(text(e[i]), status, failed ? new Uint8Array(0) : e[i + 2],
                              text(e[i + 3]), failed ? text(e[i + 2]) : ""));
    }
    return Result.ok<BulkItem[]>(items);
  }

  // Applies `operations` all or nothing; `metadata` goes to the transaction (ABI version 2).
  // FAILED when the store is not transactional.
  transaction(operations: Operation[], metadata: Map<string, string> | null = null): LichenError | null {
    const ops = new ListWriter();
    for (let i = 0; i < operations.length; ++i) {
      // Five entries: the kind, the key, the value, the ETag, the options (pairs in one entry).
      const op = operations[i];
      ops.text(op.kind).text(op.key).entry(op.value).text(op.options.etagValue)
        .entry(op.options.encode(op.kind == "upsert"));
    }
    const o = ops.finish();
    const m = new ListWriter().pairs(metadata).finish();
    const s = this.nameBytes;
    return check(sys.state_transaction(s.dataStart, s.length, o.dataStart, o.length, m.dataStart,
                                       m.length));
  }
}
