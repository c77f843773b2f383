// middleware.http.wasm, import by import, the way the http-wasm TCK exercises a host: each
// request path selects one case of tests/guests/http_wasm/abi_guest.c.
#include "wasm_middleware_fixture.h"

namespace lichen::components {
namespace {

TEST_F(WasmMiddlewareTest, PassesThroughUnchanged) {
  auto request = get("/anything?q=1");
  request.headers = {{"a", "1"}};
  request.body = "data";
  auto response = send(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "GET /anything?q=1|a=1;|data");
  EXPECT_EQ(header(response, "x-echo"), "1");
}

TEST_F(WasmMiddlewareTest, RequestAccessors) {
  EXPECT_EQ(send(get("/config")).body, "the config");
  EXPECT_EQ(send(get("/method")).body, "GET HTTP/1.1");
  EXPECT_EQ(send(get("/uri?a=b%20c")).body, "/uri?a=b%20c");
  EXPECT_EQ(send(get("/source")).body, "127.0.0.1:4321");
  // Buffering both ways is offered; trailers are not (Lichen's transports carry none).
  EXPECT_EQ(send(get("/features")).body, "0:3");
}

TEST_F(WasmMiddlewareTest, BufLimitWritesNothingWhenTheValueDoesNotFit) {
  // get_uri with a limit of 3 for a 10-byte URI: the length, and the buffer untouched.
  EXPECT_EQ(send(get("/buf_limit")).body, "10:########");
}

TEST_F(WasmMiddlewareTest, RewritesMethodAndUriBeforeNext) {
  EXPECT_EQ(send(get("/rewrite")).body, "PUT /rewritten?x=1||");
}

TEST_F(WasmMiddlewareTest, HeaderNamesAndMultipleValuesAsCountLen) {
  auto request = get("/header_names");
  request.headers = {{"a", "1"}, {"x-multi", "p"}, {"x-multi", "q"}};
  EXPECT_EQ(send(request).body, "2:10:a,x-multi,");
  request.uri = "/header_values";  // looked up case-insensitively
  EXPECT_EQ(send(request).body, "2:4:p,q,");
  request.uri = "/header_values_small";  // a limit of 0: the count and length only
  EXPECT_EQ(send(request).body, "2:4");
}

TEST_F(WasmMiddlewareTest, SetAddAndRemoveHeaders) {
  auto request = get("/set_headers");
  request.headers = {{"x-set", "old"}, {"x-remove", "gone"}, {"keep", "1"}};
  auto response = send(request);
  EXPECT_EQ(response.body, "GET /set_headers|keep=1;x-add=a;x-add=b;x-set=one;|");
  EXPECT_EQ(header(response, "x-from-guest"), "yes");  // set before next, kept after it
}

TEST_F(WasmMiddlewareTest, TrailersAreNotOfferedAndWritingOneTraps) {
  EXPECT_EQ(send(get("/trailers")).body, "0:0");
  auto trapped = send(get("/set_trailer"));
  EXPECT_EQ(trapped.status, 500);
  EXPECT_NE(trapped.body.find("trailers are not supported"), std::string::npos) << trapped.body;
}

TEST_F(WasmMiddlewareTest, ReadBodyIsAStatefulStreamWithEofLen) {
  auto request = get("/read_body");
  request.body = "abcdefgh";
  EXPECT_EQ(send(request).body, "3:abcdefgh");  // 3 + 3 + 2 bytes, EOF on the third
  request.body = "";
  EXPECT_EQ(send(request).body, "1:");
}

TEST_F(WasmMiddlewareTest, BodyBufferingDecidesWhatNextSees) {
  auto request = get("/consume");
  request.body = "abcdef";
  EXPECT_EQ(send(request).body, "GET /consume||cdef");  // read without buffering: consumed
  request.uri = "/buffer_request";
  EXPECT_EQ(send(request).body, "GET /buffer_request||abcdef");
  request.uri = "/write_request";  // the first write replaces the body, the next appends
  EXPECT_EQ(send(request).body, "GET /write_request||new body");
}

TEST_F(WasmMiddlewareTest, NextZeroShortCircuits) {
  auto response = send(get("/short"));
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "short");
  EXPECT_EQ(header(response, "x-short"), "1");
  EXPECT_EQ(header(response, "x-echo"), "");  // the next handler never ran
}

TEST_F(WasmMiddlewareTest, BufferedResponseCanBeRewrittenWithTheRequestContext) {
  auto response = send(get("/status"));
  EXPECT_EQ(response.status, 299);
  EXPECT_EQ(response.body, "ctx=42 err=0 status=200 body=GET /status||");
  EXPECT_EQ(header(response, "x-rewritten"), "1");
  EXPECT_EQ(header(response, "x-echo"), "1");
}

TEST_F(WasmMiddlewareTest, MisuseTrapsAndFailsOnlyThatRequest) {
  for (const char* path : {"/unbuffered_status", "/after_next", "/read_zero", "/bad_kind",
                           "/bad_header", "/bad_pointer", "/trap"}) {
    auto response = send(get(path));
    EXPECT_EQ(response.status, 500) << path;
    EXPECT_NE(response.body.find("wasm middleware abi: handle_"), std::string::npos)
        << path << ": " << response.body;
    // The next request gets a sound instance.
    EXPECT_EQ(send(get("/config")).body, "the config") << "after " << path;
  }
}

TEST_F(WasmMiddlewareTest, LogNeverTraps) { EXPECT_EQ(send(get("/log")).body, "10"); }

}  // namespace
}  // namespace lichen::components
