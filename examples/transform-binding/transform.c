// A transform for bindings.wasm: a WASI command that reads its input on stdin and writes the
// result on stdout. argv[1] picks the transform (the binding's `args` metadata): `upper`
// (the default), `lower` or `reverse`; an unknown one exits with status 2.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* readAll(size_t* len) {
  size_t cap = 4096;
  char* buf = malloc(cap);
  *len = 0;
  size_t n;
  while (buf && (n = fread(buf + *len, 1, cap - *len, stdin)) > 0) {
    *len += n;
    if (*len == cap) buf = realloc(buf, cap *= 2);
  }
  return buf;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "upper";
  size_t len = 0;
  char* text = readAll(&len);
  if (!text) return 1;
  if (strcmp(mode, "upper") == 0) {
    for (size_t i = 0; i < len; ++i) text[i] = (char)toupper((unsigned char)text[i]);
  } else if (strcmp(mode, "lower") == 0) {
    for (size_t i = 0; i < len; ++i) text[i] = (char)tolower((unsigned char)text[i]);
  } else if (strcmp(mode, "reverse") == 0) {
    for (size_t i = 0; i < len / 2; ++i) {
      char c = text[i];
      text[i] = text[len - 1 - i];
      text[len - 1 - i] = c;
    }
  } else {
    fprintf(stderr, "transform: unknown mode %s\n", mode);
    return 2;
  }
  fwrite(text, 1, len, stdout);
  return 0;
}
