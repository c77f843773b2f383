/* An HTTP counter with state: POST /v1.0/invoke/counter/method/increment adds 1 to the key
 * "count" in the state store "statestore" and answers the new value; GET .../method/count
 * answers it without changing it. See README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lichen.h"

static const char kStore[] = "statestore";
static const char kKey[] = "count";

static void fail(lichen_response* res, const char* what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, lichen_error());
  lichen_log(LICHEN_LOG_ERROR, message);
  lichen_response_status(res, 500);
  lichen_response_write(res, message, strlen(message));
}

static int method_is(const lichen_request* req, const char* name) {
  return req->method.len == strlen(name) && memcmp(req->method.data, name, req->method.len) == 0;
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  long count = 0;
  lichen_buffer value;
  int found = lichen_state_get(kStore, kKey, &value);
  if (found < 0) return fail(res, "reading the count");
  if (found) count = strtol((const char*)value.data, NULL, 10);
  lichen_buffer_free(&value);

  if (method_is(req, "increment")) {
    count += 1;
    char text[32];
    int len = snprintf(text, sizeof text, "%ld", count);
    if (lichen_state_save(kStore, kKey, text, (size_t)len) < 0) {
      return fail(res, "saving the count");
    }
  } else if (!method_is(req, "count")) {
    lichen_response_status(res, 404);
    return;
  }
  char body[32];
  int len = snprintf(body, sizeof body, "%ld", count);
  lichen_response_header(res, "Content-Type", "text/plain");
  lichen_response_write(res, body, (size_t)len);
}
