// Hostile guest for the sandbox race: swaps /box/tr between nothing, a directory and symlinks
// that lead out of the pre-open, as fast as it can, for argv[1] rounds.
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long rounds = argc > 1 ? atol(argv[1]) : 100000;
  const char* targets[] = {"../outside", "../../../../..", ".."};
  for (long i = 0; i < rounds; ++i) {
    symlink(targets[i % 3], "/box/tr");
    unlink("/box/tr");
    if (i % 7 == 0) {
      mkdir("/box/tr", 0755);
      rmdir("/box/tr");
    }
  }
  printf("attacker: %ld rounds\n", rounds);
  return 0;
}
