// The one function-body decoder. It decodes and type-checks every instruction of a body and
// hands each one, with the operand-stack height before it, to a Consumer: the validator uses a
// consumer that does nothing, the interpreter's compiler one that emits internal code.
//
// Consumer interface:
//   void onInstr(const Instr& ins, uint32_t height_before);
// Heights count operand values from the bottom of the function's stack; they are exact in
// reachable code. Consumers track reachability themselves from the control instructions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wasm/binary/reader.h"
#include "wasm/ir/module.h"

namespace lichen::wasm {

struct BlockSig {
  std::span<const ValType> params;
  std::span<const ValType> results;
};

struct Instr {
  Opcode op = Opcode::kNop;
  uint64_t offset = 0;
  uint32_t a = 0;    // first index immediate (local, global, func, label, type, table, elem, data)
  uint32_t b = 0;    // second index immediate (table of call_indirect / table.init, dst table)
  uint64_t imm = 0;  // constant bits or memarg offset
  BlockSig block;    // block, loop, if
  const std::vector<uint32_t>* labels = nullptr;  // br_table targets, the default last
  ValType type = ValType::kI32;                   // select t, ref.null
};

// What a body needs to know of its module, computed once per module.
struct ValidationContext {
  const Module* module = nullptr;
  std::vector<bool> declared_funcs;  // functions that ref.func may name
};

class BodyDecoderBase {
 protected:
  static constexpr uint8_t kUnknown = 0;  // bottom type of the polymorphic stack

  struct Frame {
    Opcode kind;
    BlockSig sig;
    uint32_t height;
    bool unreachable;
  };

  BodyDecoderBase(const ValidationContext& ctx, uint32_t func_index);

  Result<void> decodeInstr(Instr& ins);
  Result<void> validateInstr(Instr& ins);
  Result<void> finish();

  Result<uint8_t> pop();
  Result<void> popExpect(ValType t);
  void push(ValType t) { vals_.push_back(static_cast<uint8_t>(t)); }
  void pushRaw(uint8_t t) { vals_.push_back(t); }
  Result<void> popValues(std::span<const ValType> types);
  Result<void> peekValues(std::span<const ValType> types);
  void pushValues(std::span<const ValType> types);
  void setUnreachable();
  Result<BlockSig> readBlockType();
  Result<const Frame*> label(uint32_t depth);
  std::span<const ValType> labelTypes(const Frame& f) const {
    return f.kind == Opcode::kLoop ? f.sig.params : f.sig.results;
  }
  Unexpected<Error> fail(const char* msg) const { return validateError(instr_offset_, msg); }
  Unexpected<Error> failAt(uint64_t at, const char* msg) const { return validateError(at, msg); }

  const ValidationContext& ctx_;
  const Module& m_;
  Reader r_;
  std::vector<ValType> locals_;
  std::vector<uint8_t> vals_;
  std::vector<Frame> ctrls_;
  std::vector<uint32_t> br_labels_;
  FuncType func_type_;
  uint64_t instr_offset_ = 0;
  bool done_ = false;
};

template <typename Consumer>
class BodyDecoder : public BodyDecoderBase {
 public:
  BodyDecoder(const ValidationContext& ctx, uint32_t func_index, Consumer& consumer)
      : BodyDecoderBase(ctx, func_index), consumer_(consumer) {}

  // Decodes and validates the whole body, calling the consumer for every instruction.
  Result<void> run() {
    while (!done_) {
      if (r_.atEnd()) return decodeError(r_.offset(), "unexpected end of section or function");
      Instr ins;
      ins.offset = r_.offset();
      instr_offset_ = ins.offset;
      LICHEN_TRY(decodeInstr(ins));
      const uint32_t height = static_cast<uint32_t>(vals_.size());
      LICHEN_TRY(validateInstr(ins));
      consumer_.onInstr(ins, height);
    }
    return finish();
  }

  const std::vector<ValType>& locals() const { return locals_; }

 private:
  Consumer& consumer_;
};

}  // namespace lichen::wasm
