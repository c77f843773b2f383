// router: an http-wasm middleware (the `http_handler` ABI) for Lichen's or daprd's
// middleware.http.wasm. It answers GET /hello itself, with the component's guestConfig as the
// greeting; rewrites /kv/KEY to the state API's /v1.0/state/statestore/KEY; marks every request
// it passes on with `x-router: rewritten` or `x-router: passed`.
#include <stdint.h>
#include <string.h>

#define IMPORT(name) __attribute__((import_module("http_handler"), import_name(#name)))
IMPORT(get_uri) uint32_t get_uri(char* buf, uint32_t limit);
IMPORT(set_uri) void set_uri(const char* uri, uint32_t len);
IMPORT(get_method) uint32_t get_method(char* buf, uint32_t limit);
IMPORT(get_config) uint32_t get_config(char* buf, uint32_t limit);
IMPORT(set_header_value)
void set_header_value(uint32_t kind, const char* name, uint32_t name_len, const char* value,
                      uint32_t value_len);
IMPORT(write_body) void write_body(uint32_t kind, const char* body, uint32_t len);

enum { kRequest = 0, kResponse = 1 };
static char uri[2048];
static char target[2100];
static char text[512];

static void set_header(uint32_t kind, const char* name, const char* value) {
  set_header_value(kind, name, (uint32_t)strlen(name), value, (uint32_t)strlen(value));
}

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) {
  char method[16];
  uint32_t method_len = get_method(method, sizeof method);
  uint32_t len = get_uri(uri, sizeof uri - 1);
  if (len >= sizeof uri) return 1;  // too long to be ours (nothing was written): pass it on
  uri[len] = 0;
  if (method_len == 3 && memcmp(method, "GET", 3) == 0 && strcmp(uri, "/hello") == 0) {
    uint32_t n = get_config(text, sizeof text);
    if (n > sizeof text) n = 0;
    set_header(kResponse, "content-type", "text/plain");
    write_body(kResponse, n ? text : "hello", n ? n : 5);
    return 0;  // next = 0: answered here
  }
  if (strncmp(uri, "/kv/", 4) == 0) {
    strcpy(target, "/v1.0/state/statestore/");
    strcat(target, uri + 4);
    set_uri(target, (uint32_t)strlen(target));
    set_header(kRequest, "x-router", "rewritten");
  } else {
    set_header(kRequest, "x-router", "passed");
  }
  return 1;  // next = 1, request context 0
}

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  (void)ctx;
  (void)is_error;
}
