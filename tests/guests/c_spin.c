// Test guest: never ends on its own; stopped by --fuel or --timeout.
#include <stdio.h>

int main(void) {
  volatile unsigned long counter = 0;
  for (;;) ++counter;
  return 0;
}
