#include "common/status.h"

#include <gtest/gtest.h>

namespace lichen {
namespace {

TEST(StatusTest, TableMapsDaprCodes) {
  EXPECT_EQ(statusInfo(StatusCode::kStateStoreNotFound).http_status, 400);
  EXPECT_EQ(statusInfo(StatusCode::kStateStoreNotFound).error_code, "ERR_STATE_STORE_NOT_FOUND");
  EXPECT_EQ(statusInfo(StatusCode::kStateSaveEtagMismatch).http_status, 409);
  EXPECT_EQ(statusInfo(StatusCode::kStateSaveEtagMismatch).error_code, "ERR_STATE_SAVE");
  EXPECT_EQ(statusInfo(StatusCode::kStateDeleteEtagInvalid).http_status, 400);
  EXPECT_EQ(statusInfo(StatusCode::kSecretStoreNotFound).http_status, 401);
  EXPECT_EQ(statusInfo(StatusCode::kStateIllegalKey).error_code, "ERR_MALFORMED_REQUEST");
  EXPECT_EQ(statusInfo(StatusCode::kStateIllegalKey).reason, "DAPR_STATE_ILLEGAL_KEY");
}

TEST(StatusTest, DefaultIsOkAndContextKeepsCode) {
  EXPECT_TRUE(Status().ok());
  Status s(StatusCode::kStateGet, "boom");
  Status c = s.withContext("outer");
  EXPECT_EQ(c.message(), "outer: boom");
  EXPECT_EQ(c.code(), StatusCode::kStateGet);
  EXPECT_EQ(c.withCode(StatusCode::kInternal).code(), StatusCode::kInternal);
}

StatusOr<int> half(int x) {
  if (x % 2) return fail(StatusCode::kBadRequest, "odd");
  return x / 2;
}

StatusOr<int> quarter(int x) {
  LICHEN_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

TEST(StatusTest, ExpectedPropagates) {
  EXPECT_EQ(*quarter(8), 2);
  auto bad = quarter(6);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "odd");
}

}  // namespace
}  // namespace lichen
