// Decoders of the individual module sections (internal to the binary library).
#pragma once

#include "wasm/binary/reader.h"
#include "wasm/ir/module.h"

namespace lichen::wasm::sections {

Result<void> decodeTypes(Reader& r, Module& m);
Result<void> decodeImports(Reader& r, Module& m);
Result<void> decodeFunctions(Reader& r, Module& m, uint32_t& declared_count);
Result<void> decodeTables(Reader& r, Module& m);
Result<void> decodeMemories(Reader& r, Module& m);
Result<void> decodeGlobals(Reader& r, Module& m);
Result<void> decodeExports(Reader& r, Module& m);
Result<void> decodeStart(Reader& r, Module& m);
Result<void> decodeElements(Reader& r, Module& m);
Result<void> decodeDataCount(Reader& r, Module& m);
Result<void> decodeCode(Reader& r, Module& m);
Result<void> decodeData(Reader& r, Module& m);
// Custom sections: the name is checked; a `name` section's function names are kept.
Result<void> decodeCustom(Reader& r, Module& m);

}  // namespace lichen::wasm::sections
