#pragma once
// The per-article analysis cache of the store, backend-neutral (SQLite
// today; PostgreSQL can keep the same bytes in a bytea column).
//
//   std::string blob = EncodeArticleAnalysis(AnalyzeArticle(article, opt));
//   // kept with ArticleAnalysisKey(opt) and HashOfText(article.text)
//   std::optional<ArticleAnalysis> pre = DecodeArticleAnalysis(blob);
//
// A story that gains articles is re-analysed whole, but what AnalyzeStory
// computes from one article alone (analyze.h, ArticleAnalysis: the tagger's
// entities) is computed once per article text and kept. A kept entry is
// reused only when its key equals ArticleAnalysisKey(options) (same format
// version, same tagger and tagging code) and its text hash the article's
// current text; otherwise it is computed again and replaced. Reuse never
// changes a report (test Backends/StoreOn.CachedArticleAnalysisGivesByteIdenticalStories).
//
// Format: a varint count, then per entity the varint gap from the previous
// entity's begin, the varint length and one type byte; a first byte 0 =
// no tagger output (rules only). About 3 bytes per tagged name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyze/analyze.h"

namespace parallax::store_internal {

std::string EncodeArticleAnalysis(const ArticleAnalysis& analysis);
// nullopt when the bytes are not an encoding (damaged): compute it again.
std::optional<ArticleAnalysis> DecodeArticleAnalysis(std::string_view blob);

// The text hash kept beside a cached entry (64-bit FNV-1a of the text).
std::int64_t HashOfText(std::string_view text);

}  // namespace parallax::store_internal
