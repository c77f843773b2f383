// Test guest: sleeps for a minute in one poll_oneoff; --timeout must still end it promptly.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  sleep(60);
  printf("woke up\n");
  return 0;
}
