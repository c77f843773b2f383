;; A start function that never returns: limits must end it as they end _start.
(module
  (func $spin (loop $l (br $l)))
  (start $spin)
  (func (export "_start")))
