// The `lichen` host module's configuration and distributed lock calls (ABI version 3): each
// maps straight onto the runtime's ConfigurationManager or LockManager, in-process, with the
// same checks and Dapr messages as the HTTP API.
#include "app/host_abi.h"
#include "app/host_abi_detail.h"
#include "runtime/configuration/configuration_manager.h"
#include "runtime/lock/lock_manager.h"

namespace lichen::app {
namespace {

using wasm::HostCall;

// One item as config_get hands it out: key, value, version, then its metadata as pairs
// encoded in one entry.
void appendItem(std::string& out, const std::string& key, const configuration::Item& item) {
  appendEntry(out, key);
  appendEntry(out, item.value);
  appendEntry(out, item.version);
  appendEntry(out, encodePairs(AbiPairs(item.metadata.begin(), item.metadata.end())));
}

void addConfiguration(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("config_get",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t mp,
               uint32_t ml) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl), keys_list = read(kp, kl), meta = read(mp, ml);
           if (!read.ok) return badPointer(inst, "config_get");
           auto keys = decodeList(keys_list);
           if (!keys) return inst.fail(kInvalidArgument, "config_get: the keys are not a list");
           auto pairs = decodePairs(meta);
           if (!pairs) {
             return inst.fail(kInvalidArgument, "config_get: metadata is not a list of pairs");
           }
           auto items = rt.block<configuration::ConfigurationManager>().get(
               store, *keys, configuration::Metadata(pairs->begin(), pairs->end()));
           if (!items) return failWith(inst, items.error());
           std::string out;
           for (const auto& [key, item] : *items) appendItem(out, key, item);
           return holdResult(inst, std::move(out));
         });
}

void addLocks(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("lock_try",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t rp, uint32_t rl, uint32_t op,
               uint32_t ol, int32_t expiry_seconds) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl), resource = read(rp, rl), owner = read(op, ol);
           if (!read.ok) return badPointer(inst, "lock_try");
           auto acquired =
               rt.block<lock::LockManager>().tryLock(store, resource, owner, expiry_seconds);
           if (!acquired) return failWith(inst, acquired.error());
           return *acquired ? 1 : 0;
         });
  m.func("unlock",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t rp, uint32_t rl, uint32_t op,
               uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl), resource = read(rp, rl), owner = read(op, ol);
           if (!read.ok) return badPointer(inst, "unlock");
           auto status = rt.block<lock::LockManager>().unlock(store, resource, owner);
           if (!status) return failWith(inst, status.error());
           if (*status == lock::UnlockStatus::kInternalError) {
             return inst.fail(kFailed, "unlock: the lock store failed (INTERNAL_ERROR)");
           }
           return static_cast<int32_t>(*status);
         });
}

}  // namespace

void addConfigurationAndLocks(wasm::HostModule& m, runtime::Runtime& runtime) {
  addConfiguration(m, runtime);
  addLocks(m, runtime);
}

}  // namespace lichen::app
