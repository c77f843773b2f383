// Linking and running tiny hand-assembled modules: unknown imports are named in the error,
// mistyped WASI imports are refused, and proc_exit ends the program with its status.
#include <gtest/gtest.h>

#include "tests/unit/wasi/wasi_fixture.h"
#include "tests/unit/wasm/module_builder.h"
#include "wasi/wasi_imports.h"
#include "wasm/engine/engine.h"

namespace lichen::wasi {
namespace {

std::vector<uint8_t> name(const std::string& s) {
  std::vector<uint8_t> out{static_cast<uint8_t>(s.size())};
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// A module with one type `type`, importing module.field as function 0 of that type.
std::vector<uint8_t> importer(const std::string& module, const std::string& field,
                              std::vector<uint8_t> type) {
  std::vector<uint8_t> bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  std::vector<uint8_t> types{0x01};
  types.insert(types.end(), type.begin(), type.end());
  bytes.push_back(0x01);
  bytes.push_back(static_cast<uint8_t>(types.size()));
  bytes.insert(bytes.end(), types.begin(), types.end());
  std::vector<uint8_t> imports{0x01};
  for (const std::string& s : {module, field}) {
    auto n = name(s);
    imports.insert(imports.end(), n.begin(), n.end());
  }
  imports.push_back(0x00);  // func
  imports.push_back(0x00);  // type 0
  bytes.push_back(0x02);
  bytes.push_back(static_cast<uint8_t>(imports.size()));
  bytes.insert(bytes.end(), imports.begin(), imports.end());
  return bytes;
}

const std::vector<uint8_t> kVoidToVoid{0x60, 0x00, 0x00};
const std::vector<uint8_t> kI32ToVoid{0x60, 0x01, 0x7f, 0x00};

class WasiLinkTest : public testing::WasiFixture {
 protected:
  void SetUp() override {
    WasiFixture::SetUp();
    ASSERT_TRUE(addToLinker(linker_, *ctx_));
  }
  wasm::Result<std::vector<wasm::Extern>> link(wasm::Store& store, const wasm::Module& module) {
    return linker_.link(store, module);
  }

  wasm::Engine engine_;
  wasm::Linker linker_;
};

TEST_F(WasiLinkTest, UnknownImportIsNamed) {
  auto compiled = engine_.load(importer("env", "mystery", kVoidToVoid));
  ASSERT_TRUE(compiled) << compiled.error().toString();
  wasm::Store store(engine_.executor());
  auto linked = link(store, (*compiled)->module);
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().phase, wasm::Phase::kLink);
  EXPECT_NE(linked.error().message.find("\"env\" \"mystery\""), std::string::npos);
  EXPECT_NE(linked.error().message.find("no module \"env\""), std::string::npos);

  compiled = engine_.load(importer("wasi_snapshot_preview1", "fd_teleport", kVoidToVoid));
  ASSERT_TRUE(compiled);
  linked = link(store, (*compiled)->module);
  ASSERT_FALSE(linked);
  EXPECT_NE(linked.error().message.find("fd_teleport"), std::string::npos);
}

TEST_F(WasiLinkTest, MistypedWasiImportIsRefused) {
  auto compiled = engine_.load(importer("wasi_snapshot_preview1", "fd_write", kVoidToVoid));
  ASSERT_TRUE(compiled);
  wasm::Store store(engine_.executor());
  auto linked = link(store, (*compiled)->module);
  ASSERT_FALSE(linked);
  EXPECT_NE(linked.error().message.find("fd_write"), std::string::npos);
}

TEST_F(WasiLinkTest, ProcExitEndsWithItsStatus) {
  // importer(proc_exit) + func 1: () -> () { i32.const 7; call 0 } exported as _start.
  std::vector<uint8_t> bytes = importer("wasi_snapshot_preview1", "proc_exit", kI32ToVoid);
  bytes[9] = 0x08;   // type section size grows by 3
  bytes[10] = 0x02;  // two types
  bytes.insert(bytes.begin() + 15, {0x60, 0x00, 0x00});
  const std::vector<uint8_t> tail{0x03, 0x02, 0x01, 0x01,  // func section: func 1 has type 1
                                  0x07, 0x0a, 0x01, 0x06, '_',  's',  't',  'a', 'r', 't', 0x00,
                                  0x01,                                      // export _start
                                  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07,  // code: i32.const 7
                                  0x10, 0x00, 0x0b};                         // call 0; end
  bytes.insert(bytes.end(), tail.begin(), tail.end());
  auto compiled = engine_.load(bytes);
  ASSERT_TRUE(compiled) << compiled.error().toString();
  wasm::Store store(engine_.executor());
  auto linked = link(store, (*compiled)->module);
  ASSERT_TRUE(linked) << linked.error().toString();
  auto inst = wasm::instantiate(store, *compiled, *linked);
  ASSERT_TRUE(inst) << inst.error().toString();
  auto result = store.invoke((*inst)->findExport("_start")->func, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, wasm::TrapKind::kExit);
  EXPECT_EQ(result.error().exit_code, 7);
}

TEST_F(WasiLinkTest, RegistersOnce) {
  EXPECT_FALSE(addToLinker(linker_, *ctx_));
  EXPECT_EQ(wasiHostModule(*ctx_).fieldNames().size(), wasiFunctionNames().size());
}

// WASI and another host module side by side: _start calls lichen.answer, then proc_exit with
// what it answered.
TEST_F(WasiLinkTest, LinksBesideAnotherHostModule) {
  using namespace wasm::test;
  ModuleBuilder m;
  m.section(1, vec({funcType({kI32}, {}), funcType({}, {kI32}), funcType({}, {})}));
  m.section(2, vec({cat({str("wasi_snapshot_preview1"), str("proc_exit"), {0x00}, uleb(0)}),
                    cat({str("lichen"), str("answer"), {0x00}, uleb(1)})}));
  m.section(3, vec({uleb(2)}));
  m.section(7, vec({cat({str("_start"), {0x00}, uleb(2)})}));
  m.section(10, vec({body({}, {0x10, 0x01, 0x10, 0x00, 0x0B})}));  // call 1; call 0; end
  auto compiled = engine_.load(m.bytes());
  ASSERT_TRUE(compiled) << compiled.error().toString();

  wasm::Store store(engine_.executor());
  EXPECT_FALSE(linker_.instantiate(store, *compiled));  // "lichen" is not registered yet
  wasm::HostModule lichen("lichen");
  lichen.func("answer", wasm::FuncType{{}, {wasm::ValType::kI32}},
              [](wasm::HostCall&, uint64_t* io) -> Expected<void, wasm::Trap> {
                io[0] = 42;
                return {};
              });
  ASSERT_TRUE(linker_.addHostModule(std::move(lichen)));
  auto inst = linker_.instantiate(store, *compiled);
  ASSERT_TRUE(inst) << inst.error().toString();
  auto result = store.invoke((*inst)->findExport("_start")->func, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, wasm::TrapKind::kExit);
  EXPECT_EQ(result.error().exit_code, 42);
}

}  // namespace
}  // namespace lichen::wasi
