// Hello world in C++ for wasm32-wasi (libc++, no exceptions). Build: clang++-19
// --target=wasm32-wasi --sysroot=/usr -fno-exceptions -O2 hello.cc -o hello.wasm
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  std::string name = argc > 1 ? argv[1] : "world";
  std::cout << "Hello, " << name << ", from C++!" << std::endl;
  return 0;
}
