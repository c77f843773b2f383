// The linker: host modules side by side, single externs from other instances, and link errors
// that name the import and say what was wrong with it.
#include "wasm/runtime/linker.h"

#include <gtest/gtest.h>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/engine/engine.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::cat;
using test::kI32;
using test::str;
using test::uleb;
using test::vec;

Bytes funcImport(const std::string& module, const std::string& name, uint32_t type) {
  return cat({str(module), str(name), {0x00}, uleb(type)});
}

// Imports module.name as a function () -> () and nothing else.
Bytes voidImporter(const std::string& module, const std::string& name) {
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({}, {})}));
  m.section(2, vec({funcImport(module, name, 0)}));
  return m.bytes();
}

// Imports env.sum(ptr, len) -> i32 (twice: as functions 0 and 1); "f" returns sum(8, 3) over
// the bytes 1, 2, 3 that a data segment puts at 8.
Bytes sumModule(const std::string& module = "env") {
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({kI32, kI32}, {kI32}), test::funcType({}, {kI32})}));
  m.section(2, vec({funcImport(module, "sum", 0), funcImport(module, "sum", 0)}));
  m.section(3, vec({uleb(1)}));
  m.section(5, vec({{0x00, 0x01}}));
  m.section(7, vec({cat({str("f"), {0x00}, uleb(2)})}));
  m.section(10, vec({test::body({}, {0x41, 8, 0x41, 3, 0x10, 1, 0x0B})}));
  m.section(11, vec({cat({{0x00, 0x41, 8, 0x0B}, vec({{1}, {2}, {3}})})}));
  return m.bytes();
}

// Sums guest bytes through the caller's memory, bounds-checked; UINT32_MAX when out of bounds.
HostModule envModule() {
  HostModule env("env");
  env.func("sum", [](HostCall& call, uint32_t ptr, uint32_t len) {
    const uint8_t* p = call.guestMemory().at(ptr, len);
    if (!p) return UINT32_MAX;
    uint32_t sum = 0;
    for (uint32_t i = 0; i < len; ++i) sum += p[i];
    return sum;
  });
  return env;
}

class LinkerTest : public testing::Test {
 protected:
  std::shared_ptr<const CompiledModule> load(const Bytes& bytes) {
    auto compiled = engine_.load(bytes);
    EXPECT_TRUE(compiled) << compiled.error().toString();
    return compiled ? *compiled : nullptr;
  }
  std::string linkError(const Bytes& bytes) {
    auto compiled = load(bytes);
    if (!compiled) return "not loaded";
    auto linked = linker_.link(store_, compiled->module);
    if (linked) return "linked";
    EXPECT_EQ(linked.error().phase, Phase::kLink);
    return linked.error().message;
  }

  Engine engine_;
  Store store_{engine_.executor()};
  Linker linker_;
};

TEST_F(LinkerTest, HostFunctionsReadTheCallersMemory) {
  ASSERT_TRUE(linker_.addHostModule(envModule()));
  auto compiled = load(sumModule());
  auto linked = linker_.link(store_, compiled->module);
  ASSERT_TRUE(linked) << linked.error().toString();
  ASSERT_EQ(linked->size(), 2u);
  EXPECT_EQ((*linked)[0].func, (*linked)[1].func);  // one function imported twice
  EXPECT_EQ((*linked)[0].func->debug_name, "env.sum");
  auto inst = instantiate(store_, compiled, *linked);
  ASSERT_TRUE(inst) << inst.error().toString();
  auto r = store_.invoke((*inst)->findExport("f")->func, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].asU32(), 6u);
}

TEST_F(LinkerTest, HostModuleNamesAreUnique) {
  ASSERT_TRUE(linker_.addHostModule(envModule()));
  auto again = linker_.addHostModule(envModule());
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("\"env\" is already registered"), std::string::npos);
  EXPECT_TRUE(linker_.knowsModule("env"));
  EXPECT_FALSE(linker_.knowsModule("other"));
  EXPECT_EQ(envModule().fieldNames(), std::vector<std::string_view>{"sum"});
}

TEST_F(LinkerTest, UnknownModuleIsNamedWithTheKnownOnes) {
  EXPECT_EQ(linkError(sumModule("nowhere")),
            "unknown import \"nowhere\" \"sum\": no module \"nowhere\" is linked (known: none)");
  ASSERT_TRUE(linker_.addHostModule(envModule()));
  ASSERT_TRUE(linker_.addHostModule(HostModule("lichen")));
  EXPECT_EQ(
      linkError(sumModule("nowhere")),
      "unknown import \"nowhere\" \"sum\": no module \"nowhere\" is linked (known: env, lichen)");
}

TEST_F(LinkerTest, UnknownFieldAndWrongTypesAreNamed) {
  ASSERT_TRUE(
      linker_.addHostModule(HostModule("env").func("sum", FuncType{{ValType::kI32}, {}}, nullptr)));
  EXPECT_EQ(linkError(sumModule()),
            "import \"env\" \"sum\" has type (i32 i32) -> (i32), env defines (i32) -> ()");

  EXPECT_EQ(linkError(voidImporter("env", "product")),
            "unknown import \"env\" \"product\": module \"env\" has no \"product\"");

  test::ModuleBuilder memory;
  memory.section(2, vec({cat({str("env"), str("sum"), {0x02, 0x00, 0x01}})}));
  EXPECT_EQ(linkError(memory.bytes()),
            "incompatible import type: import \"env\" \"sum\" is a memory, env defines a function");
}

// A second module imports the first one's memory, defined by name.
TEST_F(LinkerTest, DefinedExternsLinkBeforeHostModules) {
  test::ModuleBuilder a;
  a.section(5, vec({{0x00, 0x01}}));
  a.section(7, vec({cat({str("mem"), {0x02}, uleb(0)})}));
  a.section(11, vec({cat({{0x00, 0x41, 16, 0x0B}, str("hi")})}));
  auto inst_a = linker_.instantiate(store_, load(a.bytes()));
  ASSERT_TRUE(inst_a) << inst_a.error().toString();
  linker_.defineInstance("a", **inst_a);
  ASSERT_TRUE(linker_.addHostModule(HostModule("a")));  // the defined memory wins

  test::ModuleBuilder b;
  b.section(1, vec({test::funcType({}, {kI32})}));
  b.section(2, vec({cat({str("a"), str("mem"), {0x02, 0x00, 0x01}})}));
  b.section(3, vec({uleb(0)}));
  b.section(7, vec({cat({str("f"), {0x00}, uleb(0)})}));
  b.section(10, vec({test::body({}, {0x41, 16, 0x2D, 0, 0, 0x0B})}));  // i32.load8_u 16
  auto inst_b = linker_.instantiate(store_, load(b.bytes()));
  ASSERT_TRUE(inst_b) << inst_b.error().toString();
  auto r = store_.invoke((*inst_b)->findExport("f")->func, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].asU32(), static_cast<uint32_t>('h'));

  // Defined externs are type-checked like any import.
  EXPECT_EQ(linkError(voidImporter("a", "mem")),
            "incompatible import type: import \"a\" \"mem\" is a function, given a memory");
  EXPECT_EQ(linkError(voidImporter("a", "table")),
            "unknown import \"a\" \"table\": module \"a\" has no \"table\"");
}

TEST_F(LinkerTest, InstantiateCanDeferTheStartFunction) {
  int calls = 0;
  ASSERT_TRUE(
      linker_.addHostModule(HostModule("env").func("tick", [&calls](HostCall&) { ++calls; })));
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({}, {})}));
  m.section(2, vec({funcImport("env", "tick", 0)}));
  m.section(8, uleb(0));  // start: the imported tick
  auto compiled = load(m.bytes());
  auto deferred = linker_.instantiate(store_, compiled, StartFunction::kDefer);
  ASSERT_TRUE(deferred) << deferred.error().toString();
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(runStart(store_, **deferred));
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(linker_.instantiate(store_, compiled));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace lichen::wasm
