#include "wasi/wasi_imports.h"

#include <functional>
#include <map>
#include <type_traits>
#include <utility>

#include "wasi/wasi_calls.h"

namespace lichen::wasi {
namespace {

struct Binding {
  wasm::FuncType type;
  std::function<wasm::HostFunc(WasiCtx*)> make;
};

template <typename T>
constexpr wasm::ValType valType() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
  return std::is_same_v<T, uint64_t> ? wasm::ValType::kI64 : wasm::ValType::kI32;
}

template <typename... Args, size_t... I>
Errno invokeWith(Errno (*fn)(Call&, Args...), Call& call, const uint64_t* io,
                 std::index_sequence<I...>) {
  return fn(call, static_cast<Args>(io[I])...);
}

// Adapts a typed call to the engine's HostFunc: arguments from io[], the errno into io[0].
template <typename... Args>
Binding bind(Errno (*fn)(Call&, Args...)) {
  Binding b;
  b.type = wasm::FuncType{{valType<Args>()...}, {wasm::ValType::kI32}};
  b.make = [fn](WasiCtx* ctx) -> wasm::HostFunc {
    return [ctx, fn](wasm::HostCall& host, uint64_t* io) -> Expected<void, wasm::Trap> {
      Call call{*ctx, GuestMemory(host.memory), host.store.limits().interrupt};
      Errno e = invokeWith(fn, call, io, std::index_sequence_for<Args...>{});
      io[0] = static_cast<uint16_t>(e);
      // Every WASI call is also a point where a deadline stops the guest.
      if (call.interrupt && call.interrupt->load(std::memory_order_relaxed)) {
        return Unexpected(wasm::Trap{wasm::TrapKind::kInterrupted, "", {}, 0});
      }
      return {};
    };
  };
  return b;
}

// proc_exit never returns: it unwinds the guest with an exit trap carrying the status.
Binding procExit() {
  Binding b;
  b.type = wasm::FuncType{{wasm::ValType::kI32}, {}};
  b.make = [](WasiCtx*) -> wasm::HostFunc {
    return [](wasm::HostCall&, uint64_t* io) -> Expected<void, wasm::Trap> {
      return Unexpected(wasm::Trap{wasm::TrapKind::kExit, "", {}, static_cast<int32_t>(io[0])});
    };
  };
  return b;
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

wasm::Result<std::vector<wasm::Extern>> linkWasi(wasm::Store& store, WasiCtx& ctx,
                                                 const wasm::Module& module) {
  std::vector<wasm::Extern> externs;
  std::map<std::string, wasm::FuncInstance*> made;
  for (const wasm::Import& imp : module.imports) {
    const std::string what = "\"" + imp.module + "\" \"" + imp.name + "\"";
    if (imp.module != kWasiModule) {
      return wasm::linkError("unknown import " + what + ": only " + std::string(kWasiModule) +
                             " is provided");
    }
    auto it = bindings().find(imp.name);
    if (imp.kind != wasm::ExternKind::kFunc || it == bindings().end()) {
      return wasm::linkError("unknown import " + what + ": not a " + std::string(kWasiModule) +
                             " function");
    }
    const wasm::FuncType& declared = module.types[imp.func_type];
    if (!(declared == it->second.type)) {
      return wasm::linkError("import " + what + " has type " + wasm::funcTypeToString(declared) +
                             ", WASI defines " + wasm::funcTypeToString(it->second.type));
    }
    wasm::FuncInstance*& func = made[imp.name];
    if (!func) {
      func = store.addHostFunc(it->second.type, it->second.make(&ctx),
                               std::string(kWasiModule) + "." + imp.name);
    }
    externs.push_back(wasm::Extern{wasm::ExternKind::kFunc, func, nullptr, nullptr, nullptr});
  }
  return externs;
}

std::vector<std::string_view> wasiFunctionNames() {
  std::vector<std::string_view> names;
  for (const auto& [name, binding] : bindings()) names.push_back(name);
  return names;
}

}  // namespace lichen::wasi
