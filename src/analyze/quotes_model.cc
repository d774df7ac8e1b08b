// Quote or not (quotes_model.h): the features of a quotation and the
// model file.

#include "analyze/quotes_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "analyze/quotes_internal.h"
#include "core/file.h"
#include "text/segment.h"

namespace parallax {
namespace {

constexpr char kMagic[] = "parallax-quotes 1\n";

const char* const kFeatureNames[kQuoteFeatureCount] = {
    "words",          "rule_kind",        "rule_speaker",     "verb_distance",   "capital_share",
    "title_case",     "lower_start",      "ends_sentence",    "ends_comma",      "personal_pronoun",
    "verb_word",      "after_article",    "after_preposition", "after_possessive", "after_naming",
    "after_number",   "before_lower_word", "opens_paragraph", "whole_paragraph", "continues",
    "article_quotes", "digit_share",      "sentences",        "sentence_quotes", "next_sentence_verb",
    "after_on",       "after_capital",    "before_capital",   "repeated"};

bool IsUpperInitial(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  return std::isupper(c) || (c >= 0xC0 && w.size() > 1);  // a non-ASCII letter: counted as a capital
}

bool IsDigits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.';
  });
}

// Short words a title leaves in lower case ("Face the Nation").
bool IsTitleFunctionWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {"a",  "an", "the", "and", "or", "of",  "for", "in",
                                                         "on", "at", "to",  "with", "by", "from", "as", "vs"};
  return k.count(lower) > 0;
}

bool IsPersonalPronoun(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "i",   "me",   "my",   "mine", "we",   "us",    "our",   "ours", "you",  "your", "yours", "i'm",
      "i've", "i'll", "i'd", "we're", "we've", "we'll", "we'd", "you're", "you've", "you'll", "myself", "ourselves"};
  return k.count(lower) > 0;
}

bool IsVerbWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "is",    "are",   "was",    "were",  "be",     "been",   "being", "am",     "have",   "has",   "had",
      "will",  "would", "can",    "could", "should", "shall",  "may",   "might",  "must",   "do",    "does",
      "did",   "don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "it's", "that's",
      "there's", "he's", "she's", "they're", "going", "think", "want", "know", "get", "got", "need", "not"};
  if (k.count(lower) > 0) return true;
  // The typographic apostrophe ("don’t") counts like the plain one.
  std::string plain;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (lower.substr(i, 3) == "\xE2\x80\x99") {
      plain += '\'';
      i += 2;
    } else {
      plain += lower[i];
    }
  }
  return plain.size() != lower.size() && k.count(plain) > 0;
}

bool IsPrepositionWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {"on", "in", "of", "at", "from", "for", "with", "about",
                                                         "into", "onto", "via", "during", "under", "by"};
  return k.count(lower) > 0;
}

bool IsNamingWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "called", "dubbed", "titled", "entitled", "named", "nicknamed", "so-called", "labeled", "labelled",
      "branded", "slogan", "motto", "term", "phrase", "book", "show", "program", "programme", "film",
      "song", "series", "headline", "column", "hashtag", "campaign", "known", "billed", "word"};
  return k.count(lower) > 0;
}

// A quotation's text without its marks (straight, curly or guillemets).
std::string_view WithoutMarks(std::string_view s) {
  static const std::string_view kMarks[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB"};
  for (bool again = true; again;) {
    again = false;
    for (std::string_view m : kMarks) {
      if (s.starts_with(m)) { s.remove_prefix(m.size()); again = true; }
      if (s.ends_with(m)) { s.remove_suffix(m.size()); again = true; }
    }
  }
  return s;
}

bool InsideAny(const std::vector<Span>& spans, std::size_t pos) {
  auto it = std::upper_bound(spans.begin(), spans.end(), pos, [](std::size_t p, const Span& s) { return p < s.begin; });
  return it != spans.begin() && pos < std::prev(it)->end;
}

}  // namespace

const char* QuoteFeatureName(int feature) {
  return feature >= 0 && feature < kQuoteFeatureCount ? kFeatureNames[feature] : "?";
}

std::string QuoteModel::Serialise() const {
  char bar[64];
  std::snprintf(bar, sizeof bar, "bar %.17g\n", bar_);
  return std::string(kMagic) + bar + trees_.Serialise();
}

Result<QuoteModel> QuoteModel::Parse(std::string_view text, const std::string& origin) {
  const std::string_view magic(kMagic);
  if (text.substr(0, magic.size()) != magic) {
    return InvalidInput(origin + ": not a Parallax quote model (no '" + std::string(magic.substr(0, magic.size() - 1)) +
                        "' line)");
  }
  text.remove_prefix(magic.size());
  const std::size_t nl = text.find('\n');
  const std::string line(text.substr(0, nl));
  double bar = 0;
  char* end = nullptr;
  if (nl == std::string_view::npos || !line.starts_with("bar ") ||
      (bar = std::strtod(line.c_str() + 4, &end), end == line.c_str() + 4 || *end != '\0') || !(bar >= 0 && bar <= 1)) {
    return InvalidInput(origin + ":2: expected 'bar <probability>'");
  }
  auto trees = BoostedTrees::Parse(text.substr(nl + 1), origin, 3);
  if (!trees.ok()) return trees.status();
  if (trees->width() > kQuoteFeatureCount) {
    return InvalidInput(origin + ": the model reads " + std::to_string(trees->width()) + " features, this build has " +
                        std::to_string(kQuoteFeatureCount));
  }
  return QuoteModel(std::move(*trees), bar);
}

Result<QuoteModel> QuoteModel::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(StatusCode::kNotFound, path + ": cannot open the quote model");
  std::ostringstream buf;
  buf << f.rdbuf();
  return Parse(buf.str(), path);
}

std::string DefaultQuoteModelPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_QUOTE_MODEL", "quotes.model", models);
}

const QuoteModel* DefaultQuoteModel() {
  static const Result<QuoteModel>* loaded = [] {
    const char* env = std::getenv("PARALLAX_QUOTE_MODEL");
    if (env != nullptr && std::string_view(env) == "none") {
      return new Result<QuoteModel>(Status(StatusCode::kNotFound, "PARALLAX_QUOTE_MODEL=none"));
    }
    return new Result<QuoteModel>(QuoteModel::Load(DefaultQuoteModelPath()));
  }();
  return loaded->ok() ? &loaded->value() : nullptr;
}

namespace analyze_internal::quotes_detail {

std::vector<double> QuoteFeatures(std::string_view text, const QuoteSite& site, const std::vector<Span>& outers) {
  std::vector<double> f(kQuoteFeatureCount, 0.0);
  const std::string_view content = text.substr(site.content.begin, site.content.size());
  const std::vector<std::string_view> words = WordsOf(content);
  f[kQfWords] = std::log1p(static_cast<double>(words.size()));
  f[kQfRuleKind] = site.rule_kind;
  f[kQfRuleSpeaker] = !site.rule_speaker.empty();
  std::size_t capitals = 0, digits = 0, lower_content = 0;
  for (std::string_view w : words) {
    const std::string lower = ToLower(w);
    if (IsUpperInitial(w)) {
      ++capitals;
    } else if (IsDigits(w)) {
      ++digits;
    } else if (!IsTitleFunctionWord(lower)) {
      ++lower_content;
    }
    if (IsPersonalPronoun(lower)) f[kQfPersonalPronoun] = 1;
    if (IsVerbWord(lower)) f[kQfVerbWord] = 1;
  }
  if (!words.empty()) {
    f[kQfCapitalShare] = static_cast<double>(capitals) / static_cast<double>(words.size());
    f[kQfDigitShare] = static_cast<double>(digits) / static_cast<double>(words.size());
    f[kQfTitleCase] = lower_content == 0 && capitals > 0;
    f[kQfLowerStart] = std::islower(static_cast<unsigned char>(words.front()[0])) != 0;
  }
  std::string_view trimmed = content;
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) trimmed.remove_suffix(1);
  if (!trimmed.empty()) {
    const char last = trimmed.back();
    f[kQfEndsSentence] = last == '.' || last == '?' || last == '!';
    f[kQfEndsComma] = last == ',';
  }
  for (std::size_t i = 0; i + 1 < content.size(); ++i) {
    if ((content[i] == '.' || content[i] == '?' || content[i] == '!') && content[i + 1] == ' ') f[kQfSentences] += 1;
  }
  // The word right before the opening mark and right after the closing one.
  // (Windows of bounded size around the quote: a paragraph of a million
  // quotation marks costs time in proportion to its size.)
  const std::size_t before_begin = std::max<std::size_t>(site.paragraph.begin, site.outer.begin > 64 ? site.outer.begin - 64 : 0);
  const std::vector<WordPos> before = WordPositions(text, before_begin, site.outer.begin);
  if (!before.empty() && site.outer.begin - before.back().end <= 2) {
    const std::string lower = ToLower(before.back().w);
    f[kQfAfterArticle] = lower == "the" || lower == "a" || lower == "an";
    f[kQfAfterPreposition] = IsPrepositionWord(lower);
    f[kQfAfterPossessive] = lower.ends_with("'s") || lower.ends_with("\xE2\x80\x99s") || lower.ends_with("s'");
    f[kQfAfterNaming] = IsNamingWord(lower);
    f[kQfAfterNumber] = IsDigits(lower);
    f[kQfAfterOn] = lower == "on";
    if (IsUpperInitial(before.back().w)) {
      const std::string_view gap = text.substr(before_begin, before.back().begin - before_begin);
      const std::size_t last = gap.find_last_not_of(" \n");
      f[kQfAfterCapital] = before.size() >= 2 && (last == std::string_view::npos || std::string_view(".?!:").find(gap[last]) == std::string_view::npos);
    }
  }
  const std::size_t after_end = std::min<std::size_t>(site.paragraph.end, site.outer.end + 40);
  const std::vector<WordPos> after = WordPositions(text, site.outer.end, after_end);
  if (!after.empty() && after.front().begin - site.outer.end <= 2) f[kQfBeforeCapital] = IsUpperInitial(after.front().w);
  if (!after.empty() && after.front().begin - site.outer.end <= 1) {
    f[kQfBeforeLowerWord] = std::islower(static_cast<unsigned char>(after.front().w[0])) != 0 &&
                            !IsSpeechVerbWord(after.front().w);
  }
  f[kQfOpensParagraph] = site.opens_paragraph;
  std::size_t pe = site.paragraph.end;
  while (pe > site.outer.end && (text[pe - 1] == ' ' || text[pe - 1] == '\n')) --pe;
  f[kQfWholeParagraph] = site.opens_paragraph && pe <= site.outer.end;
  f[kQfContinues] = site.continues;
  f[kQfArticleQuotes] = std::log1p(static_cast<double>(outers.size()));
  // Speech verbs of the quote's sentence (and the attribution after it), outside quotes.
  f[kQfVerbDistance] = 20;
  const std::size_t se = std::min<std::size_t>(std::max(site.sentence.end, site.next_sentence.end), site.outer.end + 400);
  const std::size_t sb = std::max<std::size_t>(site.sentence.begin, site.outer.begin > 400 ? site.outer.begin - 400 : 0);
  const std::vector<WordPos> sw = WordPositions(text, sb, se);
  std::size_t first_after = sw.size();
  for (std::size_t k = 0; k < sw.size(); ++k) {
    if (sw[k].begin >= site.outer.end) {
      first_after = k;
      break;
    }
  }
  std::size_t last_before = 0;  // 1 + index of the last word before the quote
  for (std::size_t k = 0; k < sw.size() && sw[k].end <= site.outer.begin; ++k) last_before = k + 1;
  for (std::size_t k = 0; k < sw.size(); ++k) {
    if (InsideAny(outers, sw[k].begin) || !IsSpeechVerbWord(sw[k].w)) continue;
    double d = 20;
    if (k >= first_after) d = static_cast<double>(k - first_after);
    else if (k < last_before) d = static_cast<double>(last_before - 1 - k);
    f[kQfVerbDistance] = std::min(f[kQfVerbDistance], d);
    if (site.next_sentence.size() > 0 && sw[k].begin >= site.next_sentence.begin && sw[k].end <= site.next_sentence.end) {
      f[kQfNextSentenceVerb] = 1;
    }
  }
  // The same words quoted elsewhere (at most 50 quotations either side are read).
  const auto me = std::lower_bound(outers.begin(), outers.end(), site.outer.begin,
                                   [](const Span& s, std::size_t p) { return s.begin < p; });
  const std::size_t mi = static_cast<std::size_t>(me - outers.begin());
  for (std::size_t k = mi > 50 ? mi - 50 : 0; k < std::min(outers.size(), mi + 51) && !words.empty(); ++k) {
    if (k == mi || outers[k].size() < 2) continue;
    const std::string_view other = WithoutMarks(text.substr(outers[k].begin, outers[k].size()));
    const std::vector<std::string_view> ow = WordsOf(other);
    if (ow.size() != words.size()) continue;
    bool same = true;
    for (std::size_t w = 0; w < ow.size() && same; ++w) same = ToLower(ow[w]) == ToLower(words[w]);
    if (same) {
      f[kQfRepeated] = 1;
      break;
    }
  }
  auto first = std::lower_bound(outers.begin(), outers.end(), site.sentence.begin,
                                [](const Span& s, std::size_t p) { return s.begin < p; });
  for (auto it = first; it != outers.end() && it->begin < site.sentence.end && f[kQfSentenceQuotes] < 5; ++it) {
    if (it->begin != site.outer.begin && it->end <= site.sentence.end) f[kQfSentenceQuotes] += 1;
  }
  return f;
}

}  // namespace analyze_internal::quotes_detail
}  // namespace parallax
