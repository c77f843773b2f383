/* Times one call of a kernel's run(n) compiled natively: prints "<milliseconds> <checksum>". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../kernels/kernel.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  const uint32_t n = (uint32_t)strtoul(argv[1], NULL, 10);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const uint32_t check = run(n);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  printf("%.3f %u\n", ms, check);
  return 0;
}
