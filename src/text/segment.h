#pragma once
// Sentence and word segmentation (ICU break iterators over UTF-8, so spans
// are byte offsets into the caller's text).
//
// Thread safety: every function is safe to call concurrently; each call
// uses its own iterator (cloned from a per-thread prototype).

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace parallax {

// Sentences of `text`. Paragraph breaks (blank lines or single newlines)
// always end a sentence. Within a paragraph, ICU's sentence rules with the
// English abbreviation suppressions decide, and then breaks are undone
// after titles and abbreviations ("Mr.", "U.S.", "Oct."), after initials
// ("J. Smith"), before a lower-case continuation, and inside a quotation
// that closes later in the same paragraph. Spans exclude surrounding space.
std::vector<Span> SplitSentences(std::string_view text);

// Paragraph spans: runs of non-empty lines separated by newlines.
std::vector<Span> SplitParagraphs(std::string_view text);

enum class TokenKind { kWord, kNumber, kPunct };

struct Token {
  Span span;
  TokenKind kind;
};

// Words, numbers and punctuation marks (spaces dropped). ICU word rules keep
// "don't", "U.S.", "3.5" and "e-mail" parts sensible. Computed by
// TokenizeFast (text/words.h), which gives TokenizeIcu's tokens about three
// times faster.
std::vector<Token> Tokenize(std::string_view text);

// The same with ICU's word break iterator: the reference TokenizeFast is
// tested against, and what it uses for scripts written without spaces.
std::vector<Token> TokenizeIcu(std::string_view text);

// Lower-cases with ICU full case mapping (UTF-8 in and out).
std::string ToLower(std::string_view s);

// `s` with every occurrence of `from` (non-empty) replaced by `to`.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);

}  // namespace parallax
