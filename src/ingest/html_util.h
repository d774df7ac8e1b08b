#pragma once
// Internal to src/ingest: string and DOM helpers shared by the HTML
// extractor's parts (html_blocks.cc: the main text; html_meta.cc: metadata
// and structured data; html.cc: the two put together). Not a public API.
//
//   std::string t = html_internal::NodeText(node);   // whitespace collapsed
//
// Every walk stops at kMaxDepth, so hostile nesting cannot exhaust the stack.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/html_dom.h"

namespace parallax::html_internal {

constexpr int kMaxDepth = 500;

bool IsAsciiSpace(unsigned char c);
std::string Lower(std::string_view s);
// Collapses runs of whitespace (ASCII and U+00A0) to one space and trims.
std::string CollapseSpace(std::string_view s);
// Code points, not bytes: scores must not favour scripts with long encodings.
std::size_t Utf8Length(std::string_view s);
// ASCII commas and the fullwidth, ideographic and Arabic ones.
std::size_t CountCommas(std::string_view s);
bool StartsWith(std::string_view s, std::string_view p);

const char* Attr(const HtmlNode* node, const char* name);
std::string AttrStr(const HtmlNode* node, const char* name);
inline HtmlTag Tag(const HtmlNode* node) { return node->IsElement() ? node->tag : HtmlTag::kUnknown; }

template <typename F>
void ForEachChild(const HtmlNode* node, F&& f) {
  for (const HtmlNode* c = node->first_child; c != nullptr; c = c->next_sibling) f(c);
}

// Concatenated text of a subtree (depth-limited): raw, and whitespace collapsed.
void AppendRawText(const HtmlNode* node, int depth, std::string& out);
std::string NodeText(const HtmlNode* node);

bool IsInlineTag(HtmlTag t);
// Tags whose whole subtree is never article text.
bool IsAlwaysJunkTag(HtmlTag t);
// Splits class/id values into lowercase word tokens: "relatedPosts
// share-bar" -> related posts share bar.
std::vector<std::string> NameTokens(std::string_view s);
// itemprop=articleBody.
bool IsArticleBodyMarker(const HtmlNode* node);
bool IsAncestorOrSelf(const HtmlNode* anc, const HtmlNode* node);

}  // namespace parallax::html_internal
