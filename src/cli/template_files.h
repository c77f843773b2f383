// The files `lichen new` writes, compiled into the binary (cmake/embed_files.cmake) so that a
// user's machine needs no checkout: the template of each language and the SDK it builds with.
#pragma once

#include <string_view>
#include <vector>

namespace lichen::cli {

struct TemplateFile {
  std::string_view language;  // c, cpp, rust, assemblyscript; "common" for every language
  std::string_view path;      // in the new app's folder
  std::string_view content;   // {{name}} and {{language}} are replaced
  int mode;                   // 644, or 755 for scripts
};

const std::vector<TemplateFile>& templateFiles();

}  // namespace lichen::cli
