#pragma once
// HTML -> main article text and metadata.
//
//   Result<HtmlDocument> doc = ExtractHtml(page_bytes);
//   if (!doc.ok()) report(doc.status());
//   else use(doc->title, doc->text);
//
// The page is parsed with libxml2's HTML parser into a small DOM
// (ingest/html_dom.h: error recovery; numeric character references and
// HTML 4's named ones are decoded, and in text the legacy names HTML5 reads
// without their semicolon ("&copy 2024"); names HTML5 added ("&check;") stay
// as written).
// The main text is found Readability-style: boilerplate regions (scripts,
// navigation, footers, asides, figures unless three or more sibling
// figures hold a paragraph each, and elements whose class/id/role name
// a menu, sidebar, share bar, comments, related links, ads, cookie banners,
// newsletter boxes...) are dropped; the remaining text is cut into blocks;
// each prose block (long enough, few links, not a teaser under a linked
// headline: a headline linked to the page's own address, <link
// rel=canonical> or og:url, is a blog post's title linked to its
// permalink, not a teaser's) scores its parent fully and farther ancestors
// less; the best
// container, times one minus its link density, is the article. It is then
// widened to ancestors whose extra content is more clean prose, and joined
// by similar siblings. When that finds less than a paragraph of prose (no
// JSON-LD body either), the page is looked at again with class/id and role
// words ignored, no <form> taken for a widget by its size, no <header> or
// <aside> dropped for its tag, nor a <nav> holding a headline or an
// <article> (a header or menu left open that holds the page, a story put in
// an aside); that answer is kept when it holds an article's worth of prose
// (500 characters: the words had named the article's own wrapper). Below
// 500 characters of prose (a standfirst) the second look is also taken, and
// kept when the page's own article (itemprop=articleBody, else the
// <article> holding the <h1>) then holds 500 characters and twice the
// prose. itemprop=articleBody wins when it holds most of that prose;
// JSON-LD articleBody is used when it is far longer than what the DOM gave.
// Blocks (paragraphs, h2-h6, list items, quotes, preformatted text, text
// directly in divs) come out one per paragraph, separated by "\n\n",
// whitespace collapsed; <br> is a line break, <br><br> a paragraph break;
// the <h1> and link-only blocks are left out.
//
// A learned block classifier (boosted trees over each block's length, link
// density, punctuation, tag, ancestors' tags and class/id words, position,
// neighbours and the rules' pick; models/extract-blocks.model, written by
// `parallax train extract`) can correct the rules: it drops a block they
// keep when confident it is boilerplate and adds one they left out when
// confident it is text. It is OFF by default (not yet better than the rules
// on the validation half of every extraction set, docs/quality.md); set
// PARALLAX_EXTRACT_MODEL=on (or to a model file) to use it.
//
// Input is assumed to be UTF-8 (invalid bytes become U+FFFD).
//
// Failures (as Status, never exceptions):
//   kEmpty        input is empty or only whitespace;
//   kTooLarge     input over 64 MiB;
//   kInvalidInput input is binary (NUL or many control bytes), not HTML.
// A page that parses but holds no article text is OK with empty `text`, so
// that its metadata can still be used; callers decide whether that is an
// error.
//
// Budgets: parsing stops at nesting depth 1000 and the DOM is only walked
// to depth 500 (deeper content is ignored), so hostile nesting can neither
// exhaust the stack nor make parsing quadratic; the DOM is released without
// recursion.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

struct HtmlDocument {
  // og:title, else the <h1> in the article, else <title>; a trailing
  // " | Site" / " - Site" part naming the site is removed.
  std::string title;
  // Main article text: one paragraph per block, separated by "\n\n".
  std::string text;
  // "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" when the time is known (time zone
  // dropped). From JSON-LD datePublished, meta article:published_time /
  // date / pubdate / DC.date..., or a <time datetime> inside the article;
  // never from a non-JSON-LD script nor from a related-links box.
  std::optional<std::string> published;
  // og:site_name, else JSON-LD publisher.name.
  std::optional<std::string> site_name;
  // <link rel=canonical>, else og:url.
  std::string canonical_url;
  // <meta name=author>, else JSON-LD author.name (several joined by ", ").
  std::string author;
  // <html lang>, as written.
  std::string language;
  // What the page held that is not in `text`, in page order, each with why
  // (for `parallax clean`): boilerplate regions ("navigation (<nav>)",
  // "class or id names page furniture (cookie-banner)", "hidden element"
  // ...) and blocks outside the chosen container, the headline, link-only
  // blocks. Text collapsed and cut to 300 characters; regions without text
  // (scripts, styles, media) are not listed.
  struct Dropped {
    std::string text;
    std::string reason;
  };
  std::vector<Dropped> dropped;
};

// Never throws; safe on arbitrary bytes. `list_dropped` fills
// HtmlDocument::dropped (off by default: it costs a walk of what is dropped).
Result<HtmlDocument> ExtractHtml(std::string_view html, bool list_dropped = false);

// For `parallax train extract` (eval/extraction_train.h): every block of the
// page (after the boilerplate regions are dropped) with the learned
// classifier's features, in page order. Fails as ExtractHtml does.
struct HtmlBlockRow {
  std::string text;
  std::vector<double> features;
  bool kept_by_rules = false;  // in the text the rules alone give
};
Result<std::vector<HtmlBlockRow>> HtmlBlockRows(std::string_view html);
// The model file's text: a header naming the feature count and the two
// thresholds (a block the rules keep is dropped below `keep_in`; one they
// leave out is added from `add_out`), then the trees (BoostedTrees::Serialise()).
std::string BlockModelText(const std::string& trees, double keep_in, double add_out);

}  // namespace parallax
