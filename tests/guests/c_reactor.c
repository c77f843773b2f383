// Test guest: a WASI reactor (no main): `_initialize` runs first, then exports are called.
#include <stdio.h>

static int base = 0;

__attribute__((constructor)) static void setup(void) { base = 100; }

__attribute__((export_name("add"))) int add(int a, int b) { return base + a + b; }

__attribute__((export_name("greet"))) void greet(void) {
  printf("hello from a reactor\n");
  fflush(stdout);
}
