/* A small stack-machine interpreter (switch dispatch) running a counting loop program. */
#include "kernel.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, JNZ, HALT };

/* acc = 0; i = n; do { acc = (acc ^ i) * 3 + i; i = i - 1; } while (i); */
static const int32_t program[] = {
    PUSH, 0, STORE, 0,                      /* acc = 0 */
    LOAD, 2, STORE, 1,                      /* i = n */
    LOAD, 0, LOAD, 1, XOR, PUSH, 3, MUL,    /* (acc ^ i) * 3 */
    LOAD, 1, ADD, STORE, 0,                 /* + i -> acc */
    LOAD, 1, PUSH, 1, SUB, STORE, 1,        /* i = i - 1 */
    LOAD, 1, JNZ, 8,                        /* loop while i != 0 */
    HALT};

static int32_t execute(const int32_t* code, int32_t n) {
  int32_t stack[64], vars[4] = {0, 0, n, 0};
  int sp = 0, pc = 0;
  for (;;) {
    switch (code[pc]) {
      case PUSH: stack[sp++] = code[pc + 1]; pc += 2; break;
      case LOAD: stack[sp++] = vars[code[pc + 1]]; pc += 2; break;
      case STORE: vars[code[pc + 1]] = stack[--sp]; pc += 2; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; pc++; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; pc++; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; pc++; break;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; pc++; break;
      case JNZ: pc = stack[--sp] ? code[pc + 1] : pc + 2; break;
      default: return vars[0];
    }
  }
}

uint32_t run(uint32_t n) { return (uint32_t)execute(program, (int32_t)n); }
