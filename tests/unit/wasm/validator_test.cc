// Validator: typing rules, the polymorphic stack, multi-value blocks, references, data count.
#include "wasm/validate/validator.h"

#include <gtest/gtest.h>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/binary/decoder.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::kI32;
using test::kI64;

Result<void> validateBytes(const Bytes& b) {
  auto m = decodeModule(b);
  if (!m) return Unexpected(m.error());
  return validateModule(*m);
}

Result<void> validateFunc(Bytes params, Bytes results, const Bytes& code, int pages = -1) {
  return validateBytes(test::singleFunctionModule(
      test::funcType(std::move(params), std::move(results)), test::body({}, code), pages));
}

TEST(Validator, AcceptsWellTypedCode) {
  EXPECT_TRUE(validateFunc({kI32, kI32}, {kI32}, {0x20, 0, 0x20, 1, 0x6A, 0x0B}));
}

TEST(Validator, RejectsTypeMismatchWithOffset) {
  // i32.add of an i32 and an i64.
  auto r = validateFunc({kI32, kI64}, {kI32}, {0x20, 0, 0x20, 1, 0x6A, 0x0B});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::kValidate);
  EXPECT_NE(r.error().message.find("type mismatch"), std::string::npos);
  EXPECT_GT(r.error().offset, 0u);
}

TEST(Validator, StackIsPolymorphicAfterUnreachableAndBranches) {
  EXPECT_TRUE(validateFunc({}, {kI32}, {0x00, 0x6A, 0x0B}));  // unreachable; i32.add
  // i32.const 0; return; drop; drop: after return the stack is polymorphic
  EXPECT_TRUE(validateFunc({}, {kI32}, {0x41, 0, 0x0F, 0x1A, 0x1A, 0x0B}));
}

TEST(Validator, UnreachableDoesNotForgiveWrongTypesThatArePresent) {
  // unreachable; i64.const 0; i32.add: the i64 is known, so this is invalid.
  EXPECT_FALSE(validateFunc({}, {kI32}, {0x00, 0x42, 0x00, 0x6A, 0x0B}));
}

TEST(Validator, MultiValueBlocksWithTypeIndices) {
  using test::cat;
  using test::vec;
  // type 0: [] -> [i32]; type 1: [i32 i32] -> [i32 i32]
  test::ModuleBuilder m;
  m.section(1, vec({test::funcType({}, {kI32}), test::funcType({kI32, kI32}, {kI32, kI32})}));
  m.section(3, vec({test::uleb(0)}));
  // i32.const 1; i32.const 2; block (type 1) end; i32.add
  m.section(10, vec({test::body({}, {0x41, 1, 0x41, 2, 0x02, 0x01, 0x0B, 0x6A, 0x0B})}));
  EXPECT_TRUE(validateBytes(m.bytes()));
}

TEST(Validator, BrTableTargetsMustAgreeInArity) {
  // block (result i32) block ... br_table 0 1 (arity 0 vs 1)
  auto r = validateFunc(
      {}, {kI32}, {0x02, kI32, 0x02, 0x40, 0x41, 0, 0x0E, 1, 0, 1, 0x0B, 0x41, 0, 0x0B, 0x0B});
  EXPECT_FALSE(r);
}

TEST(Validator, UntypedSelectRejectsReferences) {
  // ref.null func; ref.null func; i32.const 1; select
  EXPECT_FALSE(validateFunc({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 1, 0x1B, 0x1A, 0x0B}));
  // typed select accepts them
  EXPECT_TRUE(validateFunc({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 1, 0x1C, 1, 0x70, 0x1A, 0x0B}));
}

TEST(Validator, RefFuncNeedsADeclaration) {
  // ref.func 0 inside function 0, with no element segment or export declaring it... but the
  // single-function module exports "f" = function 0, which declares it.
  EXPECT_TRUE(validateFunc({}, {}, {0xD2, 0x00, 0x1A, 0x0B}));
  test::ModuleBuilder m;  // same body, no export: undeclared
  m.section(1, test::vec({test::funcType({}, {})}));
  m.section(3, test::vec({test::uleb(0)}));
  m.section(10, test::vec({test::body({}, {0xD2, 0x00, 0x1A, 0x0B})}));
  auto r = validateBytes(m.bytes());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("undeclared"), std::string::npos);
}

TEST(Validator, MemoryInitRequiresDataCount) {
  // i32.const 0 x3; memory.init 0 0, with one passive data segment and no data count section:
  // the binary is malformed.
  const Bytes code = {0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 8, 0, 0, 0x0B};
  test::ModuleBuilder b;
  b.section(1, test::vec({test::funcType({}, {})}));
  b.section(3, test::vec({test::uleb(0)}));
  b.section(5, test::vec({{0x00, 0x01}}));
  b.section(10, test::vec({test::body({}, code)}));
  b.section(11, test::vec({{0x01, 0x00}}));  // passive, no bytes
  auto r = validateBytes(b.bytes());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::kDecode);
  EXPECT_NE(r.error().message.find("data count section required"), std::string::npos);
  // With no segment at all the index itself is unknown: invalid, as the testsuite expects.
  r = validateFunc({}, {}, code, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::kValidate);
  EXPECT_NE(r.error().message.find("unknown data segment"), std::string::npos);
}

TEST(Validator, AlignmentFlagsBeyond31AreMalformed) {
  // i32.const 0; i32.load align=2^e; drop
  auto load = [](uint8_t e) { return validateFunc({}, {}, {0x41, 0, 0x28, e, 0, 0x1A, 0x0B}, 1); };
  auto r = load(31);  // encodable, larger than natural: invalid
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::kValidate);
  for (uint8_t e : {32, 33, 63, 64}) {
    r = load(e);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().phase, Phase::kDecode) << int{e};
    EXPECT_NE(r.error().message.find("malformed memop flags"), std::string::npos);
  }
  EXPECT_TRUE(load(2));
}

TEST(Validator, ConstantExpressionsAndLimits) {
  using test::cat;
  test::ModuleBuilder g;  // global i32 initialised by an i64
  g.section(6, test::vec({cat({{kI32, 0x00}, {0x42, 0x00, 0x0B}})}));
  EXPECT_FALSE(validateBytes(g.bytes()));
  test::ModuleBuilder mem;  // memory min > max
  mem.section(5, test::vec({{0x01, 0x02, 0x01}}));
  EXPECT_FALSE(validateBytes(mem.bytes()));
  test::ModuleBuilder big;  // memory over 65536 pages
  big.section(5, test::vec({cat({{0x00}, test::uleb(65537)})}));
  EXPECT_FALSE(validateBytes(big.bytes()));
}

TEST(Validator, DeepNestingDoesNotRecurseOnTheHostStack) {
  constexpr int kDepth = 100000;
  Bytes code;
  for (int i = 0; i < kDepth; ++i) code.insert(code.end(), {0x02, 0x40});  // block
  for (int i = 0; i < kDepth; ++i) code.push_back(0x0B);                   // end
  code.push_back(0x0B);
  EXPECT_TRUE(validateFunc({}, {}, code));
}

TEST(Validator, MissingEndIsRejected) {
  EXPECT_FALSE(validateFunc({}, {}, {0x01}));              // nop, then the body ends
  EXPECT_FALSE(validateFunc({}, {}, {0x0B, 0x01}));        // code after the final end
  EXPECT_FALSE(validateFunc({}, {}, {0x02, 0x40, 0x0B}));  // block never closed
}

}  // namespace
}  // namespace lichen::wasm
