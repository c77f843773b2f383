// Decoder: every section kind, LEB128 edge cases, names, and hostile or truncated input.
#include "wasm/binary/decoder.h"

#include <gtest/gtest.h>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/binary/reader.h"

namespace lichen::wasm {
namespace {

using test::Bytes;
using test::ModuleBuilder;

Error decodeFails(const Bytes& b) {
  auto r = decodeModule(b);
  EXPECT_FALSE(r.has_value());
  return r ? Error{} : r.error();
}

TEST(Decoder, RejectsBadMagicAndVersionWithOffsets) {
  Error e = decodeFails({0x00, 0x61, 0x73});
  EXPECT_EQ(e.phase, Phase::kDecode);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_NE(e.message.find("magic"), std::string::npos);
  e = decodeFails({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00});
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("version"), std::string::npos);
}

TEST(Decoder, EmptyModuleIsValid) {
  auto m = decodeModule(ModuleBuilder().bytes());
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->funcs.empty());
}

TEST(Reader, Leb128EdgeCases) {
  auto u32 = [](Bytes b) { return Reader(b).u32(); };
  EXPECT_EQ(*u32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFu);
  EXPECT_EQ(*u32({0x80, 0x80, 0x80, 0x80, 0x00}), 0u);  // padded but within 5 bytes
  EXPECT_NE(u32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error().message.find("too long"),
            std::string::npos);
  EXPECT_NE(u32({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}).error().message.find("too large"),
            std::string::npos);           // unused bits set
  EXPECT_FALSE(u32({0x80}).has_value());  // truncated
  auto s32 = [](Bytes b) { return Reader(b).s32(); };
  EXPECT_EQ(*s32({0x7F}), -1);
  EXPECT_EQ(*s32({0x80, 0x80, 0x80, 0x80, 0x78}), INT32_MIN);
  EXPECT_FALSE(s32({0x80, 0x80, 0x80, 0x80, 0x70}).has_value());  // sign bits disagree
  auto s64 = [](Bytes b) { return Reader(b).s64(); };
  EXPECT_EQ(*s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}), INT64_MIN);
  EXPECT_FALSE(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}).has_value());
}

TEST(Reader, Utf8Validity) {
  EXPECT_TRUE(isValidUtf8(Bytes{'a', 0xC3, 0xA9}));
  EXPECT_FALSE(isValidUtf8(Bytes{0xC0, 0x80}));              // overlong
  EXPECT_FALSE(isValidUtf8(Bytes{0xED, 0xA0, 0x80}));        // surrogate
  EXPECT_FALSE(isValidUtf8(Bytes{0xF4, 0x90, 0x80, 0x80}));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8(Bytes{0xE2, 0x82}));              // truncated
}

TEST(Decoder, HugeCountsFailWithoutAllocating) {
  // A type section claiming 2^32-1 entries in 5 bytes of content.
  ModuleBuilder m;
  m.section(1, test::uleb(0xFFFFFFFF));
  Error e = decodeFails(m.bytes());
  EXPECT_EQ(e.phase, Phase::kDecode);
  // Locals: two runs of 2^31 each overflow any sane limit.
  ModuleBuilder l;
  l.section(1, test::vec({test::funcType({}, {})}));
  l.section(3, test::vec({test::uleb(0)}));
  l.section(
      10, test::vec({test::body({{0x80000000u, test::kI32}, {0x80000000u, test::kI32}}, {0x0B})}));
  e = decodeFails(l.bytes());
  EXPECT_NE(e.message.find("too many locals"), std::string::npos);
}

TEST(Decoder, TruncatedAndMisorderedSections) {
  Bytes b = ModuleBuilder().bytes();
  b.insert(b.end(), {0x01, 0x10, 0x00});  // claims 16 bytes, has 1
  EXPECT_NE(decodeFails(b).message.find("unexpected end"), std::string::npos);

  ModuleBuilder twice;
  twice.section(1, test::vec({})).section(1, test::vec({}));
  EXPECT_NE(decodeFails(twice.bytes()).message.find("unexpected content"), std::string::npos);

  ModuleBuilder bad_id;
  bad_id.section(13, {});
  EXPECT_NE(decodeFails(bad_id.bytes()).message.find("section id"), std::string::npos);

  ModuleBuilder mismatch;  // a function without a body
  mismatch.section(1, test::vec({test::funcType({}, {})})).section(3, test::vec({test::uleb(0)}));
  EXPECT_NE(decodeFails(mismatch.bytes()).message.find("inconsistent"), std::string::npos);
}

TEST(Decoder, InvalidUtf8ImportNameIsMalformed) {
  ModuleBuilder m;
  m.section(2, test::vec({test::cat({Bytes{1, 0xFF}, test::str("x"), {0x03, test::kI32, 0x00}})}));
  Error e = decodeFails(m.bytes());
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(e.offset, 12u);  // magic+version(8) + section id and size(2) + count(1) + length(1)
}

TEST(Decoder, AllElementAndDataEncodings) {
  using test::cat;
  using test::uleb;
  const Bytes offset0 = {0x41, 0x00, 0x0B};             // i32.const 0; end
  const Bytes funcs = test::vec({uleb(0)});             // [func 0]
  const Bytes exprs = test::vec({{0xD2, 0x00, 0x0B}});  // [ref.func 0]
  ModuleBuilder m;
  m.section(1, test::vec({test::funcType({}, {})}));
  m.section(3, test::vec({uleb(0)}));
  m.section(4, test::vec({{test::kFuncRef, 0x00, 0x01}}));
  m.section(5, test::vec({{0x00, 0x01}}));
  m.section(9, test::vec({cat({{0x00}, offset0, funcs}), cat({{0x01, 0x00}, funcs}),
                          cat({{0x02, 0x00}, offset0, {0x00}, funcs}), cat({{0x03, 0x00}, funcs}),
                          cat({{0x04}, offset0, exprs}), cat({{0x05, test::kFuncRef}, exprs}),
                          cat({{0x06, 0x00}, offset0, {test::kFuncRef}, exprs}),
                          cat({{0x07, test::kFuncRef}, exprs})}));
  m.section(12, uleb(3));
  m.section(10, test::vec({test::body({}, {0x0B})}));
  m.section(11, test::vec({cat({{0x00}, offset0, test::str("ab")}), cat({{0x01}, test::str("c")}),
                           cat({{0x02, 0x00}, offset0, test::str("")})}));
  auto r = decodeModule(m.bytes());
  ASSERT_TRUE(r.has_value()) << r.error().toString();
  ASSERT_EQ(r->elems.size(), 8u);
  const SegmentMode modes[] = {SegmentMode::kActive, SegmentMode::kPassive, SegmentMode::kActive,
                               SegmentMode::kDeclarative};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(r->elems[i].mode, modes[i % 4]) << i;
    EXPECT_EQ(r->elems[i].inits.size(), 1u);
  }
  ASSERT_EQ(r->datas.size(), 3u);
  EXPECT_EQ(r->datas[1].mode, SegmentMode::kPassive);
  EXPECT_EQ(r->datas[0].bytes, (Bytes{'a', 'b'}));
}

TEST(Decoder, NameSectionGivesFunctionNames) {
  using test::cat;
  const Bytes names = cat({test::str("name"),
                           {0x01},
                           test::uleb(7),
                           test::vec({cat({test::uleb(0), test::str("main")})})});
  ModuleBuilder m;
  m.section(1, test::vec({test::funcType({}, {})}));
  m.section(3, test::vec({test::uleb(0)}));
  m.section(10, test::vec({test::body({}, {0x0B})}));
  m.section(0, names);
  auto r = decodeModule(m.bytes());
  ASSERT_TRUE(r.has_value()) << r.error().toString();
  EXPECT_EQ(r->func_names.at(0), "main");
}

TEST(Decoder, EveryTruncationOfAValidModuleFailsCleanly) {
  Bytes full = test::singleFunctionModule(test::funcType({test::kI32}, {test::kI32}),
                                          test::body({{1, test::kI64}}, {0x20, 0x00, 0x0B}), 1);
  ASSERT_TRUE(decodeModule(full).has_value());
  for (size_t n = 0; n < full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + n);
    auto r = decodeModule(cut);
    if (n == 8 || n == 16) continue;  // header alone, or header + type section: valid
    EXPECT_FALSE(r.has_value()) << "prefix of " << n << " bytes";
  }
}

}  // namespace
}  // namespace lichen::wasm
