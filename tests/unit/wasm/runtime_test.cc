// Runtime: memories built from a copy-on-write image and reused reservations must behave like
// fresh ones: data segments present, writes private to each instance, grown pages zeroed.
#include <gtest/gtest.h>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/engine/engine.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::cat;
using test::kI32;
using test::vec;

// Memory of 1 page (max 4) with "hi" at 16; exports "load8"(addr), "store8"(addr, v), "grow"(n).
Bytes imageModule() {
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({kI32}, {kI32}), test::funcType({kI32, kI32}, {})}));
  m.section(3, vec({test::uleb(0), test::uleb(1), test::uleb(0)}));
  m.section(5, vec({{0x01, 0x01, 0x04}}));
  m.section(7,
            vec({cat({test::str("load8"), {0x00, 0x00}}), cat({test::str("store8"), {0x00, 0x01}}),
                 cat({test::str("grow"), {0x00, 0x02}})}));
  m.section(10, vec({test::body({}, {0x20, 0, 0x2D, 0, 0, 0x0B}),
                     test::body({}, {0x20, 0, 0x20, 1, 0x3A, 0, 0, 0x0B}),
                     test::body({}, {0x20, 0, 0x40, 0, 0x0B})}));
  m.section(11, vec({cat({{0x00, 0x41, 0x10, 0x0B}, test::str("hi")})}));
  return m.bytes();
}

uint32_t call(Store& store, ModuleInstance* inst, const char* name, std::vector<Value> args) {
  auto r = store.invoke(inst->findExport(name)->func, args);
  EXPECT_TRUE(r.has_value());
  return r && !r->empty() ? (*r)[0].asU32() : 0;
}

TEST(Runtime, ImageBackedMemoriesAreFreshAndPrivate) {
  Engine engine;
  auto compiled = engine.load(imageModule());
  ASSERT_TRUE(compiled.has_value()) << compiled.error().toString();
  for (int round = 0; round < 3; ++round) {  // later rounds reuse pooled reservations
    Store a(engine.executor());
    Store b(engine.executor());
    ModuleInstance* ia = *instantiate(a, *compiled, {});
    ModuleInstance* ib = *instantiate(b, *compiled, {});
    EXPECT_EQ(call(a, ia, "load8", {Value::i32(16)}), uint32_t{'h'});
    EXPECT_EQ(call(a, ia, "load8", {Value::i32(100)}), 0u);
    call(a, ia, "store8", {Value::i32(16), Value::i32('X')});
    call(a, ia, "store8", {Value::i32(100), Value::i32(7)});
    EXPECT_EQ(call(a, ia, "load8", {Value::i32(16)}), uint32_t{'X'});
    EXPECT_EQ(call(b, ib, "load8", {Value::i32(16)}), uint32_t{'h'});  // b's copy untouched
    EXPECT_EQ(call(b, ib, "load8", {Value::i32(100)}), 0u);
    // Growing gives zeroed pages even where an earlier instance wrote.
    EXPECT_EQ(call(a, ia, "grow", {Value::i32(1)}), 1u);
    EXPECT_EQ(call(a, ia, "load8", {Value::i32(65536 + 5)}), 0u);
    call(a, ia, "store8", {Value::i32(65536 + 5), Value::i32(9)});
  }
  EXPECT_NE((*compiled)->memory_image, nullptr);
}

TEST(Runtime, ModulesWithComputedOffsetsStillInitialiseMemory) {
  // Data at an offset from an imported global cannot be imaged; it is copied per instance.
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({kI32}, {kI32})}));
  m.section(2, vec({cat({test::str("env"), test::str("base"), {0x03, kI32, 0x00}})}));
  m.section(3, vec({test::uleb(0)}));
  m.section(5, vec({{0x00, 0x01}}));
  m.section(7, vec({cat({test::str("load8"), {0x00, 0x00}})}));
  m.section(10, vec({test::body({}, {0x20, 0, 0x2D, 0, 0, 0x0B})}));
  m.section(11, vec({cat({{0x00, 0x23, 0x00, 0x0B}, test::str("z")})}));
  Engine engine;
  auto compiled = engine.load(m.bytes());
  ASSERT_TRUE(compiled.has_value()) << compiled.error().toString();
  Store store(engine.executor());
  Extern base;
  base.kind = ExternKind::kGlobal;
  base.global = store.addGlobal(GlobalType{ValType::kI32, false}, 40);
  std::vector<Extern> imports{base};
  ModuleInstance* inst = *instantiate(store, *compiled, imports);
  EXPECT_EQ(call(store, inst, "load8", {Value::i32(40)}), uint32_t{'z'});
  EXPECT_EQ((*compiled)->memory_image, nullptr);
}

}  // namespace
}  // namespace lichen::wasm

namespace lichen::wasm {
namespace {

TEST(Engine, LoadingADirectoryOrAMissingFileIsAnError) {
  Engine engine;
  auto dir = engine.loadFile("/");
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().phase, Phase::kIo);
  auto missing = engine.loadFile("/nonexistent/module.wasm");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace lichen::wasm

namespace lichen::wasm {
namespace {

TEST(Runtime, HugeTablesAndMemoriesFailToInstantiateCleanly) {
  Engine engine;
  Store store(engine.executor());
  store.setMaxMemoryPages(16);
  test::ModuleBuilder table;  // a valid table of 2^32-1 elements
  table.section(4, test::vec({test::cat({{test::kFuncRef, 0x00}, test::uleb(0xFFFFFFFF)})}));
  auto t = engine.load(table.bytes());
  ASSERT_TRUE(t.has_value()) << t.error().toString();
  auto ti = instantiate(store, *t, {});
  ASSERT_FALSE(ti.has_value());
  EXPECT_EQ(ti.error().phase, Phase::kInstantiate);
  test::ModuleBuilder memory;  // 65536 pages, over the store's limit of 16
  memory.section(5, test::vec({test::cat({{0x00}, test::uleb(65536)})}));
  auto mm = engine.load(memory.bytes());
  ASSERT_TRUE(mm.has_value()) << mm.error().toString();
  auto mi = instantiate(store, *mm, {});
  ASSERT_FALSE(mi.has_value());
  EXPECT_NE(mi.error().message.find("limit"), std::string::npos);
}

// A module of `count` tables of `elements` funcref each (a 159-byte module made the host
// allocate 1.57 GB for 20 tables of 10M, and 100+ such tables ended in std::bad_alloc).
test::Bytes manyTables(uint32_t count, uint64_t elements) {
  test::Bytes tables = test::uleb(count);
  for (uint32_t i = 0; i < count; ++i) {
    tables.push_back(test::kFuncRef);
    tables.push_back(0x00);
    const test::Bytes n = test::uleb(elements);
    tables.insert(tables.end(), n.begin(), n.end());
  }
  test::ModuleBuilder b;
  b.section(4, tables);
  return b.bytes();
}

TEST(Runtime, TablesCountAgainstTheMemoryLimit) {
  Engine engine;
  auto module = engine.load(manyTables(20, 10'000'000));
  ASSERT_TRUE(module.has_value()) << module.error().toString();
  {
    Store store(engine.executor());
    store.setMaxMemoryPages(160);  // --max-memory 10
    auto inst = instantiate(store, *module, {});
    ASSERT_FALSE(inst.has_value());
    EXPECT_EQ(inst.error().phase, Phase::kInstantiate);
    EXPECT_NE(inst.error().message.find("limit"), std::string::npos) << inst.error().message;
    EXPECT_EQ(store.budget().usedBytes(), 0u);  // nothing kept from the failed attempt
  }
  {
    Store store(engine.executor());  // no --max-memory: tables still have a default cap
    auto inst = instantiate(store, *module, {});
    ASSERT_FALSE(inst.has_value());
    EXPECT_EQ(inst.error().phase, Phase::kInstantiate);
  }
  {
    auto hundreds = engine.load(manyTables(300, 10'000'000));
    ASSERT_TRUE(hundreds.has_value());
    Store store(engine.executor());
    auto inst = instantiate(store, *hundreds, {});
    ASSERT_FALSE(inst.has_value());
  }
  {
    // Within the budget, tables and a memory share it: what one takes the other cannot.
    auto small = engine.load(manyTables(2, 65536));  // 2 x 512 KiB of elements
    ASSERT_TRUE(small.has_value());
    Store store(engine.executor());
    store.setMaxMemoryPages(32);  // 2 MiB
    ASSERT_TRUE(instantiate(store, *small, {}).has_value());
    EXPECT_EQ(store.budget().usedBytes(), 2u * 65536 * 8);
    test::ModuleBuilder memory;  // 24 pages = 1.5 MiB, more than the 1 MiB left
    memory.section(5, test::vec({test::cat({{0x00}, test::uleb(24)})}));
    auto mm = engine.load(memory.bytes());
    ASSERT_TRUE(mm.has_value());
    EXPECT_FALSE(instantiate(store, *mm, {}).has_value());
  }
}

}  // namespace
}  // namespace lichen::wasm
