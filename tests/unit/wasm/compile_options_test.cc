// The interpreter compiler's rewrites switch. Differential fuzzing compares the rewritten code
// (lazy operands, retargeted results, fused compare-and-branch, immediates) against plain code,
// so both must compute the same, and plain code must really be plain.
#include <gtest/gtest.h>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/engine/engine.h"
#include "wasm/interp/compiler.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::kI32;

// sum(n) = 0 + 1 + ... + (n - 1), a loop whose every instruction has a rewrite.
const Bytes kSumLoop = {
    0x03, 0x40,                             // loop
    0x20, 2,    0x20, 1,    0x6A, 0x21, 2,  //   s = s + i       (retargeted into s)
    0x20, 1,    0x41, 1,    0x6A, 0x22, 1,  //   tee i = i + 1   (immediate)
    0x20, 0,    0x48, 0x0D, 0,              //   br_if i < n     (fused)
    0x0B, 0x20, 2,    0x0B,                 // end; s
};

// The loop parameter is set into a local right at the loop head: the result of the `add`
// before the loop must not be retargeted into that local, or back edges lose the value.
Bytes loopParamModule() {
  const Bytes code = {
      0x20, 0,    0x41, 1, 0x6A,           // n + 1
      0x03, 0x01,                          // loop (param i32)
      0x21, 1,                             //   p = the loop parameter
      0x20, 2,    0x41, 1, 0x6A, 0x21, 2,  //   count += 1
      0x20, 1,    0x41, 1, 0x6B,           //   p - 1
      0x20, 1,    0x0D, 0,                 //   br_if p != 0, passing p - 1
      0x1A, 0x0B,                          // drop; end
      0x20, 2,    0x0B,                    // count
  };
  test::ModuleBuilder m;
  m.section(1, test::vec({test::funcType({kI32}, {kI32}), test::funcType({kI32}, {})}));
  m.section(3, test::vec({test::uleb(0)}));
  m.section(7, test::vec({test::cat({test::str("f"), {0x00}, test::uleb(0)})}));
  m.section(10, test::vec({test::body({{2, kI32}}, code)}));
  return m.bytes();
}

size_t codeWords(const CompiledModule& m) {
  return static_cast<const interp::ModuleCode*>(m.code_owner.get())->words.size();
}

class CompileOptionsTest : public ::testing::TestWithParam<bool> {
 protected:
  uint32_t run(const Bytes& bytes, uint32_t arg) {
    auto m = engine_.load(bytes);
    EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().toString());
    if (!m) return 0;
    auto inst = instantiate(store_, *m, {});
    EXPECT_TRUE(inst.has_value());
    if (!inst) return 0;
    store_.limits().fuel = 1'000'000;  // a miscompiled loop may not end
    auto r = store_.invoke((*inst)->findExport("f")->func, std::vector{Value::i32(arg)});
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().toString());
    return r ? (*r)[0].asU32() : 0;
  }

  Engine engine_{interp::CompileOptions{.rewrites = GetParam()}};
  Store store_{engine_.executor()};
};

TEST_P(CompileOptionsTest, LoopWithEveryRewriteComputesTheSame) {
  const Bytes module =
      test::singleFunctionModule(test::funcType({kI32}, {kI32}), test::body({{2, kI32}}, kSumLoop));
  EXPECT_EQ(run(module, 10), 45u);
  EXPECT_EQ(run(module, 1000), 499500u);
}

TEST_P(CompileOptionsTest, LoopParameterSetAtTheLoopHeadSurvivesBackEdges) {
  EXPECT_EQ(run(loopParamModule(), 3), 5u);  // p = 4, 3, 2, 1, 0
}

// A comparison with a constant that no branch consumes is emitted with the constant in a slot:
// an i64 one must be sign-extended from its 32-bit immediate form (found by difffuzz).
TEST_P(CompileOptionsTest, I64ComparisonWithANegativeConstantNotBranchedOn) {
  const Bytes code = {0x20, 0, 0xAC, 0x42, 0xB2, 0x7F, 0x59, 0x0B};  // i64(x) >=s -78
  const Bytes module =
      test::singleFunctionModule(test::funcType({kI32}, {kI32}), test::body({}, code));
  EXPECT_EQ(run(module, 33), 1u);
  EXPECT_EQ(run(module, static_cast<uint32_t>(-256)), 0u);
}

INSTANTIATE_TEST_SUITE_P(Rewrites, CompileOptionsTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "On" : "Off"; });

TEST(CompileOptions, PlainCodeMaterialisesEveryValue) {
  const Bytes module =
      test::singleFunctionModule(test::funcType({kI32}, {kI32}), test::body({{2, kI32}}, kSumLoop));
  Engine rewriting;
  Engine plain(interp::CompileOptions{.rewrites = false});
  auto a = rewriting.load(module);
  auto b = plain.load(module);
  ASSERT_TRUE(a.has_value() && b.has_value());
  // Rewritten, the loop body is three instructions of four words; plain code copies each of
  // its seven operands to the stack first.
  EXPECT_GT(codeWords(**b), codeWords(**a) + 7 * 3);
}

}  // namespace
}  // namespace lichen::wasm
