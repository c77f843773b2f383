(module (func (export "f") unreachable))
