;; Imports from a module no host provides: `lichen run` must name the import and the modules
;; it does know, and exit 1 before running anything.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (import "env" "missing" (func))
  (func (export "_start")))
