#include "wasi/wasi_imports.h"

#include <functional>
#include <map>
#include <utility>

#include "wasi/wasi_calls.h"

namespace lichen::wasi {
namespace {

// Makes one function whose calls find their context through `ctx_of`.
using Binding = std::function<wasm::HostFuncDef(const CtxOf&)>;

// Adapts a WASI call to a typed host function: the errno is its i32 result.
template <typename... Args>
Binding bind(Errno (*fn)(Call&, Args...)) {
  return [fn](const CtxOf& ctx_of) {
    return wasm::hostFunc(
        [ctx_of, fn](wasm::HostCall& host, Args... args) -> Expected<uint32_t, wasm::Trap> {
          Call call{ctx_of(host), GuestMemory(host.memory), host.store.limits().interrupt};
          const Errno e = fn(call, args...);
          // Every WASI call is also a point where a deadline stops the guest.
          if (call.interrupt && call.interrupt->load(std::memory_order_relaxed)) {
            return Unexpected(wasm::Trap{wasm::TrapKind::kInterrupted, "", {}, 0});
          }
          return static_cast<uint32_t>(e);
        });
  };
}

// proc_exit never returns: it unwinds the guest with an exit trap carrying the status.
Binding procExit() {
  return [](const CtxOf&) {
    return wasm::hostFunc([](wasm::HostCall&, int32_t status) -> Expected<void, wasm::Trap> {
      return Unexpected(wasm::Trap{wasm::TrapKind::kExit, "", {}, status});
    });
  };
}

const std::map<std::string_view, Binding>& bindings() {
  static const auto* table = new std::map<std::string_view, Binding>{
      {"args_get", bind(argsGet)},
      {"args_sizes_get", bind(argsSizesGet)},
      {"environ_get", bind(environGet)},
      {"environ_sizes_get", bind(environSizesGet)},
      {"clock_res_get", bind(clockResGet)},
      {"clock_time_get", bind(clockTimeGet)},
      {"fd_advise", bind(fdAdvise)},
      {"fd_allocate", bind(fdAllocate)},
      {"fd_close", bind(fdClose)},
      {"fd_datasync", bind(fdDatasync)},
      {"fd_fdstat_get", bind(fdFdstatGet)},
      {"fd_fdstat_set_flags", bind(fdFdstatSetFlags)},
      {"fd_fdstat_set_rights", bind(fdFdstatSetRights)},
      {"fd_filestat_get", bind(fdFilestatGet)},
      {"fd_filestat_set_size", bind(fdFilestatSetSize)},
      {"fd_filestat_set_times", bind(fdFilestatSetTimes)},
      {"fd_pread", bind(fdPread)},
      {"fd_prestat_get", bind(fdPrestatGet)},
      {"fd_prestat_dir_name", bind(fdPrestatDirName)},
      {"fd_pwrite", bind(fdPwrite)},
      {"fd_read", bind(fdRead)},
      {"fd_readdir", bind(fdReaddir)},
      {"fd_renumber", bind(fdRenumber)},
      {"fd_seek", bind(fdSeek)},
      {"fd_sync", bind(fdSync)},
      {"fd_tell", bind(fdTell)},
      {"fd_write", bind(fdWrite)},
      {"path_create_directory", bind(pathCreateDirectory)},
      {"path_filestat_get", bind(pathFilestatGet)},
      {"path_filestat_set_times", bind(pathFilestatSetTimes)},
      {"path_link", bind(pathLink)},
      {"path_open", bind(pathOpen)},
      {"path_readlink", bind(pathReadlink)},
      {"path_remove_directory", bind(pathRemoveDirectory)},
      {"path_rename", bind(pathRename)},
      {"path_symlink", bind(pathSymlink)},
      {"path_unlink_file", bind(pathUnlinkFile)},
      {"poll_oneoff", bind(pollOneoff)},
      {"proc_exit", procExit()},
      {"proc_raise", bind(procRaise)},
      {"sched_yield", bind(schedYield)},
      {"random_get", bind(randomGet)},
      {"sock_accept", bind(sockAccept)},
      {"sock_recv", bind(sockRecv)},
      {"sock_send", bind(sockSend)},
      {"sock_shutdown", bind(sockShutdown)},
  };
  return *table;
}

}  // namespace

wasm::HostModule wasiHostModule(WasiCtx& ctx) {
  return wasiHostModule([&ctx](wasm::HostCall&) -> WasiCtx& { return ctx; });
}

wasm::HostModule wasiHostModule(const CtxOf& ctx_of) {
  wasm::HostModule module{std::string(kWasiModule)};
  for (const auto& [name, make] : bindings()) {
    wasm::HostFuncDef def = make(ctx_of);
    module.func(std::string(name), std::move(def.type), std::move(def.fn));
  }
  return module;
}

wasm::Result<void> addToLinker(wasm::Linker& linker, WasiCtx& ctx) {
  return linker.addHostModule(wasiHostModule(ctx));
}

std::vector<std::string_view> wasiFunctionNames() {
  std::vector<std::string_view> names;
  for (const auto& [name, binding] : bindings()) names.push_back(name);
  return names;
}

}  // namespace lichen::wasi
