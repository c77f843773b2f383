/* Table-driven CRC-32 (IEEE) over a 1 MiB buffer, n times. */
#include "kernel.h"

#define SIZE (1 << 20)
static uint8_t buffer[SIZE];
static uint32_t table[256];

uint32_t run(uint32_t n) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t seed = 7;
  for (uint32_t i = 0; i < SIZE; i++) buffer[i] = (uint8_t)kernelRand(&seed);
  uint32_t crc = 0;
  for (uint32_t r = 0; r < n; r++) {
    crc = ~crc;
    for (uint32_t i = 0; i < SIZE; i++) crc = table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
    crc = ~crc;
  }
  return crc;
}
