// WordVectors: word vectors and unigram statistics learned without labels
// from bulk news, for the paraphrase model's SIF sentence vectors and soft
// word alignment (analyze/paraphrase.h).
//
//   WordVectors v = WordVectors::Learn(texts, WordVectors::LearnOptions{});
//   v.Save("models/paraphrase-vectors.bin");
//   Result<WordVectors> w = WordVectors::Load("models/paraphrase-vectors.bin");
//   const float* u = w->Find("minister");   // unit vector, or nullptr
//
// Contract: Learn is deterministic for the same texts and options (its
// random projection is seeded); Save then Load gives the same vectors up to
// the 8-bit quantisation; Load refuses a file that is not one (a Status,
// never a crash).
//
// Thread safety: const methods are safe from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace parallax {

// Word vectors and unigram statistics learned from unlabelled text:
// positive PMI of words with their neighbours (window of `window` words,
// context-distribution smoothing 0.75), reduced by a randomized truncated
// SVD to `dimensions`, rows normalised. Stored quantised to 8 bits.
class WordVectors {
 public:
  struct LearnOptions {
    int dimensions = 100;           // vector size
    std::size_t vocabulary = 30000; // most frequent lower-case words kept
    std::size_t contexts = 3000;    // most frequent words used as contexts
    int window = 5;                 // neighbours each side, weighted 1/distance
    int power_iterations = 2;       // randomized SVD accuracy
    std::uint64_t seed = 0x5eed;    // random projection seed (deterministic)
    unsigned threads = 0;           // 0: one per hardware thread
  };
  // Learns from `texts` (each one document, for document frequencies).
  static WordVectors Learn(const std::vector<std::string>& texts, const LearnOptions& options,
                           const std::function<void(const std::string&)>& log = {});
  static Result<WordVectors> Load(const std::string& path);
  Status Save(const std::string& path) const;

  bool empty() const { return words_.empty(); }
  int dimensions() const { return dims_; }
  std::size_t size() const { return words_.size(); }
  // Unit vector of a lower-case word (dimensions() floats), or nullptr.
  const float* Find(std::string_view lower) const;
  // Unigram probability of a lower-case word; unseen words get that of a
  // word seen once.
  double Probability(std::string_view lower) const;
  // log(documents / document frequency); unseen words get the largest.
  double Idf(std::string_view lower) const;
  // First principal direction of SIF sentence vectors of the learning
  // text, removed from every sentence vector (Arora et al. 2017).
  const std::vector<float>& common_direction() const { return common_; }

 private:
  friend class ParaphraseModel;
  void Index();
  int dims_ = 0;
  std::uint64_t total_count_ = 0;
  std::uint64_t documents_ = 0;
  std::vector<std::string> words_;
  std::vector<std::uint32_t> counts_, dfs_;
  std::vector<float> vectors_;  // words_.size() x dims_
  std::vector<float> common_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
};

}  // namespace parallax
