#pragma once
// Internal to src/ingest: the DOM side of HTML main-text extraction (see
// ingest/html.h for the contract). Not a public API.
//
//   Segmentation seg = SegmentPage(document, /*list_dropped=*/false);
//   StatsMap stats = ScoreNodes(seg.blocks);
//   std::vector<const HtmlNode*> roots = SelectContent(stats);
//   std::string text = EmitText(seg.blocks, roots);
//
// SegmentPage drops boilerplate regions (by tag, role, hidden style, and
// class/id words) and cuts the rest of the page into blocks at block-element
// boundaries; ScoreNodes gives each ancestor of a prose block a decayed
// share of its score; SelectContent picks the best container, widened and
// joined by similar siblings; EmitText writes the blocks under it.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/html.h"
#include "ingest/html_dom.h"

namespace parallax::html_internal {

struct Block {
  std::string text;           // whitespace collapsed
  std::size_t length = 0;     // code points
  std::size_t link_length = 0;
  const HtmlNode* owner = nullptr;  // innermost block element
  HtmlTag tag = HtmlTag::kUnknown;  // owner's tag
  bool after_link_heading = false;   // follows a block that is all link
  std::size_t self_link_length = 0;  // text of links to the page itself (its permalink)
};

struct Segmentation {
  std::vector<Block> blocks;
  // Boilerplate regions dropped (only with list_dropped), each with the
  // number of blocks before it.
  std::vector<std::pair<std::size_t, HtmlDocument::Dropped>> dropped;
};

// How strongly a class/id value names boilerplate: 0 not at all, 1 weakly
// ("caption", "byline", "pagination"), 2 strongly ("nav", "share", "related").
int JunkLevel(std::string_view value);
// Class/id words that mark the article itself ("article", "content", "story").
bool NamesContent(std::string_view value);

// trust_names = false: role and class/id words drop nothing, nor do the
// <header> and <aside> tags, nor a <nav> holding a headline or an <article>
// (the second look at a page where they left no prose at all).
// self_url: the page's own address (canonical or og:url), so that a
// headline linked to it (a blog post's title linked to its permalink) is
// not taken for a teaser's linked headline.
Segmentation SegmentPage(const HtmlNode* root, bool list_dropped, bool trust_names = true,
                         std::string_view self_url = {});

// An address reduced for comparison: no scheme, no "www.", no fragment, no
// trailing slash, lower case. "" for an empty one.
std::string UrlKey(std::string_view url);

// A dropped region's text as listed: cut to 300 bytes on a character boundary.
std::string CutForList(std::string text);

double LinkDensity(const Block& b);
// A block's weight as prose (0: not prose): commas, length, few links.
double ParagraphScore(const Block& b);

struct NodeStats {
  double score = 0.0;        // decayed paragraph scores
  double length = 0.0;       // all text under the node
  double link_length = 0.0;  // link text under the node
  double prose_length = 0.0; // text of paragraphs under the node
  int prose_blocks = 0;
  int link_blocks = 0;       // blocks that are nearly all link
};
struct StatsMap {
  std::unordered_map<const HtmlNode*, NodeStats> by_node;
  std::vector<const HtmlNode*> order;  // first-seen order, for stable ties
  const NodeStats* Find(const HtmlNode* n) const {
    auto it = by_node.find(n);
    return it == by_node.end() ? nullptr : &it->second;
  }
};

StatsMap ScoreNodes(const std::vector<Block>& blocks);
// A container's score: its decayed paragraph scores times one minus its
// link density.
double FinalScore(const NodeStats& st);

// The best-scoring container first, then those of its siblings that look
// like more of the same article. Empty when the page has no prose.
std::vector<const HtmlNode*> SelectContent(const StatsMap& stats);

bool UnderAny(const std::vector<const HtmlNode*>& roots, const HtmlNode* node);
// Text of prose blocks under the roots, in code points.
double ProseUnder(const StatsMap& stats, const std::vector<const HtmlNode*>& roots);
// The blocks under the roots, one paragraph each, "\n\n" between; the
// <h1> and link-only blocks left out.
std::string EmitText(const std::vector<Block>& blocks, const std::vector<const HtmlNode*>& roots);

}  // namespace parallax::html_internal
