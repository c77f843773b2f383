/* Sieve of Eratosthenes up to 2^20, n times. */
#include "kernel.h"

#define LIMIT (1 << 20)
static uint8_t composite[LIMIT];

uint32_t run(uint32_t n) {
  uint32_t count = 0;
  for (uint32_t r = 0; r < n; r++) {
    for (uint32_t i = 0; i < LIMIT; i++) composite[i] = 0;
    count = 0;
    for (uint32_t i = 2; i < LIMIT; i++) {
      if (composite[i]) continue;
      count++;
      for (uint32_t j = i * 2; j < LIMIT; j += i) composite[j] = 1;
    }
  }
  return count;
}
