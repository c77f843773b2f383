#include "cli/fuzz_exec.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "wasm/engine/engine.h"

namespace lichen::cli {
namespace {

using wasm::ValType;
using wasm::Value;

// The export binaryen's hang-limit instrumentation uses to reset its loop and call budget.
constexpr const char* kHangLimitReset = "hangLimitInitializer";

// Canonical text of a value: integers unsigned decimal, floats their bits in hex, every NaN
// the same (the spec leaves NaN payloads nondeterministic), references null or not.
std::string canonical(const Value& v) {
  char buf[64];
  switch (v.type) {
    case ValType::kI32:
      std::snprintf(buf, sizeof buf, "i32:%" PRIu32, v.asU32());
      break;
    case ValType::kI64:
      std::snprintf(buf, sizeof buf, "i64:%" PRIu64, v.asU64());
      break;
    case ValType::kF32:
      if (std::isnan(v.asF32())) return "f32:nan";
      std::snprintf(buf, sizeof buf, "f32:%08" PRIx32, v.asU32());
      break;
    case ValType::kF64:
      if (std::isnan(v.asF64())) return "f64:nan";
      std::snprintf(buf, sizeof buf, "f64:%016" PRIx64, v.asU64());
      break;
    case ValType::kFuncRef:
      return v.isNullRef() ? "funcref:null" : "funcref:func";
    case ValType::kExternRef:
      return v.isNullRef() ? "externref:null" : "externref:obj";
    default:
      return "v128:?";
  }
  return buf;
}

// Argument k of an export: a fixed cycle per type, the same in tests/fuzz/diff/v8_exec.mjs.
Value argument(ValType type, size_t k) {
  static constexpr uint32_t kI32[] = {0, 1, 0xFFFFFFFF, 0x80000000, 7, 65535};
  static constexpr uint64_t kI64[] = {0, 1, ~0ull, 1ull << 63, 7, 65535};
  static constexpr float kInf = std::numeric_limits<float>::infinity();
  static constexpr float kF32[] = {0.0f, 1.5f, -0.0f, kInf, -2.5f, 1e10f};
  static constexpr double kF64[] = {0.0, 1.5, -0.0, -double{kInf}, 3.25, 1e300};
  const size_t i = k % 6;
  switch (type) {
    case ValType::kI32:
      return Value::i32(kI32[i]);
    case ValType::kI64:
      return Value::i64(kI64[i]);
    case ValType::kF32:
      return Value::f32(kF32[i]);
    case ValType::kF64:
      return Value::f64(kF64[i]);
    default:
      return Value::ref(type, 0);
  }
}

// 32-bit FNV-1a, easy to compute the same way in JavaScript.
uint32_t fnv1a(const uint8_t* p, size_t n, uint32_t h = 2166136261u) {
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

// What a call may have changed: memory 0 (contents and size) and every global.
void printState(const wasm::ModuleInstance& inst) {
  std::string globals;
  for (const wasm::GlobalInstance* g : inst.globals) {
    globals += canonical(Value{g->type.type, g->value}) + ";";
  }
  const uint32_t gh = fnv1a(reinterpret_cast<const uint8_t*>(globals.data()), globals.size());
  if (inst.memories.empty()) {
    std::printf("state memory=none globals=%08" PRIx32 "\n", gh);
    return;
  }
  const wasm::Memory& mem = *inst.memories[0];
  std::printf("state memory=%08" PRIx32 "/%" PRIu64 " globals=%08" PRIx32 "\n",
              fnv1a(mem.data(), mem.size()), mem.pages(), gh);
}

// binaryen's logging imports: fuzzing-support.log-{i32,i64,f32,f64}, each taking one value.
std::optional<ValType> logImportType(const wasm::Module& m, const wasm::Import& imp) {
  if (imp.module != "fuzzing-support" || imp.kind != wasm::ExternKind::kFunc) return {};
  const wasm::FuncType& t = m.types[imp.func_type];
  if (t.params.size() != 1 || !t.results.empty()) return {};
  const ValType p = t.params[0];
  const char* expected = p == ValType::kI32   ? "log-i32"
                         : p == ValType::kI64 ? "log-i64"
                         : p == ValType::kF32 ? "log-f32"
                         : p == ValType::kF64 ? "log-f64"
                                              : "";
  if (imp.name != expected) return {};
  return p;
}

bool inconclusive(const wasm::Trap& t) {
  return t.kind == wasm::TrapKind::kCallStackExhausted || t.kind == wasm::TrapKind::kOutOfFuel ||
         t.kind == wasm::TrapKind::kInterrupted;
}

}  // namespace

int runFuzzExec(const FuzzExecOptions& options) {
  wasm::Engine engine(wasm::interp::CompileOptions{.rewrites = options.rewrites});
  auto compiled = engine.loadFile(options.file);
  if (!compiled) {
    if (compiled.error().phase == wasm::Phase::kIo) {
      std::fprintf(stderr, "%s\n", compiled.error().toString().c_str());
      return 1;
    }
    std::printf("module invalid\n");
    return 0;
  }
  std::printf("module valid\n");
  const wasm::Module& m = (*compiled)->module;
  wasm::Store store(engine.executor());
  std::vector<wasm::Extern> imports;
  for (const wasm::Import& imp : m.imports) {
    const std::optional<ValType> type = logImportType(m, imp);
    if (!type) {
      std::printf("unsupported-import %s %s\n", imp.module.c_str(), imp.name.c_str());
      return 0;
    }
    auto log = [t = *type](wasm::HostCall&, uint64_t* io) -> Expected<void, wasm::Trap> {
      std::printf("log %s\n", canonical(Value{t, io[0]}).c_str());
      return {};
    };
    imports.push_back(wasm::Extern{
        .kind = wasm::ExternKind::kFunc,
        .func = store.addHostFunc(m.types[imp.func_type], log, imp.name),
    });
  }
  auto inst = wasm::instantiate(store, *compiled, imports);
  if (!inst) {
    std::printf("instantiate failed\n");
    return 0;
  }
  std::printf("instantiate ok\n");
  const wasm::Extern* reset = (*inst)->findExport(kHangLimitReset);
  for (size_t e = 0; e < m.exports.size(); ++e) {
    const wasm::Extern& ext = (*inst)->exports[e];
    if (ext.kind != wasm::ExternKind::kFunc) continue;
    std::printf("call %s\n", m.exports[e].name.c_str());
    if (reset && reset->kind == wasm::ExternKind::kFunc && reset->func->type->params.empty()) {
      store.limits().fuel = options.fuel;
      (void)store.invoke(reset->func, {});
    }
    const wasm::FuncType& type = *ext.func->type;
    std::vector<Value> args;
    for (size_t k = 0; k < type.params.size(); ++k) args.push_back(argument(type.params[k], k));
    store.limits().fuel = options.fuel;
    auto results = store.invoke(ext.func, args);
    if (!results && inconclusive(results.error())) {
      std::printf("inconclusive\n");
      return 0;
    }
    if (!results) {
      std::printf("trap\n");
    } else {
      std::string line = "result";
      for (const Value& v : *results) line += " " + canonical(v);
      std::printf("%s\n", line.c_str());
    }
    printState(**inst);
  }
  return 0;
}

}  // namespace lichen::cli
