/* Helpers the C test apps share (abi_v2.c, abi_v3.c): matching the method, answering text,
 * reading a query parameter. Header-only: each app is one translation unit with the SDK. */
#ifndef LICHEN_TEST_APP_UTIL_H
#define LICHEN_TEST_APP_UTIL_H

#include <string.h>

#include "lichen.h"

static inline int is(const lichen_request* req, const char* name) {
  return req->method.len == strlen(name) && memcmp(req->method.data, name, req->method.len) == 0;
}

static inline void text(lichen_response* res, const char* body) {
  lichen_response_write(res, body, strlen(body));
}

/* The query's value for `name` (no decoding), or "". */
static inline void query_value(const lichen_request* req, const char* name, char* out, size_t cap) {
  out[0] = 0;
  size_t n = strlen(name);
  const char* q = (const char*)req->query.data;
  size_t len = req->query.len;
  for (size_t i = 0; i + n < len; ++i) {
    if ((i == 0 || q[i - 1] == '&') && memcmp(q + i, name, n) == 0 && q[i + n] == '=') {
      size_t j = 0;
      for (i += n + 1; i < len && q[i] != '&' && j + 1 < cap; ++i) out[j++] = q[i];
      out[j] = 0;
      return;
    }
  }
}

#endif /* LICHEN_TEST_APP_UTIL_H */
