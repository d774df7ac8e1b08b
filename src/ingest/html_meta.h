#pragma once
// Internal to src/ingest: the metadata and structured-data side of HTML
// extraction (see ingest/html.h for the contract). Not a public API.
//
//   RawMeta m;
//   CollectMeta(document, 0, m);            // <meta>, <title>, JSON-LD, <time>, <h1>...
//   JsonLdInfo ld = ParseJsonLd(m.json_ld);
//   FillMetadata(m, ld, best_container, &doc);  // title, date, site, author, url, language
//
// JSON-LD blocks nested deeper than 64 levels are ignored, not parsed.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/html.h"
#include "ingest/html_dom.h"

namespace parallax::html_internal {

struct RawMeta {
  std::unordered_map<std::string, std::string> meta;  // first value per key
  std::string title_tag;
  std::string canonical;
  std::string lang;
  std::vector<std::string> json_ld;
  std::vector<const HtmlNode*> articles;       // <article>
  std::vector<const HtmlNode*> body_markers;   // itemprop=articleBody
  std::vector<const HtmlNode*> times;          // <time datetime>
  std::vector<const HtmlNode*> h1s;
};

void CollectMeta(const HtmlNode* node, int depth, RawMeta& m);

// JSON-LD: the first article-like object (or any object, as a fallback)
// supplies the fields it has.
struct JsonLdInfo {
  std::string date_published;
  std::string publisher;
  std::string author;
  std::string headline;
  std::string article_body;
  std::string url;
};

JsonLdInfo ParseJsonLd(const std::vector<std::string>& scripts);

// Normalises the date forms found in metadata: ISO 8601 ("2019-11-19",
// "2019-11-19T10:00:00-05:00", "2019/11/19 10:00"), "20191119", and
// "Nov 19, 2019" / "19 November 2019". Returns nullopt for anything else.
std::optional<std::string> NormalizeDate(std::string_view raw);

// Fills doc's title, site_name, canonical_url, author, language and
// published from the page's metadata; `best` is the chosen text container
// (or null), which scopes the <h1> and <time> fallbacks.
void FillMetadata(const RawMeta& m, const JsonLdInfo& ld, const HtmlNode* best, HtmlDocument* doc);

}  // namespace parallax::html_internal
