// Tables: element storage charged to the Store's budget, allocation failures as values.
#include <new>

#include "wasm/runtime/instance.h"

namespace lichen::wasm {

Result<std::unique_ptr<Table>> Table::create(TableType type, uint64_t init,
                                             ResourceBudget& budget) {
  const uint64_t n = type.limits.min;
  auto fail = [&](const std::string& why) {
    return Unexpected(
        Error{Phase::kInstantiate, 0, "table of " + std::to_string(n) + " elements " + why});
  };
  if (n > kMaxElements) return fail("exceeds the limit of " + std::to_string(kMaxElements));
  if (!budget.takeTableElements(n)) {
    return fail("exceeds the limit shared by the memories and tables of the instance");
  }
  std::unique_ptr<Table> table(new (std::nothrow) Table(type, budget));
  if (!table) {
    budget.giveTableElements(n);
    return fail("cannot be allocated: out of host memory");
  }
  try {
    table->elems_.assign(n, init);
  } catch (const std::bad_alloc&) {
    table.reset();  // gives back what it holds: nothing yet
    budget.giveTableElements(n);
    return fail("cannot be allocated: out of host memory");
  }
  return table;
}

int64_t Table::grow(uint64_t delta, uint64_t init) {
  const uint64_t old = elems_.size();
  const uint64_t limit = std::min<uint64_t>(max_.value_or(0xFFFFFFFFull), kMaxElements);
  if (delta > limit - std::min(limit, old)) return -1;
  if (!budget_.takeTableElements(delta)) return -1;
  try {
    elems_.resize(old + delta, init);
  } catch (const std::bad_alloc&) {
    budget_.giveTableElements(delta);
    return -1;
  }
  return static_cast<int64_t>(old);
}

}  // namespace lichen::wasm
