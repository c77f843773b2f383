// Configuration (read items of a configuration store) and distributed locks (ABI version 3).
import { ListWriter, Pair, decodeList, decodePairs, take, text, utf8 } from "./buffer";
import { FAILED, LichenError, Result } from "./error";
import * as sys from "./sys";

// One item of a configuration store; `version` is empty when the store keeps none.
export class ConfigItem {
  constructor(public key: string, public value: string, public version: string,
              public metadata: Pair[]) {}
}

// The items of `keys` (empty: every item) that the configuration store `store` has, in key
// order; `metadata` goes to the store. Keys it lacks are left out.
export function configGet(store: string, keys: string[] = [],
                          metadata: Map<string, string> | null = null): Result<ConfigItem[]> {
  const list = new ListWriter();
  for (let i = 0; i < keys.length; ++i) list.text(keys[i]);
  const k = list.finish();
  const m = new ListWriter().pairs(metadata).finish();
  const s = utf8(store);
  const answer = take(sys.config_get(s.dataStart, s.length, k.dataStart, k.length, m.dataStart,
                                     m.length));
  if (!answer.ok) return Result.err<ConfigItem[]>(answer.error!);
  const decoded = decodeList(answer.unwrap());
  if (!decoded.ok) return Result.err<ConfigItem[]>(decoded.error!);
  const e = decoded.unwrap();
  if (e.length % 4 != 0) {
    return Result.err<ConfigItem[]>(new LichenError(FAILED, "config_get: not four entries per item"));
  }
  const items: ConfigItem[] = [];
  for (let i = 0; i < e.length; i += 4) {
    const meta = decodePairs(e[i + 3]);
    if (!meta.ok) return Result.err<ConfigItem[]>(meta.error!);
    items.push(new ConfigItem(text(e[i]), text(e[i + 1]), text(e[i + 2]), meta.unwrap()));
  }
  return Result.ok<ConfigItem[]>(items);
}

// What unlock found, as daprd answers it.
export enum UnlockStatus {
  Success = 0,
  LockDoesNotExist = 1,
  LockBelongsToOthers = 2,
}

// Tries to take the lock on `resource` in the lock store `store` for `owner`: true when it now
// holds it for `expirySeconds` (> 0), false when an owner (this one too: locks are not
// reentrant) holds it.
export function tryLock(store: string, resource: string, owner: string,
                        expirySeconds: i32): Result<bool> {
  const s = utf8(store);
  const r = utf8(resource);
  const o = utf8(owner);
  const held = sys.lock_try(s.dataStart, s.length, r.dataStart, r.length, o.dataStart, o.length,
                            expirySeconds);
  if (held < 0) return Result.err<bool>(LichenError.last(held));
  return Result.ok<bool>(held == 1);
}

// Releases `owner`'s lock on `resource` in the lock store `store`.
export function unlock(store: string, resource: string, owner: string): Result<UnlockStatus> {
  const s = utf8(store);
  const r = utf8(resource);
  const o = utf8(owner);
  const status = sys.unlock(s.dataStart, s.length, r.dataStart, r.length, o.dataStart, o.length);
  if (status < 0) return Result.err<UnlockStatus>(LichenError.last(status));
  if (status > 2) {
    return Result.err<UnlockStatus>(
      new LichenError(FAILED, "unlock: unknown status " + status.toString()));
  }
  return Result.ok<UnlockStatus>(<UnlockStatus>status);
}
