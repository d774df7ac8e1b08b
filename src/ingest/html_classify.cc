#include "ingest/html_classify.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/file.h"
#include "ingest/html_util.h"

namespace parallax::html_internal {
namespace {

constexpr const char* kModelHeader = "extract-blocks";

bool IsSentenceEnd(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == '.' || c == '!' || c == '?') return true;
  // U+3002 ideographic full stop, U+FF01/U+FF1F fullwidth ! and ?.
  return s.compare(i, 3, "\xE3\x80\x82") == 0 || s.compare(i, 3, "\xEF\xBC\x81") == 0 ||
         s.compare(i, 3, "\xEF\xBC\x9F") == 0;
}

struct TextShape {
  double sentence_ends = 0;
  bool ends_with_stop = false;
  double digit_share = 0;
  double capital_word_share = 0;
  double mean_word_length = 0;
};

TextShape Shape(std::string_view s) {
  TextShape t;
  std::size_t digits = 0, chars = 0, words = 0, capital = 0, word_chars = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) ++chars;
    if (IsSentenceEnd(s, i)) t.sentence_ends += 1;
    if (std::isdigit(c) != 0) ++digits;
    const bool letter = std::isalnum(c) != 0 || c >= 0x80;
    if (letter) {
      if (!in_word) {
        ++words;
        if (std::isupper(c) != 0) ++capital;
      }
      ++word_chars;
    }
    in_word = letter;
  }
  std::size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '"' || s[end - 1] == '\'' || s[end - 1] == ')')) --end;
  t.ends_with_stop = end > 0 && (IsSentenceEnd(s, end - 1) || (end >= 3 && IsSentenceEnd(s, end - 3)));
  t.digit_share = chars == 0 ? 0 : static_cast<double>(digits) / static_cast<double>(chars);
  t.capital_word_share = words == 0 ? 0 : static_cast<double>(capital) / static_cast<double>(words);
  t.mean_word_length = words == 0 ? 0 : static_cast<double>(word_chars) / static_cast<double>(words);
  return t;
}

double Log1p(double v) { return std::log1p(std::max(0.0, v)); }

}  // namespace

std::vector<std::vector<double>> BlockFeatureRows(const PageBlocks& page) {
  const std::vector<Block>& blocks = *page.blocks;
  const StatsMap& stats = *page.stats;
  const std::size_t n = blocks.size();
  std::vector<std::vector<double>> rows(n, std::vector<double>(kBlockFeatureCount, 0.0));
  if (n == 0) return rows;

  double max_final = 0;
  for (const HtmlNode* node : stats.order) max_final = std::max(max_final, FinalScore(*stats.Find(node)));
  double total_length = 0, total_prose = 0;
  for (const Block& b : blocks) {
    total_length += static_cast<double>(b.length);
    if (ParagraphScore(b) > 0) total_prose += static_cast<double>(b.length);
  }
  const double pick_share = total_prose > 0 ? ProseUnder(stats, page.roots) / total_prose : 0.0;

  std::vector<char> under(n, 0);
  for (std::size_t i = 0; i < n; ++i) under[i] = blocks[i].owner != nullptr && UnderAny(page.roots, blocks[i].owner);
  // Distance in blocks to the nearest block of the rules' pick.
  std::vector<double> distance(n, static_cast<double>(n));
  double last = -1e9;
  for (std::size_t i = 0; i < n; ++i) {
    if (under[i]) last = static_cast<double>(i);
    distance[i] = static_cast<double>(i) - last;
  }
  last = 1e18;
  for (std::size_t i = n; i-- > 0;) {
    if (under[i]) last = static_cast<double>(i);
    distance[i] = std::min(distance[i], last - static_cast<double>(i));
  }

  auto final_of = [&](const HtmlNode* node) {
    const NodeStats* st = node ? stats.Find(node) : nullptr;
    return st == nullptr || max_final <= 0 ? 0.0 : FinalScore(*st) / max_final;
  };

  // Class/id words per element, worked out once per element.
  struct Names {
    int junk = 0;
    bool content = false;
  };
  std::unordered_map<const HtmlNode*, Names> names_of;
  auto names = [&](const HtmlNode* a) {
    auto [it, inserted] = names_of.try_emplace(a);
    if (inserted) {
      const char* cls = Attr(a, "class");
      const char* id = Attr(a, "id");
      if ((cls != nullptr && *cls != '\0') || (id != nullptr && *id != '\0')) {
        const std::string v = std::string(cls ? cls : "") + " " + (id ? id : "");
        it->second.junk = JunkLevel(v);
        it->second.content = NamesContent(v);
      }
    }
    return it->second;
  };

  double before = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Block& b = blocks[i];
    std::vector<double>& f = rows[i];
    const TextShape shape = Shape(b.text);
    f[0] = Log1p(static_cast<double>(b.length));
    f[1] = LinkDensity(b);
    f[2] = std::min<double>(static_cast<double>(CountCommas(b.text)), 20);
    f[3] = std::min(shape.sentence_ends, 20.0);
    f[4] = shape.ends_with_stop ? 1 : 0;
    f[5] = static_cast<double>(i) / static_cast<double>(n);
    f[6] = total_length > 0 ? before / total_length : 0;
    f[7] = b.tag == HtmlTag::kP;
    f[8] = b.tag == HtmlTag::kHeading;
    f[9] = b.tag == HtmlTag::kLi;
    f[10] = b.tag == HtmlTag::kH1;
    f[11] = b.tag == HtmlTag::kOther || b.tag == HtmlTag::kUnknown;
    f[12] = b.after_link_heading ? 1 : 0;
    // Ancestors: depth, article markers, class/id words, list items.
    int depth = 0, junk = 0, level = 0;
    bool article = false, content = false, in_li = false, structured = false;
    for (const HtmlNode* a = b.owner; a != nullptr && a->IsElement() && depth < 64; a = a->parent, ++depth) {
      const HtmlTag t = Tag(a);
      if (t == HtmlTag::kArticle || t == HtmlTag::kMain || IsArticleBodyMarker(a)) article = true;
      if (a == page.structured) structured = true;
      if (level < 8) {
        const Names nm = names(a);
        junk = std::max(junk, nm.junk);
        content = content || nm.content;
        if (t == HtmlTag::kLi && level < 4) in_li = true;
      }
      ++level;
    }
    f[13] = depth;
    f[14] = article;
    f[15] = junk;
    f[16] = content;
    f[17] = in_li;
    if (i > 0) {
      f[18] = Log1p(static_cast<double>(blocks[i - 1].length));
      f[19] = LinkDensity(blocks[i - 1]);
    }
    if (i + 1 < n) {
      f[20] = Log1p(static_cast<double>(blocks[i + 1].length));
      f[21] = LinkDensity(blocks[i + 1]);
    }
    f[22] = ParagraphScore(b);
    f[23] = b.owner ? final_of(b.owner->parent) : 0;
    f[24] = final_of(b.owner);
    f[25] = under[i];
    f[26] = pick_share;
    f[27] = total_length > 0 ? static_cast<double>(b.length) / total_length : 0;
    f[28] = structured;
    f[29] = page.structured != nullptr;
    f[30] = std::min(distance[i], static_cast<double>(n)) / static_cast<double>(n);
    f[31] = Log1p(total_length);
    {
      const HtmlNode* g = b.owner && b.owner->parent ? b.owner->parent->parent : nullptr;
      const NodeStats* st = g ? stats.Find(g) : nullptr;
      f[32] = st && st->length > 0 ? st->link_length / st->length : 0;
    }
    f[33] = shape.digit_share;
    f[34] = shape.capital_word_share;
    f[35] = shape.mean_word_length;
    before += static_cast<double>(b.length);
  }
  return rows;
}

Result<BlockModel> BlockModel::Parse(std::string_view text, const std::string& origin) {
  const std::size_t eol = text.find('\n');
  std::istringstream head(std::string(text.substr(0, eol)));
  std::string magic;
  int features = 0;
  double keep_in = 0, add_out = 0;
  if (!(head >> magic >> features >> keep_in >> add_out) || magic != kModelHeader ||
      eol == std::string_view::npos) {
    return InvalidInput(origin + ":1: not an extract-blocks model (expected \"" + kModelHeader +
                        " <features> <keep_in> <add_out>\")");
  }
  if (features != kBlockFeatureCount) {
    return InvalidInput(origin + ":1: model has " + std::to_string(features) + " features, this build computes " +
                        std::to_string(kBlockFeatureCount) + " (retrain with `parallax train extract`)");
  }
  Result<BoostedTrees> trees = BoostedTrees::Parse(text.substr(eol + 1), origin, 2);
  if (!trees.ok()) return trees.status();
  BlockModel m;
  m.trees_ = std::move(*trees);
  m.keep_in_ = keep_in;
  m.add_out_ = add_out;
  return m;
}

std::string BlockModel::Serialise(const std::string& trees_text, double keep_in, double add_out) {
  std::ostringstream out;
  out.precision(17);
  out << kModelHeader << ' ' << kBlockFeatureCount << ' ' << keep_in << ' ' << add_out << '\n' << trees_text;
  return out.str();
}

const BlockModel* DefaultBlockModel() {
  static const BlockModel* model = []() -> const BlockModel* {
    // Off unless asked for: on the validation halves the model is not yet
    // better than the rules on every set (docs/quality.md).
    const char* env = std::getenv("PARALLAX_EXTRACT_MODEL");
    if (env == nullptr || *env == '\0' || std::string_view(env) == "none") return nullptr;
#ifdef PARALLAX_MODEL_DIR
    const std::string models = PARALLAX_MODEL_DIR;
#else
    const std::string models = "models";
#endif
    const std::string path = std::string_view(env) == "on"
                                 ? LocateModelFile("PARALLAX_EXTRACT_MODEL_FILE", "extract-blocks.model", models)
                                 : std::string(env);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "parallax: warning: " << path << ": cannot open the HTML block model; HTML extraction uses its rules alone\n";
      return nullptr;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    Result<BlockModel> m = BlockModel::Parse(buf.str(), path);
    if (!m.ok()) {
      std::cerr << "parallax: warning: " << m.status().message() << "; HTML extraction uses its rules alone\n";
      return nullptr;
    }
    return new BlockModel(std::move(*m));
  }();
  return model;
}

}  // namespace parallax::html_internal
