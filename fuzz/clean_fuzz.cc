// Fuzz target for the cleaner (clean/cleaner.h CleanArticle) and the text
// budgets after it (engine/budget.h): any valid UTF-8 text (what ingest lets
// through) as an article's raw text. They must not crash or hang; the clean
// text is valid UTF-8, and after the budgets no paragraph is over its
// budget unless it has no space to split at.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/clean_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "engine/budget.h"
#include "text/segment.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (!parallax::IsValidUtf8(in)) return 0;
  parallax::Article a;
  a.id = "f";
  a.path = "f.txt";
  a.raw = std::string(in);
  parallax::CleanArticle(&a, nullptr);
  if (!parallax::IsValidUtf8(a.text) || !parallax::IsValidUtf8(a.title)) std::abort();
  parallax::TextBudgets b;
  b.article_bytes = 4096;
  b.paragraphs = 20;
  b.paragraph_bytes = 512;
  b.sentence_bytes = 256;
  b.word_bytes = 64;
  parallax::ApplyTextBudgets(&a, b);
  if (a.text.size() > b.article_bytes || !parallax::IsValidUtf8(a.text)) std::abort();
  for (const parallax::RemovedBlock& r : a.removed) {
    if (r.at > a.text.size() + 2) std::abort();
  }
  return 0;
}
