// Test guest: error paths whose errno must match Node's WASI, plus the directory listing seen
// by readdir. Lichen lists "." and ".." as wasmtime does, Node's WASI does not: they are left
// out of the count here (a unit test checks them).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOW(what, call)                                               \
  do {                                                                 \
    errno = 0;                                                         \
    long long rc = (long long)(call);                                  \
    printf("%s: %s errno %d\n", what, rc < 0 ? "fails" : "ok", errno); \
  } while (0)

int main(void) {
  mkdir("/sandbox/d", 0755);
  close(open("/sandbox/f", O_CREAT | O_WRONLY, 0644));
  DIR* dir = opendir("/sandbox");
  int entries = 0;
  struct dirent* ent;
  while ((ent = readdir(dir))) {
    if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) ++entries;
  }
  closedir(dir);
  printf("entries %d\n", entries);
  int fd = open("/sandbox/f", O_RDONLY);
  char buf[8];
  SHOW("mkdirat under a file fd", mkdirat(fd, "x", 0777));
  SHOW("unlink a directory", unlink("/sandbox/d"));
  SHOW("rmdir a file", rmdir("/sandbox/f"));
  SHOW("open file/ with a slash", open("/sandbox/f/", O_RDONLY));
  SHOW("open a directory for writing", open("/sandbox/d", O_WRONLY));
  SHOW("rename a directory over a file", rename("/sandbox/d", "/sandbox/f"));
  SHOW("hard link a directory", link("/sandbox/d", "/sandbox/d2"));
  SHOW("symlink to an absolute path", symlink("/etc", "/sandbox/abs"));
  SHOW("readlink a regular file", readlink("/sandbox/f", buf, sizeof buf));
  SHOW("open a missing file", open("/sandbox/missing", O_RDONLY));
  SHOW("create an existing file exclusively",
       open("/sandbox/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW("open ../ above the pre-open", open("/sandbox/../x", O_RDONLY));
  SHOW("read a closed fd", read(42, buf, 1));
  return 0;
}
