/* Naive recursive Fibonacci: call-heavy. */
#include "kernel.h"

static uint32_t fib(uint32_t x) { return x < 2 ? x : fib(x - 1) + fib(x - 2); }

uint32_t run(uint32_t n) { return fib(n); }
