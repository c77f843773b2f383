/* Byte-wise memory loops: a hand-written copy, strlen and compare over 256 KiB, n times.
 * Written as loops (not libc calls) so that they measure the engine, not a host memcpy. */
#include "kernel.h"

#define SIZE (256 * 1024)
static uint8_t src[SIZE], dst[SIZE];

static void copyBytes(volatile uint8_t* d, const uint8_t* s, size_t len) {
  for (size_t i = 0; i < len; i++) d[i] = s[i];
}

static size_t lengthOf(const uint8_t* s) {
  const uint8_t* p = s;
  while (*p) p++;
  return (size_t)(p - s);
}

uint32_t run(uint32_t n) {
  uint32_t seed = 11;
  for (uint32_t i = 0; i < SIZE - 1; i++) src[i] = (uint8_t)(1 + kernelRand(&seed) % 255);
  src[SIZE - 1] = 0;
  uint32_t check = 0;
  for (uint32_t r = 0; r < n; r++) {
    src[(r * 4099) % (SIZE - 1)] = (uint8_t)(1 + r % 255);
    copyBytes(dst, src, SIZE);
    check += (uint32_t)lengthOf(dst);
    for (uint32_t i = 0; i < SIZE; i += 97) check += dst[i];
  }
  return check;
}
