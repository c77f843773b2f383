/* Quicksort (insertion sort for small ranges) of 100k pseudo-random integers, n times. */
#include "kernel.h"

#define COUNT 100000
static int32_t values[COUNT];

static void insertionSort(int32_t* v, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int32_t x = v[i];
    int j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static void quickSort(int32_t* v, int lo, int hi) {
  while (hi - lo > 16) {
    int32_t pivot = v[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        int32_t t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quickSort(v, lo, j);
      lo = i;
    } else {
      quickSort(v, i, hi);
      hi = j;
    }
  }
  insertionSort(v, lo, hi);
}

uint32_t run(uint32_t n) {
  uint32_t seed = 42, check = 0;
  for (uint32_t r = 0; r < n; r++) {
    for (int i = 0; i < COUNT; i++) values[i] = (int32_t)kernelRand(&seed);
    quickSort(values, 0, COUNT - 1);
    check += (uint32_t)values[r % COUNT] ^ (uint32_t)values[COUNT / 2];
  }
  return check;
}
