#include "cli/new_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/template_files.h"

namespace lichen::cli {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& languages() {
  static const std::map<std::string, std::string> names{
      {"c", "C"}, {"cpp", "C++"}, {"rust", "Rust"}, {"assemblyscript", "AssemblyScript"}};
  return names;
}

// An app id: what Dapr accepts in a URL path segment and a DNS label.
bool validAppName(const std::string& name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

Expected<std::vector<fs::path>, std::string> scaffoldApp(const std::string& language,
                                                         const std::string& name,
                                                         const fs::path& dir) {
  auto lang = languages().find(language);
  if (lang == languages().end()) {
    return Unexpected("unknown language \"" + language + "\": c, cpp, rust or assemblyscript");
  }
  if (!validAppName(name)) {
    return Unexpected("\"" + name +
                      "\" is not an app id: lower-case letters, digits and '-' (at most 63)");
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Unexpected(dir.string() + " exists and is not empty: nothing written");
  }
  std::vector<fs::path> written;
  for (const TemplateFile& file : templateFiles()) {
    if (file.language != language && file.language != "common") continue;
    fs::path path = dir / file.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return Unexpected("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::string content = replaceAll(std::string(file.content), "{{name}}", name);
    content = replaceAll(std::move(content), "{{language}}", lang->second);
    std::ofstream out(path, std::ios::binary);
    out << content;
    out.close();
    if (!out) return Unexpected("cannot write " + path.string());
    ::chmod(path.c_str(), file.mode == 755 ? 0755 : 0644);
    written.push_back(path);
  }
  return written;
}

void addNewCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string language, name, dir;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("new", "Create a Wasm app: lichen new c|cpp|rust|assemblyscript NAME");
  cmd->add_option("language", options->language, "c, cpp, rust or assemblyscript")->required();
  cmd->add_option("name", options->name, "The app id, also the folder's name")->required();
  cmd->add_option("--dir", options->dir, "Where to create it (default: ./NAME)");
  cmd->callback([options, &exit_code] {
    fs::path dir = options->dir.empty() ? fs::path(options->name) : fs::path(options->dir);
    auto written = scaffoldApp(options->language, options->name, dir);
    if (!written) {
      std::cerr << "lichen new: " << written.error() << "\n";
      exit_code = 2;
      return;
    }
    std::cout << "Created " << dir.string() << "/ (" << languages().at(options->language)
              << "). Next:\n  cd " << dir.string() << " && ./build.sh\n  lichen run --app-id "
              << options->name << " --resources-path components " << options->name << ".wasm\n"
              << "  curl -X POST localhost:3500/v1.0/invoke/" << options->name << "/method/hello\n";
    exit_code = 0;
  });
}

}  // namespace lichen::cli
