#include <fstream>
#include <iostream>

#include "commands.h"

namespace parallax::cli {

void PrintErrors(const std::vector<InputError>& errors) {
  for (const auto& e : errors) std::cerr << "parallax: " << e.path << ": " << e.message << "\n";
}

int WriteOutput(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    std::cout.flush();
    return std::cout ? kExitOk : kExitFatal;
  }
  std::ofstream f(path, std::ios::binary);
  if (!f) {
    std::cerr << "parallax: " << path << ": cannot open for writing\n";
    return kExitFatal;
  }
  f << content;
  f.close();
  if (!f) {
    std::cerr << "parallax: " << path << ": write failed\n";
    return kExitFatal;
  }
  return kExitOk;
}

}  // namespace parallax::cli
