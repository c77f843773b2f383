(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (result i32)))
  (import "fuzzing-support" "log-i32" (func (;0;) (type 0)))
  (func (;1;) (type 1) (result i32)
    i64.const 33
    i64.const -78
    i64.ge_s
    call 0
    i32.const 0)
  (export "func_6" (func 1)))
