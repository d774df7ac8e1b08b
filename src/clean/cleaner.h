#pragma once
// Clean: raw article text -> clean text + the list of removed blocks.
//
// Scraped news text carries page furniture: share widgets, embedded social
// posts, related-article headlines, app and newsletter prompts, captions,
// timestamps, ads. The cleaner decides per line from general evidence (line
// length, sentence shape, punctuation, capitalisation, links and markup,
// position before or after the article's prose, repetition inside the
// article and across the corpus, and short cue-word lists), never from the
// strings of particular sites. Every removed line is kept with its reason.
//
// The clean text is NFC, entity-decoded, free of HTML tags, with one
// paragraph per kept line and paragraphs separated by "\n\n". It never
// changes after this stage: later stages cite byte spans into it.
//
// Thread safety: CleanArticle is safe to call concurrently on different
// articles with the same (const) BoilerplateIndex.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"

namespace parallax {

// Short lines that recur across several articles of a corpus (site chrome
// such as "Share this article" or a newsletter blurb).
class BoilerplateIndex {
 public:
  // Counts, per normalised short line, the number of articles that hold it.
  void Add(const Article& article);
  // Number of distinct articles holding `line` (after normalisation).
  int ArticlesWith(std::string_view line) const;

 private:
  std::unordered_map<std::string, int> counts_;
};

struct CleanOptions {
  // A short line found in at least this many articles is boilerplate.
  // Default 3: two outlets can legitimately share a subheading.
  int repeated_line_min_articles = 3;
};

// Cleans `article->raw` into `article->text` and `article->removed`. Fills
// `article->title` from the page header when it is empty, and
// `article->published` from a dateline when unknown. `corpus` may be null.
void CleanArticle(Article* article, const BoilerplateIndex* corpus, const CleanOptions& options = {});

// Builds the corpus index and cleans every article, on `threads` threads
// (0 = one per hardware thread; the result does not depend on it).
void CleanCorpus(std::vector<Article>* articles, const CleanOptions& options = {}, unsigned threads = 1);

// Removes HTML tags (known element names only, so "a < b" survives) and the
// content of script and style elements; decodes entities; normalises white
// space and Unicode (NFC). Exposed for tests and for the HTML reader.
std::string CleanInline(std::string_view line);

}  // namespace parallax
