#include "wasm/binary/decoder.h"

#include "wasm/binary/reader.h"
#include "wasm/binary/sections.h"

namespace lichen::wasm {
namespace {

// Position of each known section id in the required order (data count sits before code).
int sectionRank(uint8_t id) {
  switch (id) {
    case 1:
      return 1;  // type
    case 2:
      return 2;  // import
    case 3:
      return 3;  // function
    case 4:
      return 4;  // table
    case 5:
      return 5;  // memory
    case 6:
      return 6;  // global
    case 7:
      return 7;  // export
    case 8:
      return 8;  // start
    case 9:
      return 9;  // element
    case 12:
      return 10;  // data count
    case 10:
      return 11;  // code
    case 11:
      return 12;  // data
    default:
      return -1;
  }
}

Result<void> decodeSection(uint8_t id, Reader& r, Module& m, uint32_t& declared_funcs) {
  switch (id) {
    case 0:
      return sections::decodeCustom(r, m);
    case 1:
      return sections::decodeTypes(r, m);
    case 2:
      return sections::decodeImports(r, m);
    case 3:
      return sections::decodeFunctions(r, m, declared_funcs);
    case 4:
      return sections::decodeTables(r, m);
    case 5:
      return sections::decodeMemories(r, m);
    case 6:
      return sections::decodeGlobals(r, m);
    case 7:
      return sections::decodeExports(r, m);
    case 8:
      return sections::decodeStart(r, m);
    case 9:
      return sections::decodeElements(r, m);
    case 10:
      return sections::decodeCode(r, m);
    case 11:
      return sections::decodeData(r, m);
    case 12:
      return sections::decodeDataCount(r, m);
    default:
      return decodeError(r.offset(), "malformed section id");
  }
}

}  // namespace

Result<Module> decodeModule(std::span<const uint8_t> bytes) {
  Module m;
  m.bytes.assign(bytes.begin(), bytes.end());
  Reader r(m.bytes);

  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (bytes.size() < 4 || std::memcmp(bytes.data(), kMagic, 4) != 0) {
    return decodeError(0, "magic header not detected");
  }
  if (bytes.size() < 8 || std::memcmp(bytes.data() + 4, kVersion, 4) != 0) {
    return decodeError(4, "unknown binary version");
  }
  LICHEN_TRY(r.bytes(8));

  int last_rank = 0;
  uint32_t declared_funcs = 0;
  bool saw_code = false;
  bool saw_funcs = false;
  while (!r.atEnd()) {
    const uint64_t section_offset = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t id, r.u8());
    LICHEN_ASSIGN_OR_RETURN(uint32_t size, r.u32());
    if (size > r.remaining()) {
      return decodeError(r.offset(), "section size mismatch: unexpected end of section");
    }
    if (id != 0) {
      int rank = sectionRank(id);
      if (rank < 0) return decodeError(section_offset, "malformed section id");
      if (rank <= last_rank)
        return decodeError(section_offset, "unexpected content after last section");
      last_rank = rank;
    }
    Reader section(r.data(), r.pos(), r.pos() + size);
    LICHEN_TRY(decodeSection(id, section, m, declared_funcs));
    if (!section.atEnd()) return decodeError(section.offset(), "section size mismatch");
    if (id == 10) saw_code = true;
    if (id == 3) saw_funcs = true;
    LICHEN_TRY(r.bytes(size));
  }

  if ((saw_funcs ? declared_funcs : 0) != m.bodies.size() || (!saw_code && declared_funcs)) {
    return decodeError(r.offset(), "function and code section have inconsistent lengths");
  }
  if (m.data_count && *m.data_count != m.datas.size()) {
    return decodeError(r.offset(), "data count and data section have inconsistent lengths");
  }
  return m;
}

}  // namespace lichen::wasm
