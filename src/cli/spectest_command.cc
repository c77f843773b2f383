#include "cli/spectest_command.h"

#include <cstdio>
#include <memory>

#include "cli/spectest/spec_runner.h"

namespace lichen::cli {

void addSpectestCommand(CLI::App& app, int& exit_code) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("spectest", "Run WebAssembly testsuite scripts (wast2json)");
  auto rewrites = std::make_shared<bool>(true);
  cmd->add_option("files", *files, "the .json scripts")->required();
  cmd->add_flag("!--no-rewrites", *rewrites,
                "Compile plain code, without the interpreter compiler's rewrites");
  cmd->callback([files, rewrites, &exit_code] {
    spectest::SpecCounts total;
    for (const std::string& f : *files) {
      spectest::SpecRunner runner(  // a fresh store per script
          wasm::interp::CompileOptions{.rewrites = *rewrites});
      spectest::SpecCounts c = runner.runFile(f);
      std::printf("%s: %llu passed, %llu failed, %llu skipped\n", f.c_str(),
                  static_cast<unsigned long long>(c.passed),
                  static_cast<unsigned long long>(c.failed),
                  static_cast<unsigned long long>(c.skipped));
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    std::printf("%llu passed, %llu failed\n", static_cast<unsigned long long>(total.passed),
                static_cast<unsigned long long>(total.failed));
    exit_code = total.failed ? 1 : 0;
  });
}

}  // namespace lichen::cli
