// Test guest: traps (unreachable) three calls deep, so the backtrace shows function names.
#include <stdio.h>

__attribute__((noinline)) static void explode(int depth) {
  if (depth == 0) __builtin_trap();
  printf("depth %d\n", depth);
  explode(depth - 1);
}

__attribute__((noinline)) void detonate(void) { explode(2); }

int main(void) {
  detonate();
  return 0;
}
