#pragma once
// One extraction set scored for every system on the same pages: ours, the
// peers run on them (eval/extraction_sets.h RunPeer) and the set's
// published outputs, with the comparisons `parallax eval extract-sets`
// prints (per-half F1, "lost" pages, the best published system).
//
//   std::vector<InputError> errors;
//   Result<SetComparison> c = CompareOnSet(dir, {"readability-lxml"}, "../shared/peers", "build/peer-cache", &errors);
//   HalfScores ours = c->Half(0, DevHalf::kValidation);
//   std::size_t lost = c->Lost(DevHalf::kValidation);
//
// Contract: a page that cannot be read is an empty prediction for us (and
// an error naming it); a peer that fails is an error and an empty
// prediction on every page; a published output that cannot be read is an
// error and left out. Fails only when the set itself cannot be read.

#include <cstddef>
#include <string>
#include <vector>

#include "core/split.h"
#include "core/status.h"
#include "eval/extraction_sets.h"
#include "model/model.h"

namespace parallax {

struct SystemPages {
  std::string name;
  std::vector<PageScore> pages;  // pages[i] belongs to set.pages[i]
};

struct SetComparison {
  ExtractionSet set;
  // [0] parallax, then the peers (in the order asked), then the published.
  std::vector<SystemPages> systems;
  std::size_t peers = 0;
  // Index into systems of the published system best on the validation
  // half; 0 when the set has none.
  std::size_t best_published = 0;
  double seconds = 0.0;          // our extraction time, one thread
  std::size_t pages_read = 0;    // pages we could read

  HalfScores Half(std::size_t system, DevHalf half) const;
  // Our pages of `half` below 0.5 where some other system is above 0.8.
  std::size_t Lost(DevHalf half) const;
  // Indexes of the tuning-half pages where we score below 0.5 (the
  // validation half is looked at only as a number).
  std::vector<std::size_t> LowTuningPages() const;
  // The best F1 any other system reaches on page `i`.
  double BestOther(std::size_t i) const;
};

Result<SetComparison> CompareOnSet(const std::string& dir, const std::vector<std::string>& peers,
                                   const std::string& peers_dir, const std::string& cache_dir,
                                   std::vector<InputError>* errors);

}  // namespace parallax
