// Loading a Wasm app: a module that imports a `lichen` function this host does not have is
// refused with words that point at the likely cause (an app built for a newer ABI), not only
// "unknown import".
#include <fstream>

#include "app/wasm_app.h"
#include "tests/unit/app/app_test_runtime.h"

namespace lichen::app {
namespace {

class WasmAppLoadTest : public test::AppRuntimeTest {};

TEST_F(WasmAppLoadTest, AnImportFromANewerAbiIsNamed) {
  // (module (import "lichen" "state_get_v9" (func (result i32)))), assembled by hand.
  const unsigned char bytes[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,            // magic, version
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,                  // type 0: () -> i32
      0x02, 0x17, 0x01, 0x06, 'l',  'i',  'c',  'h',  'e', 'n',  // import "lichen"
      0x0c, 's',  't',  'a',  't',  'e',  '_',  'g',  'e', 't',  //   "state_get_v9"
      '_',  'v',  '9',  0x00, 0x00};                             //   func, type 0
  const std::string file = (dir_ / "newer.wasm").string();
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes), sizeof bytes);
  WasmAppOptions options;
  options.file = file;
  options.app_id = "newer";
  auto loaded = WasmApp::load(options, *runtime_);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find("imports \"lichen\" \"state_get_v9\""), std::string::npos)
      << loaded.error();
  EXPECT_NE(loaded.error().find("newer lichen ABI (this lichen serves versions 1 to "),
            std::string::npos)
      << loaded.error();
}

}  // namespace
}  // namespace lichen::app
