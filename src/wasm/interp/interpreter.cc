// The dispatch loop. Every handler reads its operands as frame-slot indices from the code
// stream; dispatch is computed goto on handler offsets relative to one label.
#include "wasm/interp/interpreter.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>
#include <vector>

#include "wasm/interp/compiler.h"
#include "wasm/interp/numeric.h"
#include "wasm/validate/validator.h"

namespace lichen::wasm::interp {
namespace {

struct Frame {
  const uint32_t* ret_pc;
  uint64_t* fp;
  ModuleInstance* inst;
  const CompiledFunc* func;
};

// Per-thread value stack (an mmap reservation, committed lazily by the kernel) and frames.
struct ThreadStack {
  uint64_t* slots = nullptr;
  uint64_t capacity = 0;
  uint64_t* top = nullptr;  // first slot free for a new activation
  std::vector<Frame> frames;
  size_t nframes = 0;

  ~ThreadStack() {
    if (slots) munmap(slots, capacity * sizeof(uint64_t));
  }
  bool ensure(const ExecLimits& limits) {
    if (!slots) {
      void* p = mmap(nullptr, limits.stack_slots * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) return false;
      slots = static_cast<uint64_t*>(p);
      capacity = limits.stack_slots;
      top = slots;
    }
    // Frames are only reallocated while no execution holds a pointer to them.
    if (nframes == 0 && frames.size() < limits.max_call_depth) frames.resize(limits.max_call_depth);
    return true;
  }
};

thread_local ThreadStack t_stack;

constexpr int64_t kCheckPeriod = 1 << 16;  // loop iterations between interrupt checks

int32_t g_handler_offsets[static_cast<size_t>(IOp::kCount)];

Expected<void, Trap> execute(Store* store, ThreadStack* ts, const CompiledFunc* func,
                             ModuleInstance* inst, uint64_t* fp, bool init);

struct HandlerTableInit {
  HandlerTableInit() { (void)execute(nullptr, nullptr, nullptr, nullptr, nullptr, true); }
};

// Refills the loop budget; traps when fuel is gone or the embedder interrupted.
bool refillBudget(ExecLimits& limits, int64_t& budget, TrapKind& kind) {
  if (limits.interrupt && limits.interrupt->load(std::memory_order_relaxed)) {
    kind = TrapKind::kInterrupted;
    return false;
  }
  if (limits.fuel) {
    if (*limits.fuel == 0) {
      kind = TrapKind::kOutOfFuel;
      return false;
    }
    const uint64_t take = std::min<uint64_t>(*limits.fuel, kCheckPeriod);
    *limits.fuel -= take;
    budget = static_cast<int64_t>(take);
    return true;
  }
  budget = kCheckPeriod;
  return true;
}

// Fuel is taken from the store in chunks; what a call did not spend goes back.
void refundBudget(ExecLimits& limits, int64_t budget) {
  if (limits.fuel && budget > 0) *limits.fuel += static_cast<uint64_t>(budget);
}

__attribute__((noinline, noclone)) Expected<void, Trap> execute(Store* store, ThreadStack* ts,
                                                                const CompiledFunc* func,
                                                                ModuleInstance* inst, uint64_t* fp,
                                                                bool init) {
  if (init) {
#define LICHEN_LABEL_OFFSET(name, ...)                                         \
  g_handler_offsets[static_cast<size_t>(IOp::k##name)] = static_cast<int32_t>( \
      reinterpret_cast<intptr_t>(&&L_##name) - reinterpret_cast<intptr_t>(&&L_Unreachable));
#define LICHEN_LABEL_OFFSET_INTERNAL(name) LICHEN_LABEL_OFFSET(name)
#define LICHEN_LABEL_OFFSET_IMM(name, ...) LICHEN_LABEL_OFFSET(name##Imm)
#define LICHEN_LABEL_OFFSET_CMP(name, ...) \
  LICHEN_LABEL_OFFSET(BrIf##name)          \
  LICHEN_LABEL_OFFSET(BrUnless##name)      \
  LICHEN_LABEL_OFFSET(BrIf##name##Imm)     \
  LICHEN_LABEL_OFFSET(BrUnless##name##Imm)
    LICHEN_WASM_NUMERIC_OPS(LICHEN_LABEL_OFFSET)
    LICHEN_WASM_MEMORY_OPS(LICHEN_LABEL_OFFSET)
    LICHEN_INTERP_OPS(LICHEN_LABEL_OFFSET_INTERNAL)
    LICHEN_INTERP_IMM_OPS(LICHEN_LABEL_OFFSET_IMM)
    LICHEN_INTERP_SHIFT_IMM_OPS(LICHEN_LABEL_OFFSET_IMM)
    LICHEN_INTERP_ROTATE_IMM_OPS(LICHEN_LABEL_OFFSET_IMM)
    LICHEN_INTERP_CMP_OPS(LICHEN_LABEL_OFFSET_CMP)
#undef LICHEN_LABEL_OFFSET
#undef LICHEN_LABEL_OFFSET_INTERNAL
#undef LICHEN_LABEL_OFFSET_IMM
#undef LICHEN_LABEL_OFFSET_CMP
    return {};
  }

  const char* const dispatch_base = static_cast<const char*>(&&L_Unreachable);
  ExecLimits& limits = store->limits();
  const size_t entry_frames = ts->nframes;
  const size_t max_frames = std::min<size_t>(limits.max_call_depth, ts->frames.size());
  uint64_t* const stack_end = ts->slots + ts->capacity;
  Frame* const frames = ts->frames.data();
  size_t nframes = ts->nframes;

  const uint32_t* pc = func->code;
  FuncInstance* const* funcs = nullptr;
  GlobalInstance* const* globals = nullptr;
  Memory* mem = nullptr;
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  int64_t budget = 0;
  TrapKind trap_kind = TrapKind::kUnreachable;
  Trap host_trap;
  FuncInstance* callee = nullptr;
  uint64_t* args = nullptr;

#define LOAD_INSTANCE()                                         \
  do {                                                          \
    funcs = inst->funcs.data();                                 \
    globals = inst->globals.data();                             \
    mem = inst->memories.empty() ? nullptr : inst->memories[0]; \
    mem_base = mem ? mem->data() : nullptr;                     \
    mem_size = mem ? mem->size() : 0;                           \
  } while (0)
#define RELOAD_MEMORY() (mem_size = mem ? mem->size() : 0)
#define NEXT() goto* static_cast<const void*>(dispatch_base + static_cast<int32_t>(*pc))
#define TRAP(kind)      \
  do {                  \
    trap_kind = (kind); \
    goto trap;          \
  } while (0)
#define BUDGET_TICK()                                                         \
  do {                                                                        \
    if (--budget <= 0 && !refillBudget(limits, budget, trap_kind)) goto trap; \
  } while (0)

  // Operand access: slot k of the current instruction.
#define S(k) fp[pc[k]]
#define U32(k) static_cast<uint32_t>(S(k))
#define I32(k) static_cast<int32_t>(S(k))
#define U64(k) S(k)
#define I64(k) static_cast<int64_t>(S(k))
#define F32(k) std::bit_cast<float>(U32(k))
#define F64(k) std::bit_cast<double>(U64(k))
#define PUT_U32(v) S(1) = static_cast<uint32_t>(v)
#define PUT_U64(v) S(1) = static_cast<uint64_t>(v)
#define PUT_F32(v) S(1) = std::bit_cast<uint32_t>(static_cast<float>(v))
#define PUT_F64(v) S(1) = std::bit_cast<uint64_t>(static_cast<double>(v))

  LOAD_INSTANCE();
  if (!refillBudget(limits, budget, trap_kind)) goto trap;
  --budget;  // the call itself costs one unit
  NEXT();

L_Unreachable:
  TRAP(TrapKind::kUnreachable);

#include "wasm/interp/handlers_control.inc"
#include "wasm/interp/handlers_fused.inc"
#include "wasm/interp/handlers_memory.inc"
#include "wasm/interp/handlers_numeric.inc"

trap : {
  Trap t;
  if (trap_kind == TrapKind::kHost) {
    t = std::move(host_trap);
  } else {
    t.kind = trap_kind;
  }
  t.backtrace.push_back(func->func_index);
  for (size_t i = nframes; i-- > entry_frames;) t.backtrace.push_back(frames[i].func->func_index);
  ts->nframes = entry_frames;
  refundBudget(limits, budget);
  return Unexpected(std::move(t));
}

done:
  ts->nframes = entry_frames;
  refundBudget(limits, budget);
  return {};

#undef LOAD_INSTANCE
#undef RELOAD_MEMORY
#undef NEXT
#undef TRAP
#undef BUDGET_TICK
#undef S
#undef U32
#undef I32
#undef U64
#undef I64
#undef F32
#undef F64
#undef PUT_U32
#undef PUT_U64
#undef PUT_F32
#undef PUT_F64
}

}  // namespace

uint32_t opWord(IOp op) {
  static HandlerTableInit once;
  return static_cast<uint32_t>(g_handler_offsets[static_cast<size_t>(op)]);
}

Result<std::shared_ptr<const CompiledModule>> Interpreter::compile(Module module) {
  return compileModule(std::move(module), options_);
}

Expected<void, Trap> Interpreter::call(Store& store, FuncInstance* func, uint64_t* io) {
  ThreadStack& ts = t_stack;
  if (!ts.ensure(store.limits())) {
    return Unexpected(Trap{TrapKind::kCallStackExhausted, "cannot allocate the value stack"});
  }
  if (!func->code) {
    HostCall hc{store, nullptr, nullptr};
    return func->host(hc, io);
  }
  const CompiledFunc* cf = func->code;
  uint64_t* fp = ts.top;
  if (fp + cf->num_slots + 1 > ts.slots + ts.capacity || ts.nframes + 1 >= ts.frames.size()) {
    return Unexpected(Trap{TrapKind::kCallStackExhausted, {}});
  }
  std::memcpy(fp, io, cf->num_params * sizeof(uint64_t));
  std::memset(fp + cf->num_params, 0, cf->num_locals * sizeof(uint64_t));
  auto r = execute(&store, &ts, cf, func->instance, fp, false);
  if (r) std::memcpy(io, fp, cf->num_results * sizeof(uint64_t));
  return r;
}

}  // namespace lichen::wasm::interp
