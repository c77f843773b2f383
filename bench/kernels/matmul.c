/* Dense double-precision matrix multiply, 64x64, n times. */
#include "kernel.h"

#define DIM 64
static double a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

uint32_t run(uint32_t n) {
  uint32_t seed = 1;
  for (int i = 0; i < DIM; i++)
    for (int j = 0; j < DIM; j++) {
      a[i][j] = (double)(kernelRand(&seed) % 1000) / 100.0;
      b[i][j] = (double)(kernelRand(&seed) % 1000) / 100.0;
    }
  double total = 0;
  for (uint32_t r = 0; r < n; r++) {
    for (int i = 0; i < DIM; i++)
      for (int j = 0; j < DIM; j++) {
        double s = 0;
        for (int k = 0; k < DIM; k++) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    total += c[r % DIM][(r * 7) % DIM];
    a[r % DIM][0] += 1.0;
  }
  return (uint32_t)(int64_t)total;
}
