// The ABI's list encoding: what a guest builds decodes to the same entries, and a list that
// ends inside an entry (or pairs with an odd count) is refused rather than read past its end.
#include "app/abi_list.h"

#include <gtest/gtest.h>

namespace lichen::app {
namespace {

TEST(AbiList, EntriesRoundTripIncludingEmptyAndBinaryOnes) {
  std::string list;
  appendEntry(list, "key");
  appendEntry(list, "");
  appendEntry(list, std::string("a\0b", 3));
  EXPECT_EQ(list.size(), 4 + 3 + 4 + 0 + 4 + 3);
  EXPECT_EQ(list.substr(0, 4), std::string("\x03\0\0\0", 4));  // little-endian length
  auto entries = decodeList(list);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, (std::vector<std::string>{"key", "", std::string("a\0b", 3)}));
  EXPECT_EQ(decodeList("")->size(), 0u);
}

TEST(AbiList, TruncatedListsAreRefused) {
  std::string list;
  appendEntry(list, "value");
  for (size_t cut = 1; cut < list.size(); ++cut) {
    EXPECT_FALSE(decodeList(std::string_view(list).substr(0, cut))) << cut;
  }
  // A length that would wrap a 32-bit offset.
  EXPECT_FALSE(
      decodeList(std::string("\xff\xff\xff\xff"
                             "abc",
                             7)));
}

TEST(AbiList, PairsNeedAnEvenCount) {
  AbiPairs pairs{{"ttlInSeconds", "5"}, {"consistency", "strong"}};
  auto decoded = decodePairs(encodePairs(pairs));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, pairs);
  std::string odd;
  appendEntry(odd, "lonely");
  EXPECT_FALSE(decodePairs(odd));
}

}  // namespace
}  // namespace lichen::app
