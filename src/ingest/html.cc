#include "ingest/html.h"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/html_blocks.h"
#include "ingest/html_classify.h"
#include "ingest/html_dom.h"
#include "ingest/html_meta.h"
#include "ingest/html_util.h"

namespace parallax {
namespace {

using namespace html_internal;

constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;

Status CheckInput(std::string_view html) {
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
  return Status();
}

// The page's own statement of where its article is: the itemprop=articleBody
// element holding the most prose, else the innermost <article> holding the
// <h1>. Null when neither is there.
const HtmlNode* StructuredBody(const RawMeta& m, const StatsMap& stats) {
  const HtmlNode* marked = nullptr;
  double marked_prose = 0.0;
  for (const HtmlNode* n : m.body_markers) {
    const double p = ProseUnder(stats, {n});
    if (p > marked_prose) {
      marked = n;
      marked_prose = p;
    }
  }
  if (marked != nullptr) return marked;
  const HtmlNode* article = nullptr;
  for (const HtmlNode* a : m.articles) {
    for (const HtmlNode* h : m.h1s) {
      if (IsAncestorOrSelf(a, h) && (article == nullptr || IsAncestorOrSelf(article, a))) article = a;
    }
  }
  return article;
}

// The page's own address: <link rel=canonical>, else og:url.
std::string SelfUrl(const RawMeta& m) {
  if (!m.canonical.empty()) return m.canonical;
  const auto it = m.meta.find("og:url");
  return it == m.meta.end() ? std::string() : it->second;
}

// A parsed page, its blocks, and the rules' pick.
struct Analysis {
  HtmlDom dom;
  RawMeta meta;
  Segmentation seg;
  StatsMap stats;
  std::vector<const HtmlNode*> roots;
  const HtmlNode* structured = nullptr;
};

// A second look without class/id words is taken when the first found
// less than a paragraph of prose (code points), and kept when it finds an
// article's worth.
constexpr double kRescueMaxFirstProse = 150;
constexpr double kRescueMinProse = 500;
// Under an article's worth, a second look is also taken, but its answer is
// kept only inside the page's own article (StructuredBody) and when it
// finds at least twice the prose: the first look's pick was a standfirst
// or caption of that article, not a short post beside a comment thread.
constexpr double kRescueInArticleMaxFirstProse = 500;

Result<Analysis> Analyse(std::string_view html, bool list_dropped) {
  if (Status s = CheckInput(html); !s.ok()) return s;
  Result<HtmlDom> dom = HtmlDom::Parse(html);
  if (!dom.ok()) return dom.status();
  Analysis a{std::move(*dom), {}, {}, {}, {}, nullptr};
  const HtmlNode* document = a.dom.document();
  CollectMeta(document, 0, a.meta);
  const std::string self_url = SelfUrl(a.meta);
  a.seg = SegmentPage(document, list_dropped, /*trust_names=*/true, self_url);
  a.stats = ScoreNodes(a.seg.blocks);
  a.roots = SelectContent(a.stats);
  const double first_prose = ProseUnder(a.stats, a.roots);
  if (first_prose < kRescueInArticleMaxFirstProse &&
      Utf8Length(CollapseSpace(ParseJsonLd(a.meta.json_ld).article_body)) < 200) {
    // Less than a paragraph of prose left once the class/id and
    // role words had their say: on some templates those words name the
    // article's own wrapper (an id saying "print", a layout class), so
    // look again without them (unless the page's JSON-LD carries the
    // article body: then that is the text).
    Segmentation again = SegmentPage(document, list_dropped, /*trust_names=*/false, self_url);
    StatsMap stats = ScoreNodes(again.blocks);
    std::vector<const HtmlNode*> roots = SelectContent(stats);
    // Only an article's worth of prose: a gallery page's one licence
    // paragraph is not a text the words were wrong to hide.
    const double prose = roots.empty() ? 0.0 : ProseUnder(stats, roots);
    bool keep = prose >= kRescueMinProse && first_prose < kRescueMaxFirstProse;
    if (const HtmlNode* article = StructuredBody(a.meta, a.stats); !keep && article != nullptr) {
      const double in_article = ProseUnder(stats, {article});
      keep = in_article >= kRescueMinProse && in_article >= 2 * first_prose;
      // Widening may have gone past the article (nothing else is left
      // around it once the words are ignored): the article is the pick.
      if (keep && !std::all_of(roots.begin(), roots.end(),
                               [&](const HtmlNode* r) { return IsAncestorOrSelf(article, r); })) {
        roots = {article};
      }
    }
    if (keep) {
      a.seg = std::move(again);
      a.stats = std::move(stats);
      a.roots = std::move(roots);
    }
  }
  const RawMeta& m = a.meta;
  const StatsMap& stats = a.stats;
  std::vector<const HtmlNode*>& roots = a.roots;
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
  a.structured = StructuredBody(m, stats);
  return a;
}

PageBlocks PageOf(const Analysis& a) {
  return PageBlocks{&a.seg.blocks, &a.stats, a.roots, a.structured};
}

Result<HtmlDocument> ExtractImpl(std::string_view html, bool list_dropped) {
  Result<Analysis> analysed = Analyse(html, list_dropped);
  if (!analysed.ok()) return analysed.status();
  const Analysis& a = *analysed;
  const std::vector<Block>& blocks = a.seg.blocks;
  const std::vector<const HtmlNode*>& roots = a.roots;
  HtmlDocument doc;
  JsonLdInfo ld = ParseJsonLd(a.meta.json_ld);
  const HtmlNode* best = roots.empty() ? nullptr : roots.front();

  // Which blocks are the article: the rules' (the blocks under the chosen
  // container, less the <h1> and link-only blocks), corrected by the learned
  // classifier when its model is there.
  std::vector<const char*> why(blocks.size(), nullptr);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    why[i] = b.owner == nullptr || !UnderAny(roots, b.owner) ? "outside the article's main text"
             : b.tag == HtmlTag::kH1                        ? "headline (the title)"
             : LinkDensity(b) > 0.5                          ? "mostly links"
                                                             : nullptr;
  }
  if (const BlockModel* model = DefaultBlockModel(); model != nullptr && !blocks.empty()) {
    // The learned classifier corrects the rules: it drops a block they keep
    // when it is confident the block is boilerplate, and adds one they left
    // out when it is confident the block is article text.
    const std::vector<std::vector<double>> rows = BlockFeatureRows(PageOf(a));
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const double p = model->Probability(rows[i]);
      if (why[i] == nullptr && p < model->keep_in()) {
        why[i] = "classified as boilerplate (learned block model)";
      } else if (why[i] != nullptr && p >= model->add_out()) {
        why[i] = nullptr;
      }
    }
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (why[i] != nullptr) continue;
    if (!doc.text.empty()) doc.text += "\n\n";
    doc.text += blocks[i].text;
  }

  // JSON-LD articleBody is the publisher's own plain text; use it when the
  // DOM gave clearly less.
  std::string ld_body = CollapseSpace(ld.article_body);
  const bool from_ld = Utf8Length(ld_body) > 2 * Utf8Length(doc.text) + 200;
  if (list_dropped) {
    // What is not in the text and why, in page order.
    std::size_t next = 0;
    const auto& regions = a.seg.dropped;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      for (; next < regions.size() && regions[next].first <= i; ++next) doc.dropped.push_back(regions[next].second);
      const char* reason = why[i] != nullptr ? why[i] : from_ld ? "replaced by the page's JSON-LD articleBody" : nullptr;
      if (reason != nullptr) doc.dropped.push_back({CutForList(blocks[i].text), reason});
    }
    for (; next < regions.size(); ++next) doc.dropped.push_back(regions[next].second);
  }
  if (from_ld) doc.text = ld_body;

  FillMetadata(a.meta, ld, best, &doc);
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

Result<std::vector<HtmlBlockRow>> HtmlBlockRows(std::string_view html) {
  try {
    Result<Analysis> a = Analyse(html, false);
    if (!a.ok()) return a.status();
    std::vector<std::vector<double>> rows = BlockFeatureRows(PageOf(*a));
    std::vector<HtmlBlockRow> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Block& b = a->seg.blocks[i];
      const bool rules = b.owner != nullptr && UnderAny(a->roots, b.owner) && b.tag != HtmlTag::kH1 &&
                         LinkDensity(b) <= 0.5;
      out.push_back({b.text, std::move(rows[i]), rules});
    }
    return out;
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::kTooLarge, "out of memory while extracting HTML");
  }
}

std::string BlockModelText(const std::string& trees, double keep_in, double add_out) {
  return BlockModel::Serialise(trees, keep_in, add_out);
}

}  // namespace parallax
