#pragma once
// Where the evaluation data lives at test time: ../shared/data beside the
// checkout (or $PARALLAX_SHARED/data). Tests that need it skip with a clear
// message when it is absent, so a user's clone still passes.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace parallax::testing {

inline std::string SharedDataDir() {
  if (const char* env = std::getenv("PARALLAX_SHARED")) return std::string(env) + "/data";
  return std::string(PARALLAX_SOURCE_DIR) + "/../shared/data";
}

inline bool HaveSharedData(const std::string& sub) {
  return std::filesystem::exists(SharedDataDir() + "/" + sub);
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace parallax::testing

#define PARALLAX_REQUIRE_SHARED(sub)                                                          \
  do {                                                                                        \
    if (!::parallax::testing::HaveSharedData(sub)) {                                          \
      GTEST_SKIP() << "needs " << ::parallax::testing::SharedDataDir() << "/" << sub          \
                   << " (the shared evaluation data beside the checkout); not present here"; \
    }                                                                                         \
  } while (0)
