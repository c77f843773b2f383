/* The Wasm app bench/apps.sh measures. GET .../method/gets?n=N reads the key "bench" of the
 * state store "statestore" N times through the host ABI within one request and answers N (or
 * 500 when a read fails or finds nothing), so the cost of one get is measured apart from the
 * cost of a request. POST .../method/echo answers the body it was sent, the trivial work the
 * plain HTTP app (echo_app.mjs) does too. */
#include <stdlib.h>
#include <string.h>

#include "lichen.h"

static const char kStore[] = "statestore";
static const char kKey[] = "bench";

static int method_is(const lichen_request* req, const char* name) {
  return req->method.len == strlen(name) && memcmp(req->method.data, name, req->method.len) == 0;
}

/* The value of n in a query such as "n=1000" (0 when absent or not a number). */
static long query_n(lichen_bytes query) {
  size_t i = 0;
  while (i < query.len) {
    size_t end = i;
    while (end < query.len && query.data[end] != '&') ++end;
    if (end - i > 2 && query.data[i] == 'n' && query.data[i + 1] == '=') {
      long n = 0;
      for (size_t j = i + 2; j < end; ++j) {
        if (query.data[j] < '0' || query.data[j] > '9' || n > 100000000) return 0;
        n = n * 10 + (query.data[j] - '0');
      }
      return n;
    }
    i = end + 1;
  }
  return 0;
}

static void answer(lichen_response* res, int status, const char* text) {
  lichen_response_status(res, status);
  lichen_response_header(res, "Content-Type", "text/plain");
  lichen_response_write(res, text, strlen(text));
}

static void gets(const lichen_request* req, lichen_response* res) {
  long n = query_n(req->query);
  for (long i = 0; i < n; ++i) {
    lichen_buffer value;
    int found = lichen_state_get(kStore, kKey, &value);
    if (found <= 0) return answer(res, 500, found < 0 ? lichen_error() : "the key is not set");
    lichen_buffer_free(&value);
  }
  char text[24];
  char* p = text + sizeof text;
  *--p = '\0';
  do {
    *--p = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0);
  answer(res, 200, p);
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  if (method_is(req, "gets")) return gets(req, res);
  if (method_is(req, "echo")) {
    lichen_response_header(res, "Content-Type", "text/plain");
    lichen_response_write(res, req->body.data, req->body.len);
    return;
  }
  answer(res, 404, "no such method");
}
