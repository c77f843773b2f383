// A guest for bindings.wasm's tests: argv[1] says what to do, so one module exercises every
// path of a call. `args` prints argv one per line; `echo` copies stdin to stdout; `exit N`
// exits with N; `loop` never ends; `trap` traps; `grow` allocates until memory runs out and
// then aborts; `flood` writes to stdout until a write fails; `clocks` prints two readings of
// each clock around a 10 s sleep, and 8 random bytes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "args";
  if (strcmp(mode, "args") == 0) {
    for (int i = 0; i < argc; ++i) printf(i + 1 < argc ? "%s\n" : "%s", argv[i]);
  } else if (strcmp(mode, "echo") == 0) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
  } else if (strcmp(mode, "exit") == 0) {
    printf("exiting");
    return argc > 2 ? atoi(argv[2]) : 1;
  } else if (strcmp(mode, "loop") == 0) {
    volatile uint64_t spins = 0;
    for (;;) ++spins;
  } else if (strcmp(mode, "trap") == 0) {
    __builtin_trap();
  } else if (strcmp(mode, "grow") == 0) {
    // Each block links to the last, so the compiler cannot drop the allocations.
    static void* volatile last;
    for (;;) {
      void** block = malloc(1 << 20);
      if (!block) abort();
      *block = last;
      last = block;
    }
  } else if (strcmp(mode, "flood") == 0) {
    static char line[65536];
    memset(line, 'x', sizeof line);
    while (fwrite(line, 1, sizeof line, stdout) == sizeof line && fflush(stdout) == 0) {
    }
    return 3;
  } else if (strcmp(mode, "clocks") == 0) {
    uint64_t m0 = ns(CLOCK_MONOTONIC), w0 = ns(CLOCK_REALTIME);
    sleep(10);
    uint64_t m1 = ns(CLOCK_MONOTONIC), w1 = ns(CLOCK_REALTIME);
    unsigned char r[8];
    getentropy(r, sizeof r);
    printf("%llu %llu %llu %llu ", (unsigned long long)m0, (unsigned long long)m1,
           (unsigned long long)w0, (unsigned long long)w1);
    for (int i = 0; i < 8; ++i) printf("%02x", r[i]);
  } else {
    return 2;
  }
  return 0;
}
