// Test guest (C++, libc++ without exceptions): reads stdin, transforms it with the standard
// library (strings, maps, algorithms) and writes to stdout and to a file in the pre-open.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::map<std::string, int> counts;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(std::cin, line)) {
    lines.push_back(line);
    std::istringstream words(line);
    std::string word;
    while (words >> word) ++counts[word];
  }
  for (const std::string& l : lines) {
    std::string upper = l;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::cout << upper << '\n';
  }
  std::cout << "lines: " << lines.size() << ", distinct words: " << counts.size() << '\n';
  for (const auto& [word, n] : counts) std::cout << word << ' ' << n << '\n';
  // libc++ for wasm32 has no <fstream> in Debian's build: use stdio for the file.
  if (FILE* out = std::fopen("/sandbox/counts.txt", "w")) {
    for (const auto& [word, n] : counts) std::fprintf(out, "%s=%d\n", word.c_str(), n);
    std::fclose(out);
  }
  return argc > 1 ? std::stoi(argv[1]) : 0;
}
