#pragma once
// Report: the analysis of a corpus rendered as JSON (for programs, format in
// docs/json-format.md), Markdown (for a terminal) or one self-contained HTML
// page (for people).
//
// All article text reaches the output through a JSON library or an HTML
// escaper; nothing is pasted raw.
//
// People-facing output names an outlet by the article's source, else its
// URL's host, else its title, and lists only significant framing terms. In
// HTML every citation chip links to the cited sentence in the article's
// text at the end of the page, where it is highlighted (<mark id=
// "c<article index>-<begin>-<end>">).

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/model.h"

namespace parallax {

struct Report {
  std::vector<Article> articles;
  std::vector<std::optional<std::size_t>> duplicate_of;  // per article; index of its canonical copy
  // Per article: Jaccard similarity of its word 5-shingles to its canonical
  // copy (1 for an identical text); unused when not a duplicate. May be empty.
  std::vector<double> duplicate_similarity;
  std::vector<Story> stories;
  std::vector<InputError> errors;
};

std::string RenderJson(const Report& report);
// The same JSON written to `out` as it is built, a block of articles or
// stories at a time, so that a large report never exists twice in memory.
// Blocks are rendered on up to `threads` threads (0 = one per hardware
// thread); the output is the same for any value.
void WriteJson(const Report& report, std::ostream& out, unsigned threads = 0);
std::string RenderMarkdown(const Report& report);
std::string RenderHtml(const Report& report);

// HTML-escapes & < > " ' (for text and attribute values).
std::string EscapeHtml(std::string_view s);

// The outlet name people see for an article: its source, else its URL's
// host, else its title (shortened), else its id.
std::string OutletLabel(const Article& a);

}  // namespace parallax
