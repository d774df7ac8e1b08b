#pragma once
// Content terms: lower-cased, stop words removed, Snowball-stemmed (English).
// Used by clustering (TF-IDF) and by sentence alignment.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/segment.h"

namespace parallax {

// True for English function words ("the", "said", "would" ...): words that
// carry no topic. Input must be lower-case.
bool IsStopWord(std::string_view lower);

// Snowball English stemmer. Not thread-safe: use one per thread.
class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // Stem of a lower-case word.
  std::string Stem(std::string_view lower_word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Content terms of `text` (stems of non-stop words of two or more letters,
// and numbers as they are). Possessive "'s" is dropped before stemming.
std::vector<std::string> ContentTerms(std::string_view text, Stemmer* stemmer);

}  // namespace parallax
