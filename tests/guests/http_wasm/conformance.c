// An http-wasm guest for the conformance cases the http-wasm TCK covers, driven over real HTTP:
// the request header x-check names one host function, x-check-arg its argument. The guest
// reports what the function gave it in x-seen-* response headers (the test decides whether that
// is right) or makes the change and lets the next handler echo the request it received. Every
// response it touches carries x-checked: 1.
#include <stdio.h>
#include <string.h>

#include "http_handler.h"

#define LIT(s) s, (uint32_t)strlen(s)

static char check[64];
static char arg[1024];
static char seen[8192];
static char body[8192];

static void set_resp(const char* name, const char* value) {
  set_header_value(kResp, name, (uint32_t)strlen(name), value, (uint32_t)strlen(value));
}

// A request header's first value into `out` ("" when absent or too long).
static void request_header(const char* name, char* out, uint32_t size) {
  uint64_t count_len = get_header_values(kReq, name, (uint32_t)strlen(name), out, size);
  // Absent, or too long to have been written: empty. Otherwise the first value ends at its NUL.
  if ((count_len >> 32) == 0 || (uint32_t)count_len > size) out[0] = 0;
}

// A NUL-terminated list as "count:a|b|".
static void describe(uint64_t count_len, const char* list) {
  uint32_t count = (uint32_t)(count_len >> 32), len = (uint32_t)count_len;
  int n = snprintf(seen, sizeof seen, "%u:", count);
  for (uint32_t i = 0; i < len && n < (int)sizeof seen - 1; ++i)
    seen[n++] = list[i] ? list[i] : '|';
  seen[n] = 0;
}

static int is(const char* name) { return strcmp(check, name) == 0; }

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) {
  char list[4096];
  request_header("x-check", check, sizeof check);
  request_header("x-check-arg", arg, sizeof arg);
  if (is("get_method")) {
    seen[get_method(seen, sizeof seen - 1)] = 0;
    set_resp("x-seen", seen);
  } else if (is("set_method")) {
    set_method(arg, (uint32_t)strlen(arg));
  } else if (is("get_uri")) {
    seen[get_uri(seen, sizeof seen - 1)] = 0;
    set_resp("x-seen", seen);
  } else if (is("set_uri")) {
    set_uri(arg, (uint32_t)strlen(arg));
  } else if (is("get_protocol_version")) {
    seen[get_protocol_version(seen, sizeof seen - 1)] = 0;
    write_body(kResp, seen, (uint32_t)strlen(seen));  // the next handler's body follows
  } else if (is("get_header_values")) {
    describe(get_header_values(kReq, arg, (uint32_t)strlen(arg), list, sizeof list), list);
    set_resp("x-seen", seen);
  } else if (is("get_header_names")) {
    describe(get_header_names(kReq, list, sizeof list), list);
    set_resp("x-seen", seen);
  } else if (is("set_header_value")) {
    set_header_value(kReq, arg, (uint32_t)strlen(arg), LIT("value"));
  } else if (is("add_header_value")) {
    add_header_value(kReq, arg, (uint32_t)strlen(arg), LIT("value"));
  } else if (is("remove_header")) {
    remove_header(kReq, arg, (uint32_t)strlen(arg));
  } else if (is("read_body")) {
    // The whole body in 1 KiB reads: "length:reads:every byte is arg's first".
    int reads = 0;
    uint32_t n = read_request_body(body, sizeof body, 1024, &reads);
    int same = 1;
    for (uint32_t i = 0; i < n; ++i) same &= body[i] == arg[0];
    snprintf(seen, sizeof seen, "%u:%d:%d", n, reads, same);
    set_resp("x-seen", seen);
  } else if (is("get_source_addr")) {
    seen[get_source_addr(seen, sizeof seen - 1)] = 0;
    set_resp("x-seen", seen);
  } else {
    set_status_code(400);
    set_resp("x-checked", "1");
    write_body(kResp, LIT("unknown x-check"));
    return 0;
  }
  set_resp("x-checked", "1");
  return 1;  // on to the next handler, which echoes what it received
}

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  (void)ctx;
  (void)is_error;
}
