/* {{name}}: a Lichen Wasm app in C. `lichen run --app-id {{name}} ...` serves it in-process:
 *   POST /v1.0/invoke/{{name}}/method/hello   answers a greeting
 *   POST /v1.0/invoke/{{name}}/method/count   adds 1 to the key "count" in the state store
 * The C SDK is sdk/lichen.h; the host ABI it wraps is Lichen's docs/host-abi.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lichen.h"

static int method_is(const lichen_request* req, const char* name) {
  return req->method.len == strlen(name) && memcmp(req->method.data, name, req->method.len) == 0;
}

static void answer(lichen_response* res, int status, const char* text) {
  lichen_response_status(res, status);
  lichen_response_header(res, "Content-Type", "text/plain");
  lichen_response_write(res, text, strlen(text));
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  char text[128];
  if (method_is(req, "hello")) {
    snprintf(text, sizeof text, "Hello from {{name}}, a Wasm app in C!\n");
    return answer(res, 200, text);
  }
  if (method_is(req, "count")) {
    lichen_buffer value;
    int found = lichen_state_get("statestore", "count", &value);
    if (found < 0) return answer(res, 500, lichen_error());
    long count = found ? strtol((const char*)value.data, NULL, 10) + 1 : 1;
    lichen_buffer_free(&value);
    int len = snprintf(text, sizeof text, "%ld", count);
    if (lichen_state_save("statestore", "count", text, (size_t)len) < 0) {
      return answer(res, 500, lichen_error());
    }
    return answer(res, 200, text);
  }
  answer(res, 404, "no such method\n");
}
