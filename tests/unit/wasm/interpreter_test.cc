// Interpreter: results, every trap kind as a value, limits (depth, fuel, interrupt) and
// host functions, on modules built byte by byte.
#include "wasm/interp/interpreter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/engine/engine.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::kI32;
using test::kI64;

class InterpreterTest : public ::testing::Test {
 protected:
  ModuleInstance* load(const Bytes& bytes, std::vector<Extern> imports = {}) {
    auto m = engine_.load(bytes);
    EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().toString());
    if (!m) return nullptr;
    auto inst = instantiate(store_, *m, imports);
    EXPECT_TRUE(inst.has_value()) << (inst ? "" : inst.error().toString());
    return inst ? *inst : nullptr;
  }
  Expected<std::vector<Value>, Trap> call(ModuleInstance* inst, std::vector<Value> args,
                                          const char* name = "f") {
    return store_.invoke(inst->findExport(name)->func, args);
  }
  ModuleInstance* func(Bytes params, Bytes results, const Bytes& code,
                       std::initializer_list<std::pair<uint32_t, uint8_t>> locals = {},
                       int pages = -1) {
    return load(test::singleFunctionModule(test::funcType(std::move(params), std::move(results)),
                                           test::body(locals, code), pages));
  }
  TrapKind trapOf(ModuleInstance* inst, std::vector<Value> args) {
    auto r = call(inst, std::move(args));
    EXPECT_FALSE(r.has_value());
    return r ? TrapKind::kHost : r.error().kind;
  }

  Engine engine_;
  Store store_{engine_.executor()};
};

TEST_F(InterpreterTest, AddsAndReturns) {
  auto* inst = func({kI32, kI32}, {kI32}, {0x20, 0, 0x20, 1, 0x6A, 0x0B});
  auto r = call(inst, {Value::i32(40), Value::i32(2)});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)[0].asU32(), 42u);
}

TEST_F(InterpreterTest, RecursiveFibonacci) {
  // f(n) = n < 2 ? n : f(n-1) + f(n-2)
  const Bytes code = {0x20, 0, 0x41, 2, 0x49, 0x04, kI32, 0x20, 0, 0x05, 0x20, 0,   0x41, 1, 0x6B,
                      0x10, 0, 0x20, 0, 0x41, 2,    0x6B, 0x10, 0, 0x6A, 0x0B, 0x0B};
  auto* inst = func({kI32}, {kI32}, code);
  auto r = call(inst, {Value::i32(20)});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)[0].asU32(), 6765u);
}

TEST_F(InterpreterTest, MultiValueReturn) {
  // (i32, i64) -> (i64, i32): swap
  auto* inst = func({kI32, kI64}, {kI64, kI32}, {0x20, 1, 0x20, 0, 0x0B});
  auto r = call(inst, {Value::i32(7), Value::i64(9)});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)[0].asU64(), 9u);
  EXPECT_EQ((*r)[1].asU32(), 7u);
}

TEST_F(InterpreterTest, TrapsAreValuesWithTheirKind) {
  EXPECT_EQ(trapOf(func({}, {}, {0x00, 0x0B}), {}), TrapKind::kUnreachable);
  auto* div = func({kI32, kI32}, {kI32}, {0x20, 0, 0x20, 1, 0x6D, 0x0B});
  EXPECT_EQ(trapOf(div, {Value::i32(1), Value::i32(0)}), TrapKind::kDivideByZero);
  EXPECT_EQ(trapOf(div, {Value::i32(0x80000000u), Value::i32(0xFFFFFFFFu)}),
            TrapKind::kIntegerOverflow);
  auto* conv = func({test::kF32}, {kI32}, {0x20, 0, 0xA8, 0x0B});  // i32.trunc_f32_s
  EXPECT_EQ(trapOf(conv, {Value::f32(NAN)}), TrapKind::kInvalidConversion);
  EXPECT_EQ(trapOf(conv, {Value::f32(3e9f)}), TrapKind::kIntegerOverflow);
  auto* load = func({kI32}, {kI32}, {0x20, 0, 0x28, 2, 0, 0x0B}, {}, 1);  // i32.load
  EXPECT_EQ(trapOf(load, {Value::i32(65533)}), TrapKind::kMemoryOutOfBounds);
  EXPECT_TRUE(call(load, {Value::i32(65532)}).has_value());
}

TEST_F(InterpreterTest, InfiniteRecursionExhaustsTheCallStackCleanly) {
  store_.limits().max_call_depth = 1000;
  auto* inst = func({}, {}, {0x10, 0, 0x0B});  // f() { f() }
  auto r = call(inst, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, TrapKind::kCallStackExhausted);
  EXPECT_EQ(r.error().backtrace.size(), 1000u);
  // The store stays usable afterwards.
  auto* add = func({kI32, kI32}, {kI32}, {0x20, 0, 0x20, 1, 0x6A, 0x0B});
  EXPECT_TRUE(call(add, {Value::i32(1), Value::i32(2)}).has_value());
}

TEST_F(InterpreterTest, FuelStopsAnInfiniteLoop) {
  store_.limits().fuel = 100000;
  auto* inst = func({}, {}, {0x03, 0x40, 0x0C, 0, 0x0B, 0x0B});  // loop br 0 end
  EXPECT_EQ(trapOf(inst, {}), TrapKind::kOutOfFuel);
}

TEST_F(InterpreterTest, FuelIsChargedForWhatACallUses) {
  store_.limits().fuel = 1000;
  auto* add = func({kI32, kI32}, {kI32}, {0x20, 0, 0x20, 1, 0x6A, 0x0B});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(call(add, {Value::i32(1), Value::i32(2)}).has_value());
  // 100 short calls cost 100 units (one per call), not a refill chunk each.
  EXPECT_EQ(*store_.limits().fuel, 900u);
}

TEST_F(InterpreterTest, InterruptStopsAnInfiniteLoopFromAnotherThread) {
  std::atomic<bool> stop{false};
  store_.limits().interrupt = &stop;
  // The deadline should the interrupt be ignored: seconds of looping, then an out-of-fuel trap
  // that fails the test rather than a loop that never ends.
  store_.limits().fuel = uint64_t{1} << 31;
  auto* inst = func({}, {}, {0x03, 0x40, 0x0C, 0, 0x0B, 0x0B});
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
  });
  EXPECT_EQ(trapOf(inst, {}), TrapKind::kInterrupted);
  timer.join();
}

TEST_F(InterpreterTest, MemoryGrowStopsAtTheEmbedderLimit) {
  store_.setMaxMemoryPages(4);
  // memory.grow(arg)
  auto* inst = func({kI32}, {kI32}, {0x20, 0, 0x40, 0, 0x0B}, {}, 1);
  EXPECT_EQ((*call(inst, {Value::i32(3)}))[0].asU32(), 1u);
  EXPECT_EQ((*call(inst, {Value::i32(1)}))[0].asI32(), -1);
}

TEST_F(InterpreterTest, HostFunctionsAreCalledAndTheirTrapsPropagate) {
  int calls = 0;
  FuncInstance* host =
      store_.addHostFunc(FuncType{{ValType::kI32}, {ValType::kI32}},
                         [&calls](HostCall&, uint64_t* io) -> Expected<void, Trap> {
                           ++calls;
                           if (static_cast<uint32_t>(io[0]) == 0)
                             return Unexpected(Trap{TrapKind::kHost, "refused"});
                           io[0] = static_cast<uint32_t>(io[0]) * 2;
                           return {};
                         });
  using test::cat;
  using test::vec;
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({kI32}, {kI32})}));
  m.section(2, vec({cat({test::str("env"), test::str("double"), {0x00, 0x00}})}));
  m.section(3, vec({test::uleb(0)}));
  m.section(7, vec({cat({test::str("f"), {0x00}, test::uleb(1)})}));
  m.section(10, vec({test::body({}, {0x20, 0, 0x10, 0, 0x41, 1, 0x6A, 0x0B})}));
  Extern e;
  e.func = host;
  auto* inst = load(m.bytes(), {e});
  auto r = call(inst, {Value::i32(20)});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)[0].asU32(), 41u);
  auto t = call(inst, {Value::i32(0)});
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().message, "refused");
  EXPECT_EQ(calls, 2);
}

TEST_F(InterpreterTest, LinkingChecksImportTypes) {
  FuncInstance* host = store_.addHostFunc(
      FuncType{{}, {}}, [](HostCall&, uint64_t*) { return Expected<void, Trap>(); });
  using test::cat;
  test::ModuleBuilder m;
  m.section(1, test::vec({test::funcType({kI32}, {kI32})}));
  m.section(2, test::vec({cat({test::str("env"), test::str("g"), {0x00, 0x00}})}));
  auto compiled = engine_.load(m.bytes());
  ASSERT_TRUE(compiled.has_value());
  Extern e;
  e.func = host;
  std::vector<Extern> imports{e};
  auto inst = instantiate(store_, *compiled, imports);
  ASSERT_FALSE(inst.has_value());
  EXPECT_EQ(inst.error().phase, Phase::kLink);
}

}  // namespace
}  // namespace lichen::wasm
