// Victim guest for the sandbox race: for argv[1] rounds, opens /box/tr/ as a directory and
// looks for the secret under it, and tries the other calls that take "tr/..." names. Counts
// every time something from outside the pre-open shows up; prints "escapes N".
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long escapes = 0;

static void readSecret(int fd) {
  char buf[64] = {0};
  if (read(fd, buf, sizeof buf - 1) > 0 && strstr(buf, "TOPSECRET")) ++escapes;
}

int main(int argc, char** argv) {
  long rounds = argc > 1 ? atol(argv[1]) : 100000;
  struct stat st;
  for (long i = 0; i < rounds; ++i) {
    int dir = open("/box/tr/", O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
      int f = openat(dir, "secret", O_RDONLY);
      if (f >= 0) {
        readSecret(f);
        close(f);
      }
      close(dir);
    }
    int f = open("/box/tr/secret", O_RDONLY);
    if (f >= 0) {
      readSecret(f);
      close(f);
    }
    if (stat("/box/tr/secret", &st) == 0) ++escapes;  // only outside has a "secret"
    if (mkdir("/box/tr/planted", 0755) == 0) rmdir("/box/tr/planted");
    f = open("/box/tr/created", O_CREAT | O_WRONLY, 0644);
    if (f >= 0) {
      close(f);
      unlink("/box/tr/created");
    }
  }
  printf("victim: %ld rounds, escapes %ld\n", rounds, escapes);
  return escapes == 0 ? 0 : 1;
}
