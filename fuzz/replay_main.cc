// Replay driver: runs a fuzz target over every file of the given corpus
// directories, and over fixed-seed mutations of each (bytes flipped,
// inserted, deleted, spliced), so CTest exercises the target without
// libFuzzer. Exit 0 when every input ran; a crash fails the test.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void Run(const std::string& s) { LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(argv[i], ec)) {
      std::ifstream f(e.path(), std::ios::binary);
      std::ostringstream b;
      b << f.rdbuf();
      inputs.push_back(b.str());
    }
    if (ec) {
      std::fprintf(stderr, "replay: %s: %s\n", argv[i], ec.message().c_str());
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no corpus files\n");
    return 2;
  }
  std::mt19937_64 rng(20261123);
  std::size_t runs = 0;
  for (const std::string& base : inputs) {
    Run(base);
    ++runs;
    for (int m = 0; m < 300; ++m) {
      std::string s = base;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = s.empty() ? 0 : rng() % s.size();
        switch (rng() % 4) {
          case 0: if (!s.empty()) s[at] = static_cast<char>(rng()); break;
          case 1: s.insert(at, 1, static_cast<char>(rng())); break;
          case 2: if (!s.empty()) s.erase(at, 1 + rng() % 16); break;
          default: {
            const std::string& other = inputs[rng() % inputs.size()];
            if (!other.empty()) s.insert(at, other.substr(rng() % other.size(), 64));
          }
        }
      }
      Run(s);
      ++runs;
    }
  }
  std::printf("replay: %zu inputs ran\n", runs);
  return 0;
}
