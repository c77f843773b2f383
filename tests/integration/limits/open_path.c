// Test guest: opens argv[1] for reading (argv[2] == "w": for writing) and reports the result.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const int write = argc > 2 && strcmp(argv[2], "w") == 0;
  int fd = open(argv[1], write ? O_WRONLY : O_RDONLY);
  printf("open %s: %d errno %d\n", argv[1], fd, fd < 0 ? errno : 0);
  if (fd >= 0 && !write) {
    char buf[16];
    printf("read: %ld\n", (long)read(fd, buf, sizeof buf));
  }
  return 0;
}
