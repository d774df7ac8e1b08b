#include <fstream>
#include <iostream>

#include "cluster/cluster.h"
#include "commands.h"

namespace parallax::cli {

void PrintErrors(const std::vector<InputError>& errors) {
  for (const auto& e : errors) std::cerr << "parallax: " << e.path << ": " << e.message << "\n";
}

void WarnIfNoSameEventModel() {
  if (std::string why; DefaultSameEventModel(&why) == nullptr && !why.empty()) {
    std::cerr << "parallax: warning: " << why
              << "; stories are clustered by the cosine threshold instead of the same-event model (set "
                 "PARALLAX_SAME_EVENT_MODEL, or =none for the cosine without this warning)\n";
  }
  if (std::string why; DefaultBackgroundDf(&why) == nullptr && !why.empty()) {
    std::cerr << "parallax: warning: " << why
              << "; stories are clustered with the corpus's own idf only (set PARALLAX_BACKGROUND_DF, or =none "
                 "without this warning)\n";
  }
}

int WriteOutput(const std::string& path, const std::string& content) {
  return WriteOutput(path, [&](std::ostream& o) { o << content; });
}

int WriteOutput(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    return std::cout ? kExitOk : kExitFatal;
  }
  std::ofstream f(path, std::ios::binary);
  if (!f) {
    std::cerr << "parallax: " << path << ": cannot open for writing\n";
    return kExitFatal;
  }
  write(f);
  f.close();
  if (!f) {
    std::cerr << "parallax: " << path << ": write failed\n";
    return kExitFatal;
  }
  return kExitOk;
}

}  // namespace parallax::cli
