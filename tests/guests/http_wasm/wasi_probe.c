// An http-wasm guest that imports WASI: it answers each request itself with what its clocks and
// random source gave it, in response headers, so a test can tell a strict sandbox (fixed random
// sequence, fake clocks, no-op sleep) from the host's real ones. /sleep sleeps a minute first.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_handler.h"

static void set_header(const char* name, const char* value) {
  set_header_value(kResp, name, (uint32_t)strlen(name), value, (uint32_t)strlen(value));
}

static unsigned long long read_clock(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) {
  char uri[64];
  uint32_t len = get_uri(uri, sizeof uri - 1);
  uri[len < sizeof uri ? len : 0] = 0;
  if (strcmp(uri, "/sleep") == 0) sleep(60);  // a no-op in the strict sandbox

  unsigned char bytes[8];
  char text[64];
  if (getentropy(bytes, sizeof bytes) != 0) return 0;
  for (int i = 0; i < 8; ++i) snprintf(text + 2 * i, 3, "%02x", bytes[i]);
  set_header("x-random", text);
  unsigned long long first = read_clock(CLOCK_MONOTONIC);
  unsigned long long second = read_clock(CLOCK_MONOTONIC);
  snprintf(text, sizeof text, "%llu,%llu", first, second);
  set_header("x-monotonic", text);
  snprintf(text, sizeof text, "%llu", read_clock(CLOCK_REALTIME));
  set_header("x-wall", text);
  // Printed through WASI too: the guest's stdout is the sidecar's stderr.
  printf("wasi_probe: served %s\n", uri);
  fflush(stdout);
  return 0;  // answered here
}

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  (void)ctx;
  (void)is_error;
}
