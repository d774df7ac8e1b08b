#pragma once
// Budgets: bounds on the size of what one article hands to analysis, so no
// input, however pathological, makes a later stage slow.
//
//   TextBudgets b;                                  // the defaults below
//   for (const std::string& why : ApplyTextBudgets(&article, b))
//     errors.push_back({article.path, why});        // each one named
//
// Applied to the clean text, before dedup. A paragraph over its budget is
// split at sentence ends, a sentence over its budget at a space (both by
// turning one space into a newline, so nothing moves); a word over its
// budget is cut to that length, and text past the article budget (or past
// its paragraph count budget) is left out, each cut at a paragraph end when
// there is one. RemovedBlock::at offsets are kept in step with the text.
// Every budget that was exceeded yields one message naming it; none is
// silent. Linear in the size of the text.

#include <cstddef>
#include <string>
#include <vector>

#include "model/model.h"

namespace parallax {

struct TextBudgets {
  std::size_t article_bytes = 512u << 10;  // clean text analysed per article (512 KiB)
  std::size_t paragraphs = 10000;          // paragraphs per article
  std::size_t paragraph_bytes = 64u << 10; // one paragraph (64 KiB)
  std::size_t sentence_bytes = 8u << 10;   // one sentence (8 KiB)
  std::size_t word_bytes = 1u << 10;       // one run of non-space characters (1 KiB)
};

// Applies `budgets` to `article->text` (and its removed blocks' offsets);
// returns one message per budget exceeded ("paragraph budget: ...").
std::vector<std::string> ApplyTextBudgets(Article* article, const TextBudgets& budgets = {});

}  // namespace parallax
