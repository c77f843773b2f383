// docs/host-abi.md is the ABI's specification: every import in its table must exist in the
// `lichen` host module with the documented signature, and the module must have nothing the
// table leaves out.
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "app/host_abi.h"
#include "tests/unit/app/app_test_runtime.h"

namespace lichen::app {
namespace {

// "| `name` | `(a: i32, b: i32) -> i32` | ..." rows of the imports table, as wasm types.
std::map<std::string, wasm::FuncType> documentedImports() {
  std::ifstream in(LICHEN_HOST_ABI_DOC);
  std::string line;
  bool in_imports = false;
  std::map<std::string, wasm::FuncType> out;
  const std::regex kRow(R"(^\| `([a-z_0-9]+)` \| `\(([^)]*)\) -> ([a-z0-9()]+)` \|)");
  const std::regex kParam(R"([a-z_]+: (i32|i64|f32|f64))");
  auto type = [](const std::string& t) {
    if (t == "i64") return wasm::ValType::kI64;
    if (t == "f32") return wasm::ValType::kF32;
    if (t == "f64") return wasm::ValType::kF64;
    return wasm::ValType::kI32;
  };
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) in_imports = line.starts_with("## Imports");
    std::smatch m;
    if (!in_imports || !std::regex_search(line, m, kRow)) continue;
    wasm::FuncType ft;
    std::string params = m[2];
    for (std::sregex_iterator it(params.begin(), params.end(), kParam), end; it != end; ++it) {
      ft.params.push_back(type((*it)[1]));
    }
    if (m[3] != "()") ft.results.push_back(type(m[3]));
    out[m[1]] = ft;
  }
  return out;
}

using HostAbiDocTest = test::AppRuntimeTest;

TEST_F(HostAbiDocTest, EveryDocumentedImportExistsWithItsSignature) {
  auto documented = documentedImports();
  ASSERT_GE(documented.size(), 18u) << "the table in " << LICHEN_HOST_ABI_DOC << " was not read";
  wasm::HostModule module = lichenHostModule(*runtime_, outbound_);
  EXPECT_EQ(module.name(), "lichen");
  for (const auto& [name, type] : documented) {
    const wasm::HostFuncDef* def = module.find(name);
    ASSERT_NE(def, nullptr) << name << " is documented but the host has no such function";
    EXPECT_EQ(wasm::funcTypeToString(def->type), wasm::funcTypeToString(type))
        << name << ": the host's signature differs from docs/host-abi.md";
  }
  for (std::string_view name : module.fieldNames()) {
    EXPECT_TRUE(documented.contains(std::string(name)))
        << name << " is provided but not documented in docs/host-abi.md";
  }
}

}  // namespace
}  // namespace lichen::app
