#include "wasm/interp/compiler.h"

#include "wasm/interp/function_compiler.h"
#include "wasm/validate/body_decoder.h"
#include "wasm/validate/validator.h"

namespace lichen::wasm::interp {
Result<std::shared_ptr<const CompiledModule>> compileModule(Module module,
                                                            const CompileOptions& options) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  const Module& m = compiled->module;
  ValidationContext ctx;
  LICHEN_TRY(validateModuleFields(m, ctx));

  // The compiled module owns its code; CompiledFunc pointers point into it.
  auto owner = std::make_shared<ModuleCode>();
  ModuleCode& code = *owner;
  std::vector<uint32_t> starts;
  for (uint32_t i = m.num_imported_funcs; i < m.funcs.size(); ++i) {
    const FunctionBody& body = m.bodies[i - m.num_imported_funcs];
    const FuncType& t = m.funcType(i);
    const uint32_t nlocals = static_cast<uint32_t>(t.params.size() + body.locals.size());
    starts.push_back(static_cast<uint32_t>(code.words.size()));
    FunctionCompiler fc(m, i, nlocals, code.words, options.rewrites);
    BodyDecoder<FunctionCompiler> decoder(ctx, i, fc);
    LICHEN_TRY(decoder.run());
    CompiledFunc cf;
    cf.num_params = static_cast<uint32_t>(t.params.size());
    cf.num_locals = static_cast<uint32_t>(body.locals.size());
    cf.num_slots = std::max<uint32_t>(fc.numSlots(), static_cast<uint32_t>(t.results.size()));
    cf.num_results = static_cast<uint32_t>(t.results.size());
    cf.func_index = i;
    code.funcs.push_back(cf);
  }
  code.words.shrink_to_fit();
  for (size_t k = 0; k < code.funcs.size(); ++k) {
    code.funcs[k].code = code.words.data() + starts[k];
    compiled->funcs.push_back(&code.funcs[k]);
  }
  compiled->code_owner = owner;
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace lichen::wasm::interp
