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

// The spec's rules for a host without trailers: enable_features leaves the bit 0, trailer
// names and values read as none, and any change of a trailer traps.
TEST_F(WasmMiddlewareTest, TrailersAreNotOfferedAndWritingOneTraps) {
  auto request = get("/trailers");
  request.headers = {{"x-t", "a header, not a trailer"}};
  EXPECT_EQ(send(request).body, "0:0:0:0:0");
  for (const char* path : {"/set_trailer", "/add_trailer", "/remove_trailer"}) {
    auto trapped = send(get(path));
    EXPECT_EQ(trapped.status, 500) << path;
    EXPECT_NE(trapped.body.find("trailers are not supported"), std::string::npos) << trapped.body;
  }
}

TEST_F(WasmMiddlewareTest, ReadBodyIsAStatefulStreamWithEofLen) {
  auto request = get("/read_body");
  request.body = "abcdefgh";
  EXPECT_EQ(send(request).body, "3:abcdefgh");  // 3 + 3 + 2 bytes, EOF on the third
  request.body = "";
  EXPECT_EQ(send(request).body, "1:");
}

TEST_F(WasmMiddlewareTest, ReadBodyOfBodiesAroundTheGuestsChunkSize) {
  // The sizes the http-wasm TCK reads: empty, small, and across 2 KiB, 4 KiB and 5000 bytes.
  for (size_t size : {0, 5, 2048, 4096, 5000}) {
    auto request = get("/read_large");
    request.method = "POST";
    request.body = size == 0 ? "" : "<" + std::string(size - 2, 'a') + ">";
    // EOF comes with the read that reaches the end (an empty body: with the first read).
    const size_t chunks = size == 0 ? 1 : (size + 1023) / 1024;
    std::string ends = size == 0 ? "--" : "<>";
    EXPECT_EQ(send(request).body, std::to_string(size) + ":" + std::to_string(chunks) + ":" + ends)
        << size;
  }
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

// One response written by both, as in the reference host: what the guest wrote before next is
// followed by the next handler's body, and a status it set stays.
TEST_F(WasmMiddlewareTest, WhatTheGuestWritesBeforeNextStaysInTheResponse) {
  auto response = send(get("/write_then_next"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "guest;GET /write_then_next||");
  auto status = send(get("/status_then_next"));
  EXPECT_EQ(status.status, 202);
  EXPECT_EQ(status.body, "GET /status_then_next||");
  EXPECT_EQ(header(status, "x-echo"), "1");
}

TEST_F(WasmMiddlewareTest, BufferedResponseCanBeRewrittenWithTheRequestContext) {
  auto response = send(get("/status"));
  EXPECT_EQ(response.status, 299);
  EXPECT_EQ(response.body, "ctx=42 err=0 status=200 body=GET /status||");
  EXPECT_EQ(header(response, "x-rewritten"), "1");
  EXPECT_EQ(header(response, "x-echo"), "1");
}

// handle_response's is_error is 1 when the next handler failed rather than answered.
TEST_F(WasmMiddlewareTest, IsErrorTellsTheGuestTheNextHandlerFailed) {
  auto failing = [](const middleware::HttpRequest&) {
    middleware::HttpResponse response;
    response.status = 500;
    response.body = "app channel: connect: refused";
    response.failed = true;
    return response;
  };
  auto response = middleware_.handle(get("/status"), failing);
  EXPECT_EQ(response.body, "ctx=42 err=1 status=500 body=app channel: connect: refused");
  EXPECT_TRUE(response.failed);  // still an error for the layers further out
  // A 500 the next handler answers is an answer, not an error.
  auto answered = middleware_.handle(get("/status"), [](const middleware::HttpRequest&) {
    return middleware::HttpResponse{500, {}, "an app's own 500"};
  });
  EXPECT_EQ(answered.body, "ctx=42 err=0 status=500 body=an app's own 500");
  EXPECT_FALSE(answered.failed);
}

TEST_F(WasmMiddlewareTest, IsErrorWhenAnInnerMiddlewaresGuestTraps) {
  // Two instances of the guest in a chain: the inner one traps, the outer one is told.
  WasmMiddleware inner;
  auto bytes = wasm::readFileBytes(LICHEN_HTTP_ABI_GUEST);
  ASSERT_TRUE(bytes);
  ASSERT_TRUE(inner.load(std::move(*bytes), "inner", ""));
  auto response = middleware_.handle(get("/status"), [&](const middleware::HttpRequest&) {
    return inner.handle(get("/trap"), echo);
  });
  EXPECT_EQ(response.status, 299);
  EXPECT_NE(response.body.find("ctx=42 err=1 status=500 body=wasm middleware inner: "),
            std::string::npos)
      << response.body;
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
