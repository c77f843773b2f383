/* Every kernel exports `uint32_t run(uint32_t n)`: n scales the work, the result is a checksum
 * that must be equal under every runtime. No imports: the same object runs natively, under
 * Lichen and under V8. */
#ifndef LICHEN_BENCH_KERNEL_H
#define LICHEN_BENCH_KERNEL_H
#include <stddef.h>
#include <stdint.h>

#ifdef __wasm__
#define KERNEL_EXPORT __attribute__((export_name("run")))
#else
#define KERNEL_EXPORT
#endif

KERNEL_EXPORT uint32_t run(uint32_t n);

/* A small deterministic generator shared by the kernels. */
static inline uint32_t kernelRand(uint32_t* state) {
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}
#endif
