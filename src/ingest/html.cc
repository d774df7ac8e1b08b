#include "ingest/html.h"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/html_blocks.h"
#include "ingest/html_dom.h"
#include "ingest/html_meta.h"
#include "ingest/html_util.h"

namespace parallax {
namespace {

using namespace html_internal;

constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;

Result<HtmlDocument> ExtractImpl(std::string_view html, bool list_dropped) {
  if (html.size() > kMaxInputBytes) {
    return Status(StatusCode::kTooLarge, "HTML input is " + std::to_string(html.size()) +
                                             " bytes, over the 64 MiB budget");
  }
  if (std::all_of(html.begin(), html.end(),
                  [](char c) { return IsAsciiSpace(static_cast<unsigned char>(c)); })) {
    return Status(StatusCode::kEmpty, "HTML input is empty");
  }
  // Text, even broken HTML, has no NULs and few control bytes; a binary file
  // fed by mistake would parse into garbage "text".
  {
    std::size_t sample = std::min<std::size_t>(html.size(), 64 * 1024);
    std::size_t ctrl = 0;
    for (std::size_t i = 0; i < sample; ++i) {
      unsigned char c = static_cast<unsigned char>(html[i]);
      if (c == 0) return InvalidInput("HTML input contains NUL bytes: binary, not HTML");
      if (c < 0x20 && !IsAsciiSpace(c)) ++ctrl;
    }
    if (ctrl * 20 > sample) return InvalidInput("HTML input is mostly control bytes: binary, not HTML");
  }

  Result<HtmlDom> dom = HtmlDom::Parse(html);
  if (!dom.ok()) return dom.status();
  const HtmlNode* document = dom->document();

  HtmlDocument doc;
  RawMeta m;
  CollectMeta(document, 0, m);
  JsonLdInfo ld = ParseJsonLd(m.json_ld);

  // Main text.
  Segmentation seg = SegmentPage(document, list_dropped);
  const std::vector<Block>& blocks = seg.blocks;
  StatsMap stats = ScoreNodes(blocks);
  std::vector<const HtmlNode*> roots = SelectContent(stats);
  {
    // An explicit article body wins when it holds most of the prose the
    // scoring found: site markup beats our guess at the container's edges.
    double found = ProseUnder(stats, roots);
    const HtmlNode* marked = nullptr;
    double marked_prose = 0.0;
    for (const HtmlNode* n : m.body_markers) {
      double p = ProseUnder(stats, {n});
      if (p > marked_prose) {
        marked = n;
        marked_prose = p;
      }
    }
    if (marked != nullptr && marked_prose >= 0.7 * found) roots = {marked};
  }
  const HtmlNode* best = roots.empty() ? nullptr : roots.front();
  doc.text = EmitText(blocks, roots);

  // JSON-LD articleBody is the publisher's own plain text; use it when the
  // DOM gave clearly less.
  std::string ld_body = CollapseSpace(ld.article_body);
  const bool from_ld = Utf8Length(ld_body) > 2 * Utf8Length(doc.text) + 200;
  if (list_dropped) {
    // What is not in the text and why, in page order.
    std::size_t next = 0;
    const auto& regions = seg.dropped;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      for (; next < regions.size() && regions[next].first <= i; ++next) doc.dropped.push_back(regions[next].second);
      const Block& b = blocks[i];
      const char* why = b.owner == nullptr || !UnderAny(roots, b.owner) ? "outside the article's main text"
                        : b.tag == HtmlTag::kH1                        ? "headline (the title)"
                        : LinkDensity(b) > 0.5                          ? "mostly links"
                        : from_ld                                       ? "replaced by the page's JSON-LD articleBody"
                                                                        : nullptr;
      if (why != nullptr) doc.dropped.push_back({CutForList(b.text), why});
    }
    for (; next < regions.size(); ++next) doc.dropped.push_back(regions[next].second);
  }
  if (from_ld) doc.text = ld_body;

  FillMetadata(m, ld, best, &doc);
  return doc;
}

}  // namespace

Result<HtmlDocument> ExtractHtml(std::string_view html, bool list_dropped) {
  // Nothing below should throw, but allocation can, and no exception may
  // cross a module boundary.
  try {
    return ExtractImpl(html, list_dropped);
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::kTooLarge, "out of memory while extracting HTML");
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, std::string("HTML extraction failed: ") + e.what());
  } catch (...) {
    return Status(StatusCode::kInternal, "HTML extraction failed");
  }
}

}  // namespace parallax
