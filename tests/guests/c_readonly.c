// Test guest: a read-only pre-open (/ro) can be read but not changed.
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  FILE* self = fopen("/ro/c_readonly.c", "r");
  char line[64] = {0};
  if (self && fgets(line, sizeof line, self)) printf("read: %s", line);
  if (self) fclose(self);
  errno = 0;
  FILE* created = fopen("/ro/created-by-guest.txt", "w");
  printf("create: %s errno %d\n", created ? "allowed" : "refused", errno);
  errno = 0;
  printf("mkdir: %d errno %d\n", mkdir("/ro/dir-by-guest", 0755), errno);
  errno = 0;
  printf("unlink: %d errno %d\n", unlink("/ro/c_readonly.c"), errno);
  return 0;
}
