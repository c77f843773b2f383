// An http-wasm guest for spec.appHttpPipeline's end-to-end test: it rewrites calls to the app
// on /old/... to /new/..., adds the request header x-gate, answers /secret itself with 403 (the
// app never sees it), and marks each response it lets through with x-gate-seen.
#include <string.h>

#include "http_handler.h"

#define LIT(s) s, (uint32_t)strlen(s)

static char uri[2048];
static char target[2048];

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) {
  uint32_t len = get_uri(uri, sizeof uri - 1);
  if (len >= sizeof uri) return 1;  // too long to be ours: pass it on unchanged
  uri[len] = 0;
  if (strcmp(uri, "/secret") == 0 || strncmp(uri, "/secret?", 8) == 0) {
    set_status_code(403);
    set_header_value(kResp, LIT("content-type"), LIT("text/plain"));
    write_body(kResp, LIT("forbidden by wasm"));
    return 0;
  }
  if (strncmp(uri, "/old/", 5) == 0 && len + 1 < sizeof target) {
    strcpy(target, "/new/");
    strcat(target, uri + 5);
    set_uri(target, (uint32_t)strlen(target));
  }
  set_header_value(kReq, LIT("x-gate"), LIT("passed"));
  set_header_value(kResp, LIT("x-gate-seen"), LIT("1"));
  return 1;
}

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  (void)ctx;
  (void)is_error;
}
