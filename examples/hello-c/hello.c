// Hello world in C for wasm32-wasi. Build: clang-19 --target=wasm32-wasi --sysroot=/usr -O2
// hello.c -o hello.wasm; run: lichen run hello.wasm World
#include <stdio.h>

int main(int argc, char** argv) {
  printf("Hello, %s, from C!\n", argc > 1 ? argv[1] : "world");
  return 0;
}
