// A test guest for the http_handler host ABI, in the manner of the http-wasm TCK: the request
// path picks one test, and the guest reports what it saw in the response body (or changes the
// request and lets the next handler echo it). Built as a reactor.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_handler.h"

static char uri[256];
static char out[1024];
static int test_ctx;            // which test handle_response continues (one request at a time)
static uint32_t init_features;  // what enable_features answered at initialisation

// Runs in _initialize: a guest that needs a feature asks for it here, before any request.
__attribute__((constructor)) static void ask_for_trailers(void) {
  init_features = enable_features(4);
}

#define LIT(s) s, (uint32_t)strlen(s)

static void answer(const char* text) { write_body(kResp, text, (uint32_t)strlen(text)); }

static int is(const char* path) { return strcmp(uri, path) == 0; }

// A NUL-terminated list as "count:len:a,b,".
static void describe_list(uint64_t count_len, const char* buf) {
  uint32_t count = (uint32_t)(count_len >> 32), len = (uint32_t)count_len;
  int n = snprintf(out, sizeof out, "%u:%u:", count, len);
  for (uint32_t i = 0; i < len && n < (int)sizeof out - 1; ++i) out[n++] = buf[i] ? buf[i] : ',';
  out[n] = 0;
}

enum { kNext = 1 };
static uint64_t next_with(int ctx) { return ((uint64_t)ctx << 32) | kNext; }

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) {
  char buf[512];
  uint32_t len = get_uri(uri, sizeof uri - 1);
  uri[len < sizeof uri ? len : 0] = 0;
  char* q = strchr(uri, '?');
  if (q && !is("/uri?a=b%20c")) *q = 0;
  if (strcmp(uri, "/uri?a=b%20c") == 0) {
    answer(uri);
  } else if (is("/config")) {
    buf[get_config(buf, sizeof buf - 1)] = 0;
    answer(buf);
  } else if (is("/features")) {
    // Nothing asked, nothing enabled; then each bit answered only when the host supports it.
    uint32_t none = enable_features(0);
    snprintf(out, sizeof out, "%u:%u", none, enable_features(1 | 2 | 4));
    answer(out);
  } else if (is("/method")) {
    buf[get_method(buf, sizeof buf - 1)] = 0;
    len = get_protocol_version(out, sizeof out - 1);
    out[len] = 0;
    strcat(buf, " ");
    strcat(buf, out);
    answer(buf);
  } else if (is("/rewrite")) {
    set_method(LIT("PUT"));
    set_uri(LIT("/rewritten?x=1"));
    return next_with(0);
  } else if (is("/buf_limit")) {
    // Too small a limit writes nothing and still returns the length.
    memset(buf, '#', 8);
    len = get_uri(buf, 3);
    snprintf(out, sizeof out, "%u:%.8s", len, buf);
    answer(out);
  } else if (is("/header_names")) {
    describe_list(get_header_names(kReq, buf, sizeof buf), buf);
    answer(out);
  } else if (is("/header_values")) {
    describe_list(get_header_values(kReq, LIT("X-Multi"), buf, sizeof buf), buf);
    answer(out);
  } else if (is("/header_values_small")) {
    uint64_t cl = get_header_values(kReq, LIT("x-multi"), buf, 0);
    snprintf(out, sizeof out, "%u:%u", (uint32_t)(cl >> 32), (uint32_t)cl);
    answer(out);
  } else if (is("/set_headers")) {
    set_header_value(kReq, LIT("x-set"), LIT("one"));
    add_header_value(kReq, LIT("x-add"), LIT("a"));
    add_header_value(kReq, LIT("x-add"), LIT("b"));
    remove_header(kReq, LIT("x-remove"));
    set_header_value(kResp, LIT("x-from-guest"), LIT("yes"));
    return next_with(0);
  } else if (is("/trailers")) {
    // A host without trailers: the bit stays 0 (at initialisation and per request), and each
    // trailer read is empty: "init:request:names:values:response names".
    uint32_t features = enable_features(4);
    snprintf(out, sizeof out, "%u:%u:%llu:%llu:%llu", init_features & 4, features & 4,
             (unsigned long long)get_header_names(kReqTrailers, buf, sizeof buf),
             (unsigned long long)get_header_values(kReqTrailers, LIT("x-t"), buf, sizeof buf),
             (unsigned long long)get_header_names(kRespTrailers, buf, sizeof buf));
    answer(out);
  } else if (is("/set_trailer")) {
    set_header_value(kRespTrailers, LIT("x-t"), LIT("1"));  // traps: no trailers here
  } else if (is("/add_trailer")) {
    add_header_value(kReqTrailers, LIT("x-t"), LIT("1"));  // traps too
  } else if (is("/remove_trailer")) {
    remove_header(kRespTrailers, LIT("x-t"));  // and so does any change of a trailer
  } else if (is("/write_then_next")) {
    answer("guest;");  // the next handler's body follows in the same response
    return next_with(0);
  } else if (is("/status_then_next")) {
    set_status_code(202);  // sent first: the next handler's status does not replace it
    return next_with(0);
  } else if (is("/read_body")) {
    // Reads in chunks of 3 and reports them: "chunks:eof:content".
    int chunks = 0, n = 0;
    uint64_t eof_len = 0;
    do {
      eof_len = read_body(kReq, buf + n, 3);
      n += (uint32_t)eof_len;
      ++chunks;
    } while (!(eof_len >> 32) && n < 400);
    buf[n] = 0;
    snprintf(out, sizeof out, "%d:%s", chunks, buf);
    answer(out);
  } else if (is("/read_large")) {
    // Reads the whole body in 1 KiB chunks: "bytes:chunks:first..last byte".
    static char large[8192];
    int chunks = 0;
    uint32_t n = read_request_body(large, sizeof large, 1024, &chunks);
    snprintf(out, sizeof out, "%u:%d:%c%c", n, chunks, n ? large[0] : '-', n ? large[n - 1] : '-');
    answer(out);
  } else if (is("/consume")) {
    read_body(kReq, buf, 2);  // without buffer_request the next handler sees the rest
    return next_with(0);
  } else if (is("/buffer_request")) {
    enable_features(1);
    read_body(kReq, buf, 2);
    return next_with(0);
  } else if (is("/write_request")) {
    write_body(kReq, LIT("new "));
    write_body(kReq, LIT("body"));
    return next_with(0);
  } else if (is("/short")) {
    set_status_code(201);
    set_header_value(kResp, LIT("x-short"), LIT("1"));
    answer("short");
  } else if (is("/status")) {
    enable_features(2);
    test_ctx = 1;
    return next_with(42);
  } else if (is("/unbuffered_status")) {
    test_ctx = 2;
    return next_with(7);
  } else if (is("/after_next")) {
    test_ctx = 3;
    enable_features(2);
    return next_with(0);
  } else if (is("/read_zero")) {
    read_body(kReq, buf, 0);
  } else if (is("/bad_kind")) {
    get_header_names(9, buf, sizeof buf);
  } else if (is("/bad_header")) {
    set_header_value(kResp, LIT("x-split"), LIT("a\r\nset-cookie: evil"));  // traps
  } else if (is("/bad_pointer")) {
    get_uri((char*)0xfffffff0, 64);
  } else if (is("/log")) {
    log_message(0, LIT("hello from the guest\n\x01"));
    log_message(0, (const char*)0xfffffff0, 64);  // ignored, never a trap
    snprintf(out, sizeof out, "%u%u", log_enabled(2), log_enabled(3));
    answer(out);
  } else if (is("/source")) {
    buf[get_source_addr(buf, sizeof buf - 1)] = 0;
    answer(buf);
  } else if (is("/trap")) {
    __builtin_trap();
  } else if (is("/loop")) {
    for (volatile int i = 0;; i = i + 1) {
    }
  } else if (is("/oom")) {
    for (;;) {
      void* p = malloc(1 << 20);
      if (!p) __builtin_trap();
      memset(p, 1, 1 << 20);
    }
  } else {
    return next_with(0);  // pass through
  }
  return 0;
}

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  char buf[256];
  if (test_ctx == 1) {
    // Buffered: read the next handler's answer, then replace status, header and body.
    uint64_t eof_len = read_body(kResp, buf, sizeof buf - 1);
    buf[(uint32_t)eof_len] = 0;
    snprintf(out, sizeof out, "ctx=%u err=%u status=%u body=%s", ctx, is_error, get_status_code(),
             buf);
    set_status_code(299);
    set_header_value(kResp, LIT("x-rewritten"), LIT("1"));
    answer(out);
  } else if (test_ctx == 2) {
    set_status_code(500);  // traps: the response is not buffered
  } else if (test_ctx == 3) {
    set_uri(LIT("/late"));  // traps: the request has gone
  }
  test_ctx = 0;
}
