(module
  ;; Calls a host function n times in a loop; used by host_call_bench.cc.
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (func (export "loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (call $add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  ;; The same loop calling a wasm function, as the baseline.
  (func $wasm_add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "loop_wasm") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (call $wasm_add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
