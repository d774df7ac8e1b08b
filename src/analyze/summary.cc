#include "analyze/summary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>

#include "analyze/quotes_internal.h"
#include "text/segment.h"

namespace parallax::analyze_internal {
namespace {

std::string SentenceText(const StoryContext& ctx, const SentenceInfo& s) {
  return ctx.articles[s.article]->text.substr(s.span.begin, s.span.size());
}

}  // namespace

// Sentences that cannot stand alone: they open with a pronoun or a
// connective that points back, or they are a quote whose speaker is only a
// pronoun.
bool StandsAlone(std::string_view s) {
  std::size_t sp = s.find(' ');
  std::string first = ToLower(s.substr(0, sp));
  while (!first.empty() && !std::isalnum(static_cast<unsigned char>(first.back()))) first.pop_back();
  static const std::set<std::string> kDangling = {
      "he", "she", "it", "they", "this", "that", "these", "those", "but", "and", "however", "also", "his",
      "her", "their", "its", "there", "then", "so", "meanwhile", "still", "yet", "or", "instead", "nevertheless",
      "moreover", "furthermore", "besides", "thus", "hence", "therefore", "both", "such", "another", "other", "even",
      "again", "later", "earlier", "now", "then", "after", "before", "which", "who",
      "others", "here", "one", "him", "them", "we", "i", "you", "our"};
  if (kDangling.count(first)) return false;
  // Openings that point back to something said before.
  std::string head = ToLower(s.substr(0, std::min<std::size_t>(s.size(), 24)));
  for (const char* p : {"on the same", "at the same", "in the same", "the same day", "the next day", "the day before",
                        "in response", "in turn", "as a result", "by contrast", "in addition", "for his part",
                        "for her part", "for their part"}) {
    if (head.rfind(p, 0) == 0) return false;
  }
  unsigned char c0 = static_cast<unsigned char>(s.empty() ? ' ' : s[0]);
  bool quote_start = c0 == '"' || s.substr(0, 3) == "\xE2\x80\x9C";
  if (quote_start) {
    // `"...," he said.` needs its context; `"...," Name said.` does not.
    std::string tail = ToLower(s.substr(s.size() > 40 ? s.size() - 40 : 0));
    for (const char* p : {" he said", " she said", " they said", " he told", " she told", " he added", " she added",
                          " he says", " she says"}) {
      if (tail.find(p) != std::string::npos) return false;
    }
    // A quote with no attribution at all is torn from its speaker.
    bool closes = s.find("\xE2\x80\x9D") != std::string_view::npos ||
                  std::count(s.begin(), s.end(), '"') >= 2;
    if (!closes) return false;
    std::size_t straight = s.rfind('"'), curly = s.rfind("\xE2\x80\x9D");
    std::size_t last_mark = straight == std::string_view::npos ? curly
                             : curly == std::string_view::npos ? straight : std::max(straight, curly);
    if (last_mark != std::string_view::npos && last_mark + 5 >= s.size()) return false;
  }
  return true;
}

std::vector<std::string> SummaryConcepts(std::string_view sentence, Stemmer* stemmer) {
  std::vector<std::string> out;
  std::string prev;
  bool prev_stop = true, have_prev = false;
  for (const Token& t : Tokenize(sentence)) {
    if (t.kind == TokenKind::kPunct) continue;
    std::string w = ToLower(sentence.substr(t.span.begin, t.span.size()));
    if (w.find("\xE2\x80\x99") != std::string::npos) w = ReplaceAll(w, "\xE2\x80\x99", "'");
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) w.resize(w.size() - 2);
    const bool number = t.kind == TokenKind::kNumber;
    const bool stop = !number && (w.size() < 2 || IsStopWord(w));
    std::string stem = number ? w : stemmer->Stem(w);
    if (have_prev && !(prev_stop && stop)) {
      std::string key = prev + " " + stem;
      if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
    }
    prev = std::move(stem);
    prev_stop = stop;
    have_prev = true;
  }
  return out;
}

namespace {

// A concept counts only when at least this share of the story's articles
// contain it (and at least two of them when there are three or more):
// Gillick & Favre keep bigrams found in 3 of 10 documents; on DUC 2003
// 0.4 beat 0.3 and 0.5 on both halves of the set (TDT event clusters and
// TREC topic clusters, see docs/summary.md).
constexpr double kConceptMinShare = 0.4;

// Bytes of a leading dateline ("LONDON (AP) _ ", "WUHAN, July 25 (Xinhua)
// -- ", "BROOKLYN, Ohio _ "): place, date and agency before a dash. Such
// a prefix is not part of what the sentence says and costs summary words.
std::size_t DatelineEnd(std::string_view s) {
  const std::string_view window = s.substr(0, std::min<std::size_t>(s.size(), 64));
  std::size_t sep = std::string_view::npos, sep_len = 0;
  for (std::string_view mark : {std::string_view(" _ "), std::string_view(" -- "), std::string_view(" \xE2\x80\x94 "),
                                std::string_view(" \xE2\x80\x93 "), std::string_view(" - ")}) {
    std::size_t at = window.find(mark);
    if (at != std::string_view::npos && at < sep) {
      sep = at;
      sep_len = mark.size();
    }
  }
  if (sep == std::string_view::npos || sep == 0) return 0;
  // The first word is a place name in capitals; every word of the prefix
  // starts with a capital, a digit or a parenthesis; a handful of words.
  std::size_t caps = 0;
  while (caps < sep && (std::isupper(static_cast<unsigned char>(s[caps])) || s[caps] == '.')) ++caps;
  if (caps < 2 || (caps < sep && std::isalpha(static_cast<unsigned char>(s[caps])))) return 0;
  std::size_t tokens = 0;
  for (std::size_t i = 0; i < sep; ++i) {
    if (i > 0 && s[i - 1] != ' ') continue;
    if (s[i] == ' ') continue;
    ++tokens;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isupper(c) && !std::isdigit(c) && c != '(') return 0;
  }
  if (tokens > 7) return 0;
  std::size_t end = sep + sep_len;
  while (end < s.size() && s[end] == ' ') ++end;
  if (end >= s.size()) return 0;
  // What follows is a sentence: "NATO - the alliance - met ..." keeps its
  // opening.
  const unsigned char next = static_cast<unsigned char>(s[end]);
  const bool opens = std::isupper(next) || std::isdigit(next) || next == '"' || next == '\'' || next == '`' ||
                     s.substr(end, 3) == "\xE2\x80\x9C";
  return opens ? end : 0;
}

std::size_t WordCount(std::string_view s) {
  std::size_t n = 0;
  for (const Token& t : Tokenize(s)) n += t.kind != TokenKind::kPunct;
  return n;
}

// True when a personal pronoun ("him", "their") comes before any name the
// sentence gives (a capitalised word after the first): "On the picket
// line, few people believed him." needs the sentence before it.
bool PronounWithoutAntecedent(std::string_view s) {
  static const std::set<std::string> kPronouns = {"him", "them"};
  // A possessive among the first three words ("All his efforts were in
  // vain.") points back as well.
  static const std::set<std::string> kPossessives = {"his", "her", "their"};
  bool first = true;
  std::size_t i = 0, words = 0;
  while (i < s.size()) {
    while (i < s.size() && !std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    if (i >= s.size()) break;
    if (!first && std::isupper(static_cast<unsigned char>(s[i]))) return false;
    const std::string w = ToLower(s.substr(i, j - i));
    if (kPronouns.count(w)) return true;
    if (++words <= 3 && kPossessives.count(w)) return true;
    first = false;
    i = j;
  }
  return false;
}

struct Candidate {
  std::size_t sentence;
  Span span;  // the sentence without its dateline
  std::size_t words;
  std::size_t bytes;  // span plus a separator
};

}  // namespace

std::vector<SummaryPick> ChooseSummary(const StoryContext& ctx, const std::vector<double>& centrality,
                                       const AnalyzeOptions& options, const SummaryClaims& claims) {
  const std::size_t ns = ctx.sentences.size();
  const std::size_t na = ctx.articles.size();
  // Greedy budgeted coverage of concepts (word bigrams, SummaryConcepts),
  // each weighted by the number of articles that contain it, in
  // the spirit of Gillick & Favre's concept ILP: what many outlets say
  // weighs most, a concept counts once (no redundancy), and each step takes
  // the sentence with the best gain per word. Sentences that cannot stand
  // alone are not candidates; early sentences get a bonus; a leading
  // dateline is dropped (and not counted against the budget).
  std::vector<double> concept_weight(ctx.concept_count, 0.0);
  {
    std::vector<std::set<std::size_t>> seen_in(ctx.concept_count);
    for (const auto& s : ctx.sentences) {
      for (int c : s.concepts) seen_in[static_cast<std::size_t>(c)].insert(s.article);
    }
    const std::size_t min_articles = std::max<std::size_t>(
        na >= 3 ? 2 : 1, static_cast<std::size_t>(std::lround(kConceptMinShare * static_cast<double>(na))));
    for (std::size_t c = 0; c < ctx.concept_count; ++c) {
      if (seen_in[c].size() >= min_articles) concept_weight[c] = static_cast<double>(seen_in[c].size());
    }
  }
  // The direct quotes of each article (quote_marks.cc): a sentence that
  // starts inside one ("... it's obvious. Next we must identify those
  // responsible. We are ...") is a fragment of someone's words whose
  // speaker it does not name, so it is no summary sentence.
  std::vector<std::vector<Span>> quotes(na);
  for (std::size_t a = 0; a < na; ++a) {
    const std::string& text = ctx.articles[a]->text;
    for (const quotes_detail::RawQuote& q : quotes_detail::PairQuoteMarks(text, SplitParagraphs(text), a)) {
      quotes[a].push_back(q.outer);
    }
  }
  auto starts_inside_quote = [&](const SentenceInfo& s) {
    const std::vector<Span>& qs = quotes[s.article];
    // The last quote opening before the sentence (one opening at its start
    // is the sentence's own quotation, attributed or not by StandsAlone).
    auto it = std::lower_bound(qs.begin(), qs.end(), s.span.begin, [](Span q, std::uint32_t p) { return q.begin < p; });
    return it != qs.begin() && s.span.begin < std::prev(it)->end;
  };
  std::vector<Candidate> all(ns);
  std::vector<bool> eligible(ns, false);
  for (std::size_t i = 0; i < ns; ++i) {
    const auto& s = ctx.sentences[i];
    const std::string text = SentenceText(ctx, s);
    const std::size_t skip = DatelineEnd(text);
    const Span span{s.span.begin + static_cast<std::uint32_t>(skip), s.span.end};
    all[i] = {i, span, skip ? WordCount(std::string_view(text).substr(skip)) : s.words, span.size() + 1};
    if (all[i].words < 6 || all[i].words > 55) continue;
    if (!StandsAlone(std::string_view(text).substr(skip))) continue;
    if (PronounWithoutAntecedent(std::string_view(text).substr(skip))) continue;
    if (starts_inside_quote(s)) continue;
    eligible[i] = true;
  }
  // What matters now: a plan that a later article reports the outcome of
  // ("is scheduled to visit" / "cancelled his trip") is not the state of
  // things; the later sentence may be chosen instead.
  if (claims.overtakes) {
    for (std::size_t i = 0; i < ns; ++i) {
      if (!eligible[i]) continue;
      auto overtaken = [&](std::size_t j) {
        return ctx.sentences[j].article != ctx.sentences[i].article && claims.overtakes(i, j);
      };
      if (claims.overtake_candidates) {
        for (std::size_t j : claims.overtake_candidates(i)) {
          if (overtaken(j)) {
            eligible[i] = false;
            break;
          }
        }
      } else {
        for (std::size_t j = 0; j < ns && eligible[i]; ++j) eligible[i] = !overtaken(j);
      }
    }
  }
  auto same_claim = [&](std::size_t i, std::size_t c) {
    return Similarity(ctx, ctx.sentences[i], ctx.sentences[c]) >= options.redundancy ||
           (claims.same && claims.same(i, c));
  };
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < ns; ++i) {
    if (eligible[i]) candidates.push_back(i);
  }
  std::vector<bool> covered(ctx.concept_count, false);
  std::vector<std::size_t> chosen;
  std::size_t words = 0, bytes = 0;
  auto fits = [&](std::size_t i) {
    return words + all[i].words <= options.summary_words &&
           (options.summary_bytes == 0 || bytes + all[i].bytes <= options.summary_bytes);
  };
  for (;;) {
    double best_score = 0;
    std::size_t pick = ns;
    for (std::size_t i : candidates) {
      const auto& s = ctx.sentences[i];
      if (!fits(i)) continue;
      double gain = 0;
      for (int c : s.concepts) {
        if (!covered[static_cast<std::size_t>(c)]) gain += concept_weight[static_cast<std::size_t>(c)];
      }
      if (gain <= 0) continue;
      double position = 1.0 + options.lead_bonus / (1.0 + static_cast<double>(s.index));
      double score = gain * position / std::pow(static_cast<double>(all[i].words), options.length_exponent);
      if (score > best_score) {
        best_score = score;
        pick = i;
      }
    }
    if (pick == ns) break;
    bool redundant = false;
    for (std::size_t c : chosen) redundant = redundant || same_claim(pick, c);
    candidates.erase(std::find(candidates.begin(), candidates.end(), pick));
    if (redundant) continue;
    chosen.push_back(pick);
    words += all[pick].words;
    bytes += all[pick].bytes;
    for (int c : ctx.sentences[pick].concepts) covered[static_cast<std::size_t>(c)] = true;
  }
  // Room left and no concept gain: fill with the most central remaining
  // sentences that are not redundant (short stories, two-outlet stories).
  {
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < ns; ++i) {
      if (eligible[i] && std::find(chosen.begin(), chosen.end(), i) == chosen.end()) rest.push_back(i);
    }
    std::stable_sort(rest.begin(), rest.end(), [&](std::size_t x, std::size_t y) {
      double px = centrality[x] + 1.0 / (1.0 + ctx.sentences[x].index);
      double py = centrality[y] + 1.0 / (1.0 + ctx.sentences[y].index);
      return px > py;
    });
    for (std::size_t i : rest) {
      if (!fits(i)) continue;
      bool redundant = false;
      for (std::size_t c : chosen) redundant = redundant || same_claim(i, c);
      if (redundant) continue;
      chosen.push_back(i);
      words += all[i].words;
      bytes += all[i].bytes;
    }
  }
  // Readable order: by relative position in the source article.
  std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t x, std::size_t y) {
    const auto& sx = ctx.sentences[x];
    const auto& sy = ctx.sentences[y];
    double rx = double(sx.index) / std::max<std::size_t>(1, ctx.sentences_per_article[sx.article]);
    double ry = double(sy.index) / std::max<std::size_t>(1, ctx.sentences_per_article[sy.article]);
    return rx < ry;
  });
  std::vector<SummaryPick> out;
  for (std::size_t i : chosen) out.push_back({i, all[i].span});
  return out;
}

}  // namespace parallax::analyze_internal
