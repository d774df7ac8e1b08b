#include "text/terms.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

namespace parallax {

namespace {
const std::unordered_set<std::string_view>& StopWords() {
  // Function words plus reporting verbs and other words every news story
  // uses, which would otherwise make unrelated stories look alike.
  static const std::unordered_set<std::string_view> kSet = {
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
      "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
      "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
      "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has",
      "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's",
      "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if",
      "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most",
      "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other",
      "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd",
      "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the",
      "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
      "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up",
      "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what",
      "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why",
      "why's", "will", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're",
      "you've", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "tell",
      "according", "just", "like", "now", "new", "one", "two", "three", "many", "much", "may", "might",
      "must", "shall", "since", "still", "yet", "however", "although", "though", "even", "ever", "every",
      "within", "without", "upon", "among", "across", "along", "around", "whether", "well", "back",
      "last", "first", "next", "year", "years", "week", "weeks", "day", "days", "time", "mr", "mrs",
      "ms", "dr", "get", "got", "make", "made", "go", "going", "went", "come", "came", "take", "took",
      "s", "t", "re", "ve", "ll", "d", "m", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "today", "yesterday", "tomorrow", "people", "added", "including"};
  return kSet;
}
}  // namespace

bool IsStopWord(std::string_view lower) { return StopWords().count(lower) > 0; }

struct Stemmer::Impl {
  sb_stemmer* stemmer = nullptr;
};

Stemmer::Stemmer() : impl_(std::make_unique<Impl>()) {
  impl_->stemmer = sb_stemmer_new("english", "UTF_8");
}

Stemmer::~Stemmer() {
  if (impl_->stemmer != nullptr) sb_stemmer_delete(impl_->stemmer);
}

std::string Stemmer::Stem(std::string_view w) {
  if (impl_->stemmer == nullptr || w.size() > 64) return std::string(w);
  const sb_symbol* out = sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(w.data()),
                                         static_cast<int>(w.size()));
  if (out == nullptr) return std::string(w);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(impl_->stemmer)));
}

std::vector<std::string> ContentTerms(std::string_view text, Stemmer* stemmer) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) {
    if (t.kind == TokenKind::kPunct) continue;
    std::string w = ToLower(text.substr(t.span.begin, t.span.size()));
    // Normalise typographic apostrophes and drop possessives.
    if (w.find("\xE2\x80\x99") != std::string::npos) w = ReplaceAll(w, "\xE2\x80\x99", "'");
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) w.resize(w.size() - 2);
    if (t.kind == TokenKind::kNumber) {
      out.push_back(std::move(w));
      continue;
    }
    if (w.size() < 2 || IsStopWord(w)) continue;
    out.push_back(stemmer->Stem(w));
  }
  return out;
}

}  // namespace parallax
