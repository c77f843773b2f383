// Test guest: allocates 1 MiB blocks until malloc fails (memory.grow refused by --max-memory).
#include <stdio.h>
#include <stdlib.h>

char* volatile last_block;  // keeps the compiler from dropping the allocations

int main(void) {
  int mib = 0;
  for (; mib < 4096; ++mib) {
    char* block = malloc(1 << 20);
    if (!block) break;
    block[0] = 1;
    last_block = block;
  }
  printf("allocated %s\n", mib < 64 ? "less than 64 MiB" : "64 MiB or more");
  return mib < 64 ? 1 : 0;
}
