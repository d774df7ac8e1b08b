#include "eval/extraction_compare.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "eval/extraction.h"

namespace parallax {

HalfScores SetComparison::Half(std::size_t system, DevHalf half) const {
  return AggregateHalf(set, systems[system].pages, half);
}

double SetComparison::BestOther(std::size_t i) const {
  double best = 0.0;
  for (std::size_t k = 1; k < systems.size(); ++k) best = std::max(best, systems[k].pages[i].f1);
  return best;
}

std::size_t SetComparison::Lost(DevHalf half) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < set.pages.size(); ++i) {
    if (set.pages[i].tuning != (half == DevHalf::kTuning) || systems[0].pages[i].f1 >= 0.5) continue;
    n += BestOther(i) > 0.8;
  }
  return n;
}

std::vector<std::size_t> SetComparison::LowTuningPages() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < set.pages.size(); ++i) {
    if (set.pages[i].tuning && systems[0].pages[i].f1 < 0.5) out.push_back(i);
  }
  return out;
}

Result<SetComparison> CompareOnSet(const std::string& dir, const std::vector<std::string>& peers,
                                   const std::string& peers_dir, const std::string& cache_dir,
                                   std::vector<InputError>* errors) {
  Result<ExtractionSet> loaded = LoadExtractionSet(dir);
  if (!loaded.ok()) return loaded.status();
  SetComparison c;
  c.set = std::move(*loaded);
  const ExtractionSet& set = c.set;
  c.systems.push_back({"parallax", {}});
  for (const SetPage& p : set.pages) {
    Result<std::string> html = ReadGzipFile(p.html_path);
    std::string text;
    if (!html.ok()) {
      errors->push_back({p.html_path, html.status().message() + " (scored as an empty prediction)"});
    } else {
      const auto start = std::chrono::steady_clock::now();
      text = ExtractMainText(*html);
      c.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++c.pages_read;
    }
    c.systems[0].pages.push_back(ScoreSetPage(set, p, text));
  }
  std::vector<std::string> names = peers;
  std::vector<std::map<std::string, std::string>> outputs;
  for (const std::string& peer : peers) {
    Result<std::map<std::string, std::string>> out = RunPeer(set, peers_dir, peer, cache_dir);
    if (!out.ok()) errors->push_back({peer, out.status().message()});
    outputs.push_back(out.ok() ? std::move(*out) : std::map<std::string, std::string>());
  }
  c.peers = peers.size();
  for (const std::string& system : set.systems) {
    Result<std::map<std::string, std::string>> out = LoadSystemOutput(set.dir, system);
    if (!out.ok()) {
      errors->push_back({system, out.status().message()});
      continue;
    }
    names.push_back(system);
    outputs.push_back(std::move(*out));
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    SystemPages s{names[k], {}};
    for (const SetPage& p : set.pages) {
      const auto it = outputs[k].find(p.id);
      s.pages.push_back(ScoreSetPage(set, p, it == outputs[k].end() ? std::string() : it->second));
    }
    c.systems.push_back(std::move(s));
  }
  double best_f1 = -1;
  for (std::size_t k = 1 + c.peers; k < c.systems.size(); ++k) {
    const double f1 = c.Half(k, DevHalf::kValidation).f1;
    if (f1 > best_f1) {
      best_f1 = f1;
      c.best_published = k;
    }
  }
  return c;
}

}  // namespace parallax
