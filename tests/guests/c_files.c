// Test guest (C, wasi-libc): files and directories inside the pre-open /sandbox, args, env,
// clocks, randomness, sleep and an exit code. Prints only deterministic lines.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int compareNames(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static void listDir(const char* path) {
  DIR* dir = opendir(path);
  if (!dir) {
    printf("opendir %s: errno %d\n", path, errno);
    return;
  }
  char* names[64];
  int n = 0;
  struct dirent* ent;
  while ((ent = readdir(dir)) && n < 64) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    names[n++] = strdup(ent->d_name);
  }
  closedir(dir);
  qsort(names, n, sizeof(char*), compareNames);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    struct stat st;
    char full[256];
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    lstat(full, &st);
    printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : S_ISLNK(st.st_mode) ? "@" : "");
    free(names[i]);
  }
  printf("\n");
}

// Node's WASI answers ENOENT where Lichen answers ENOTCAPABLE for a symlink leading out, so
// those lines leave the errno out (tests/unit/wasi checks the exact values).
static void tryOpen(const char* path, int show_errno) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    printf("open %s: opened (escape!)\n", path);
    close(fd);
  } else if (show_errno) {
    printf("open %s: refused, errno %d\n", path, errno);
  } else {
    printf("open %s: refused\n", path);
  }
}

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s HOME=%s\n", greeting ? greeting : "(unset)", getenv("HOME") ? "set" : "(unset)");

  // Read the seeded input file.
  FILE* in = fopen("/sandbox/input.txt", "r");
  char line[128];
  if (in && fgets(line, sizeof line, in)) printf("input: %s", line);
  if (in) fclose(in);

  // Create, write, append, read back, seek, pread/pwrite, truncate.
  if (mkdir("/sandbox/out", 0755) != 0) printf("mkdir: errno %d\n", errno);
  FILE* f = fopen("/sandbox/out/log.txt", "w");
  fprintf(f, "first line\n");
  fclose(f);
  f = fopen("/sandbox/out/log.txt", "a");
  fprintf(f, "second line\n");
  fclose(f);
  int fd = open("/sandbox/out/log.txt", O_RDWR);
  char buf[64] = {0};
  ssize_t n = pread(fd, buf, 5, 6);
  printf("pread: %zd '%s'\n", n, buf);
  pwrite(fd, "FIRST", 5, 0);
  off_t end = lseek(fd, 0, SEEK_END);
  printf("size by lseek: %lld\n", (long long)end);
  close(fd);
  struct stat st;
  stat("/sandbox/out/log.txt", &st);
  printf("stat: size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  truncate("/sandbox/out/log.txt", 10);
  stat("/sandbox/out/log.txt", &st);
  printf("after truncate: %lld\n", (long long)st.st_size);

  // Rename, link, symlink, unlink, rmdir, readdir.
  f = fopen("/sandbox/out/tmp.txt", "w");
  fputs("temporary\n", f);
  fclose(f);
  printf("rename: %d\n", rename("/sandbox/out/tmp.txt", "/sandbox/out/kept.txt"));
  printf("symlink: %d\n", symlink("kept.txt", "/sandbox/out/alias"));
  char target[64] = {0};
  printf("readlink: %zd %s\n", readlink("/sandbox/out/alias", target, sizeof target - 1), target);
  f = fopen("/sandbox/out/alias", "r");
  if (f && fgets(line, sizeof line, f)) printf("through symlink: %s", line);
  if (f) fclose(f);
  mkdir("/sandbox/out/sub", 0755);
  mkdir("/sandbox/out/gone", 0755);
  printf("rmdir: %d\n", rmdir("/sandbox/out/gone"));
  printf("rmdir non-empty: %d errno %d\n", rmdir("/sandbox/out"), errno);
  printf("unlink missing: %d errno %d\n", unlink("/sandbox/out/missing"), errno);
  printf("mkdir existing: %d errno %d\n", mkdir("/sandbox/out/sub", 0755), errno);
  listDir("/sandbox/out");

  // The sandbox: `..`, absolute paths and symlinks cannot leave /sandbox.
  tryOpen("/sandbox/../etc/passwd", 1);
  tryOpen("/etc/passwd", 1);
  symlink("/etc", "/sandbox/out/abs");
  tryOpen("/sandbox/out/abs/passwd", 0);
  symlink("../../..", "/sandbox/out/up");
  tryOpen("/sandbox/out/up/etc/passwd", 0);
  unlink("/sandbox/out/abs");
  unlink("/sandbox/out/up");

  // Clocks, randomness, sleep.
  struct timespec t0, t1, real;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct timespec nap = {0, 2000000};
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_REALTIME, &real);
  printf("monotonic advances: %d\n", (t1.tv_sec > t0.tv_sec) ||
                                         (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec));
  printf("realtime after 2020: %d\n", real.tv_sec > 1577836800);
  unsigned char random[32];
  int nonzero = 0;
  if (getentropy(random, sizeof random) == 0) {
    for (int i = 0; i < 32; ++i) nonzero |= random[i];
  }
  printf("random bytes: %d\n", nonzero != 0);
  fflush(stdout);
  return 7;
}
