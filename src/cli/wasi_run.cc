#include "cli/wasi_run.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cli/value_text.h"
#include "host/deadline_ticker.h"
#include "host/trap_report.h"
#include "wasi/posix_os.h"
#include "wasi/wasi_ctx.h"
#include "wasi/wasi_imports.h"
#include "wasm/engine/engine.h"

namespace lichen::cli {
namespace {

constexpr int kLoadExit = 1;
constexpr int kUsageExit = 2;

void fail(const std::string& message) { std::fprintf(stderr, "lichen: %s\n", message.c_str()); }

// Prints a trap the way every run reports it (host/trap_report.h); returns the exit status.
int reportTrap(const wasm::Trap& trap, const wasm::ModuleInstance& inst,
               const WasiRunOptions& options) {
  host::RunLimits limits;
  limits.fuel = options.fuel;
  limits.timeout = options.timeout;
  const host::TrapReport report = host::reportTrap(trap, &inst, limits);
  if (report.exited()) return report.exit_code;
  std::fprintf(stderr, "lichen: %s", report.toText().c_str());
  return report.exit_code;
}

// Calls a reactor's export with arguments parsed by its type; prints the results.
int invokeExport(wasm::Store& store, wasm::ModuleInstance& inst, const WasiRunOptions& options) {
  const wasm::Extern* ext = inst.findExport(options.invoke);
  if (!ext || ext->kind != wasm::ExternKind::kFunc) {
    fail(options.file + ": no exported function \"" + options.invoke + "\"");
    return kLoadExit;
  }
  const wasm::FuncType& type = *ext->func->type;
  if (options.args.size() != type.params.size()) {
    fail(options.invoke + " expects " + std::to_string(type.params.size()) + " arguments " +
         wasm::funcTypeToString(type) + ", given " + std::to_string(options.args.size()));
    return kUsageExit;
  }
  std::vector<wasm::Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parseValueText(type.params[i], options.args[i]);
    if (!v) {
      fail("argument " + std::to_string(i) + ": " + v.error());
      return kUsageExit;
    }
    args.push_back(*v);
  }
  auto results = store.invoke(ext->func, args);
  if (!results) {
    return reportTrap(results.error(), inst, options);
  }
  std::fflush(stdout);
  for (const wasm::Value& v : *results) std::printf("%s\n", formatValueText(v).c_str());
  return 0;
}

}  // namespace

wasi::Preopen parseDir(const std::string& spec, bool read_only) {
  size_t sep = spec.find("::");
  if (sep == std::string::npos) return {spec, spec, read_only};
  return {spec.substr(0, sep), spec.substr(sep + 2), read_only};
}

std::optional<std::chrono::nanoseconds> parseDuration(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || value < 0) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1e9;
  if (unit == "ms") scale = 1e6;
  if (unit == "us") scale = 1e3;
  if (unit == "ns") scale = 1;
  if (unit == "m") scale = 60e9;
  if (unit == "h") scale = 3600e9;
  if (scale == 0) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<int64_t>(value * scale));
}

void addWasiRunOptions(CLI::App& run, WasiRunOptions& options) {
  run.add_option("file", options.file, "A WebAssembly WASI program (.wasm) to run");
  run.add_option("args", options.args, "Arguments for the program (or for --invoke)");
  run.add_option("--dir", options.dirs, "Pre-open HOST[::GUEST] for the program (read-write)")
      ->allow_extra_args(false);
  run.add_option("--dir-ro", options.dirs_ro, "Pre-open HOST[::GUEST] read-only")
      ->allow_extra_args(false);
  run.add_option("--env", options.env, "Set K=V in the program's environment (K alone: host's)")
      ->allow_extra_args(false);
  run.add_option("--max-memory", options.max_memory_mib, "Linear memory limit in MiB");
  run.add_option("--fuel", options.fuel, "Stop after N units of fuel (an app: per request)");
  run.add_option("--timeout", options.timeout,
                 "Stop after a duration (500ms, 2s, 1m; an app: per request, default 30s)");
  run.add_option("--invoke", options.invoke, "Call this export of a reactor module");
}

int runWasi(const WasiRunOptions& options) {
  if (options.fuel && !options.timeout.empty()) {
    fail("--fuel excludes --timeout when running a program");
    return kUsageExit;
  }
  wasi::WasiConfig config;
  config.args.push_back(options.file);
  if (options.invoke.empty()) {
    config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  }
  for (const std::string& kv : options.env) {
    if (kv.find('=') != std::string::npos) {
      config.env.push_back(kv);
    } else if (const char* host = std::getenv(kv.c_str())) {
      config.env.push_back(kv + "=" + host);
    }
  }
  for (const std::string& d : options.dirs) config.preopens.push_back(parseDir(d, false));
  for (const std::string& d : options.dirs_ro) config.preopens.push_back(parseDir(d, true));
  std::optional<std::chrono::nanoseconds> timeout;
  if (!options.timeout.empty()) {
    timeout = parseDuration(options.timeout);
    if (!timeout) {
      fail("invalid --timeout '" + options.timeout + "' (try 500ms, 2s, 1m)");
      return kUsageExit;
    }
  }

  wasm::Engine engine;
  auto compiled = engine.loadFile(options.file);
  if (!compiled) {
    fail(options.file + ": " + compiled.error().toString());
    return kLoadExit;
  }
  auto ctx = wasi::WasiCtx::create(std::move(config), std::make_shared<wasi::PosixOs>());
  if (!ctx) {
    fail(ctx.error());
    return kLoadExit;
  }
  wasm::Store store(engine.executor());
  if (options.max_memory_mib) store.setMaxMemoryPages(*options.max_memory_mib * 16);
  if (options.fuel) store.limits().fuel = *options.fuel;
  std::atomic<bool> interrupt{false};
  store.limits().interrupt = &interrupt;

  wasm::Linker linker;
  if (auto added = wasi::addToLinker(linker, **ctx); !added) {
    fail(added.error().toString());
    return kLoadExit;
  }
  auto imports = linker.link(store, (*compiled)->module);
  if (!imports) {
    fail(options.file + ": " + imports.error().toString());
    return kLoadExit;
  }
  // The process's one ticker, started only for --timeout; the deadline is disarmed when the
  // run ends, however it ends.
  std::optional<host::DeadlineTicker> ticker;
  host::DeadlineTicker::Handle deadline;
  if (timeout) deadline = ticker.emplace().arm(*timeout, interrupt);
  auto inst = wasm::instantiate(store, *compiled, *imports, wasm::StartFunction::kDefer);
  if (!inst) {
    std::string message = options.file + ": " + inst.error().toString();
    if (options.max_memory_mib)
      message += " (--max-memory " + std::to_string(*options.max_memory_mib) + " MiB)";
    fail(message);
    return kLoadExit;
  }
  // A start function is guest code like any other: its traps and limits end the run the same.
  if (auto started = wasm::runStart(store, **inst); !started) {
    return reportTrap(started.error(), **inst, options);
  }
  const wasm::Extern* start = (*inst)->findExport("_start");
  const wasm::Extern* init = (*inst)->findExport("_initialize");
  if (options.invoke.empty()) {
    if (!start || start->kind != wasm::ExternKind::kFunc) {
      fail(options.file + ": no _start export; for a reactor module use --invoke NAME");
      return kLoadExit;
    }
    auto result = store.invoke(start->func, {});
    if (result) return 0;
    return reportTrap(result.error(), **inst, options);
  }
  if (init && init->kind == wasm::ExternKind::kFunc) {
    auto result = store.invoke(init->func, {});
    if (!result) {
      return reportTrap(result.error(), **inst, options);
    }
  }
  return invokeExport(store, **inst, options);
}

std::vector<const char*> guestArgvSeparated(int argc, const char* const* argv) {
  std::vector<const char*> out(argv, argv + argc);
  auto run = std::find_if(out.begin() + std::min(argc, 1), out.end(), [](const char* a) {
    return std::string_view(a) == "run" || std::string_view(a) == "daprd";
  });
  for (auto it = run; it != out.end(); ++it) {
    std::string_view arg(*it);
    if (arg == "--") break;
    if (arg.size() > 5 && arg.ends_with(".wasm") && arg.front() != '-') {
      if (it + 1 != out.end() && std::string_view(*(it + 1)) == "--") break;
      out.insert(it + 1, "--");
      break;
    }
  }
  return out;
}

}  // namespace lichen::cli
