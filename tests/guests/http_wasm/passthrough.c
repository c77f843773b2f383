// The smallest http-wasm middleware: every request goes on unchanged (next = 1), nothing is
// done with the response. What the benchmark measures: the host's cost per call.
#include <stdint.h>

__attribute__((export_name("handle_request"))) uint64_t handle_request(void) { return 1; }

__attribute__((export_name("handle_response"))) void handle_response(uint32_t ctx,
                                                                     uint32_t is_error) {
  (void)ctx;
  (void)is_error;
}
