// The noun phrases and sentence subjects the attribution rules read: the
// phrase around a speech verb resolved to a speaker, the name before an
// apposition, the subject that opens a sentence, an "as X said" clause.
// See quotes_internal.h.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "analyze/quotes_internal.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax::analyze_internal::quotes_detail {

ArticlePhrases::ArticlePhrases(const StoryContext& ctx_in, std::size_t article, const Resolver& resolver_in)
    : ctx(ctx_in), a(article), text(ctx_in.articles[article]->text), resolver(resolver_in) {}

std::string ArticlePhrases::ResolveNpWords(const std::vector<WordPos>& np, std::size_t pos) const {
  if (np.empty()) return "";
  // A name mention among the words: the last person ("Clinton
  // communication director Jennifer Palmieri"), else the first
  // organisation.
  if (const NameMention* m = resolver.LastPersonBefore(np.front().begin, np.back().end)) {
    return resolver.FullName(*m);
  }
  if (const NameMention* m = resolver.MentionIn(np.front().begin, np.back().end, false)) {
    return resolver.FullName(*m);
  }
  std::string first = ToLower(np.front().w);
  if (np.size() == 1 && Pronouns().count(first)) {
    if (first == "i" || first == "we") return "";
    return resolver.LastSubject(pos);
  }
  std::vector<std::string> words;
  for (const WordPos& w : np) {
    std::string l = ToLower(w.w);
    if (l == "the" || l == "a" || l == "an" || l == "his" || l == "her" || l == "its" || l == "their") continue;
    words.push_back(l);
  }
  // "the cooperative": the organisation named before with that head.
  if (first == "the" && !words.empty() && std::islower(static_cast<unsigned char>(np.back().w[0]))) {
    const std::string org = resolver.OrgByHead(words.back(), pos);
    if (!org.empty()) return org;
  }
  // Only a title word heads a title ("the minister"); a capitalised
  // head is a name the tagger missed ("PolitiFact" must not find the
  // person titled "PolitiFact Executive Director").
  const unsigned char head0 = static_cast<unsigned char>(np.back().w[0]);
  if (!(std::isupper(head0) || head0 >= 0xC0) || IsTitleWord(np.back().w)) {
    std::string by_title = resolver.ByTitle(words, pos);
    if (!by_title.empty()) return by_title;
  }
  // An organisation named by a common noun ("the union", "Valmoria's
  // trade ministry") speaks for itself: keep the phrase.
  if (!words.empty() && OrgNouns().count(words.back())) {
    std::string phrase(text.substr(np.front().begin, np.back().end - np.front().begin));
    if (first == "the") phrase = "the" + phrase.substr(3);
    return phrase;
  }
  // A name the tagger missed ("The Hill", "PolitiFact"): every word
  // capitalised, not a title.
  if (!words.empty() && words.size() <= 4) {
    bool all_caps = true;
    // Leading titles ("Dr. Ward", "the Rev. Hale") stay out of the name.
    std::size_t lead = ToLower(np.front().w) == "the" ? 1 : 0;
    const std::size_t after_the = lead;
    while (lead + 1 < np.size() && IsTitleWord(np[lead].w)) ++lead;
    if (lead == after_the) lead = 0;  // no title: keep "the" ("the Times")
    const std::vector<WordPos> name_np(np.begin() + static_cast<long>(lead), np.end());
    for (const WordPos& w : name_np) {
      const std::string l = ToLower(w.w);
      if (&w == &name_np.front() && l == "the") continue;
      const unsigned char c = static_cast<unsigned char>(w.w[0]);
      // A common word is capitalised only because it opens the sentence
      // ("After saying ..."); after a quote or mid-sentence it is a name.
      std::size_t prev = w.begin;
      while (prev > 0 && text[prev - 1] == ' ') --prev;
      const bool opens_sentence = (lead == 0 || &w != &name_np.front()) &&
                                  (prev == 0 || std::string_view(".!?\n").find(text[prev - 1]) != std::string_view::npos);
      const bool possessive = w.w.ends_with("'s") || w.w.ends_with("\xE2\x80\x99s") || w.w.ends_with("'");
      if (!(std::isupper(c) || c >= 0xC0) || IsTitleWord(w.w) || Pronouns().count(l) || possessive ||
          (opens_sentence && (IsStopWord(l) || ctx.lexicon.IsCommonWord(w.w)))) {
        all_caps = false;
      }
    }
    if (all_caps) {
      const std::size_t b = name_np.front().begin;
      return std::string(text.substr(b, np.back().end - b));
    }
  }
  // A place right before the verb is its subject ("Russia insisted",
  // "Japan said"); after a preposition it only places someone.
  for (const NameMention& m : ctx.names[a]) {
    if (m.span.end != np.back().end || m.span.begin < np.front().begin) continue;
    std::size_t k = 0;
    while (k < np.size() && np[k].begin < m.span.begin) ++k;
    const bool after_preposition = k > 0 && IsStopWord(ToLower(np[k - 1].w)) && ToLower(np[k - 1].w) != "the";
    if (!after_preposition && k <= 1 && resolver.EntityOf(m.text) == nullptr) return m.text;
    if (!after_preposition && k <= 1) return resolver.FullName(m);
  }
  // A plural group ("Demonstrators", "many lawmakers") is not a person
  // named before: keep the phrase.
  if (!words.empty() && words.size() <= 4 && words.back().size() > 3 && words.back().ends_with('s') &&
      !words.back().ends_with("ss") && !words.back().ends_with("'s") && first != "the") {
    return std::string(text.substr(np.front().begin, np.back().end - np.front().begin));
  }
  // A description of a person ("the mum-of-two", "the veteran"): the
  // person the text is about.
  if (first == "the" && words.size() <= 3) return resolver.LastSubject(pos);
  return "";
}
std::string ArticlePhrases::ResolveNp(const std::vector<WordPos>& np, std::size_t pos) {
  std::string r = ResolveNpWords(np, pos);
  if (!np.empty()) {
    np_read = Span{static_cast<std::uint32_t>(np.front().begin), static_cast<std::uint32_t>(np.back().end)};
    np_result = r;
  }
  return r;
}

// "Flynn, a top aide, said" / "Roy Cooper (D), the state's attorney
// general, called": the name before an apposition that closes right
// before a verb starting at `verb`; null when there is none. The
// apposition may hold commas of its own ("a Democrat from Austin,
// Texas,").
const NameMention* ArticlePhrases::AppositiveSubject(std::size_t from, std::size_t verb) const {
  const std::string_view t(text);
  std::size_t i = verb;
  while (i > from && t[i - 1] == ' ') --i;
  if (i <= from + 1 || t[i - 1] != ',') return nullptr;
  std::size_t close = i - 1;
  const NameMention* org = nullptr;
  // "Gov. X (R-OH), said": only a party label before the comma.
  {
    std::size_t e = close;
    while (e > from && t[e - 1] == ' ') --e;
    if (e > from && t[e - 1] == ')') {
      const std::size_t lp = t.rfind('(', e - 1);
      if (lp != std::string_view::npos && lp > from) {
        e = lp;
        while (e > from && t[e - 1] == ' ') --e;
        for (const NameMention& m : ctx.names[a]) {
          if (m.span.end != e || m.span.begin < from) continue;
          const Entity* ent = resolver.EntityOf(m.text);
          if ((ent ? ent->type : m.type) == EntityType::kPerson) return &m;
        }
      }
    }
  }
  for (int depth = 0; depth < 3; ++depth) {
    const std::size_t open = t.rfind(',', close - 1);
    if (open == std::string_view::npos || open <= from) break;
    std::size_t e = open;
    while (e > from && t[e - 1] == ' ') --e;
    if (e > from && t[e - 1] == ')') {
      const std::size_t lp = t.rfind('(', e - 1);
      if (lp == std::string_view::npos || lp < from) break;
      e = lp;
      while (e > from && t[e - 1] == ' ') --e;
    }
    // A name opening the segment starts a clause of its own ("Like X,
    // Y rejected ..., arguing"), not an apposition (a possessive may:
    // "X, Y's opponent,").
    std::size_t seg = open + 1;
    while (seg < close && t[seg] == ' ') ++seg;
    bool clause = false;
    for (const NameMention& m : ctx.names[a]) {
      if (m.span.begin != seg) continue;
      const Entity* ent = resolver.EntityOf(m.text);
      const bool possessive = m.span.end < close && (t[m.span.end] == '\'' || t.substr(m.span.end, 3) == "\xE2\x80\x99");
      if ((ent ? ent->type : m.type) == EntityType::kPerson && !possessive) clause = true;
    }
    if (clause) break;
    for (const NameMention& m : ctx.names[a]) {
      if (m.span.begin < from || m.span.end > e || m.span.end + 4 < e) continue;  // a suffix ("Jr.") may follow
      const Entity* ent = resolver.EntityOf(m.text);
      const EntityType type = ent ? ent->type : m.type;
      if (type == EntityType::kPerson) return &m;
      // "X, president of the Y union, which represents ..., said": a
      // person further out wins over the organisation.
      if (type == EntityType::kOrganization && org == nullptr) org = &m;
    }
    close = open;
    if (close <= from + 1) break;
  }
  return org;
}

// The subject of the sentence that starts at `sb`: the name opening it,
// after an introductory phrase ("In July, X dismissed ...", "On
// Tuesday's show, X said ..."); only words before `limit` count. Null
// when the sentence does not open with a person, an organisation or a
// place acting alone ("Japan branded ...").
const NameMention* ArticlePhrases::SentenceSubject(std::size_t sb, std::size_t limit) const {
  static const std::unordered_set<std::string> kIntro = {
      "in", "on", "at", "during", "after", "before", "with", "for", "since", "following", "meanwhile",
      "however", "but", "and", "also", "still", "then", "later", "earlier", "last", "this", "when", "while",
      "as", "by", "from", "over", "under", "within", "despite", "although", "though", "yet", "so", "now",
      "alongside", "among", "against", "unlike", "like", "beyond", "through", "until", "upon",
      "today", "yesterday", "instead", "separately", "asked", "speaking", "addressing", "amid", "throughout"};
  const std::unordered_set<std::string>& kModifiers = kTitleModifiers();
  // Conjunctions and adverbs that open a clause without a comma.
  static const std::unordered_set<std::string> kLeadWords = {"but", "and", "so", "yet", "still", "also",
                                                            "then", "now", "meanwhile", "separately"};
  const std::vector<WordPos> ws = WordPositions(text, sb, limit);
  std::vector<std::size_t> starts;  // where the subject may begin
  if (!ws.empty() && kLeadWords.count(ToLower(ws[0].w)) &&
      !(ws[0].end < text.size() && text[ws[0].end] == ',')) {
    starts.push_back(1);  // "But Sen. X refused ..."
    // "But to give you the tenor, X went on ...".
    for (std::size_t k = 2; k < ws.size() && starts.size() < 4; ++k) {
      const std::string_view gap = std::string_view(text).substr(ws[k - 1].end, ws[k].begin - ws[k - 1].end);
      if (gap.find(',') != std::string_view::npos) starts.push_back(k);
    }
  } else if (!ws.empty() && (kIntro.count(ToLower(ws[0].w)) || ToLower(ws[0].w).ends_with("ing") ||
                             ToLower(ws[0].w).ends_with("ly"))) {
    // "In July, X ...", "Speaking in Salem, New Hampshire, X ...": after
    // a comma of the introductory phrase.
    for (std::size_t k = 1; k < ws.size() && starts.size() < 4; ++k) {
      const std::string_view gap = std::string_view(text).substr(ws[k - 1].end, ws[k].begin - ws[k - 1].end);
      if (gap.find(',') != std::string_view::npos) starts.push_back(k);
    }
  } else {
    starts.push_back(0);
  }
  for (const std::size_t k : starts) {
    std::size_t j = k;
    bool comma = false;
    while (j < ws.size()) {
      // "On its website, the FBI lists ...".
      if (j == k && ws[j].w == "the" && j + 1 < ws.size() && std::isupper(static_cast<unsigned char>(ws[j + 1].w[0]))) {
        ++j;
        continue;
      }
      const unsigned char c = static_cast<unsigned char>(ws[j].w[0]);
      if (!(std::isupper(c) || c >= 0xC0 || std::isdigit(c) || IsTitleWord(ws[j].w) ||
            kModifiers.count(ToLower(ws[j].w)))) {
        break;
      }
      // A comma closes the name: an apposition or a list follows.
      if (ws[j].end < text.size() && (text[ws[j].end] == ',' || text[ws[j].end] == '(')) {
        comma = true;
        ++j;
        break;
      }
      ++j;
    }
    if (j == k) {
      // "On Thursday, after remaining neutral, X endorsed ...": one more
      // introductory phrase; otherwise a common noun is the subject
      // ("officials said").
      if (starts.size() > 1 && (kIntro.count(ToLower(ws[k].w)) || IsStopWord(ToLower(ws[k].w)))) continue;
      return nullptr;
    }
    if (j >= ws.size()) return nullptr;
    // "Trump's campaign ...": the possessor is not the subject.
    const std::string_view lastw = ws[j - 1].w;
    if (lastw.ends_with("'s") || lastw.ends_with("\xE2\x80\x99s")) return nullptr;
    const NameMention* person = nullptr;
    const NameMention* org = nullptr;
    const NameMention* place = nullptr;
    for (const NameMention& m : ctx.names[a]) {
      if (m.span.begin < ws[k].begin || m.span.end > ws[j - 1].end) continue;
      const Entity* ent = resolver.EntityOf(m.text);
      const EntityType type = ent ? ent->type : m.type;
      if (type == EntityType::kPerson) person = &m;
      else if (type == EntityType::kOrganization && org == nullptr) org = &m;
      else if (type == EntityType::kPlace && !comma && m.span.begin == ws[k].begin && m.span.end == ws[j - 1].end) {
        place = &m;  // "Japan branded ...", not a dateline ("PARIS, May 2 -")
      }
    }
    if (person || org || place) return person ? person : org ? org : place;
  }
  return nullptr;
}

// "As X reported, ..." / "As X put it, ...": the name of an "as"
// clause that opens the sentence at `b` (words before `e`); null when
// there is none.
const NameMention* ArticlePhrases::AsClause(std::size_t b, std::size_t e) const {
  const std::vector<WordPos> clause = WordPositions(text, b, e);
  // "But as X pointed out, ...".
  const std::size_t skip =
      !clause.empty() && (ToLower(clause[0].w) == "but" || ToLower(clause[0].w) == "and") ? 1 : 0;
  const std::vector<WordPos> ws(clause.begin() + static_cast<long>(std::min(skip, clause.size())), clause.end());
  if (ws.size() < 3 || ToLower(ws[0].w) != "as") return nullptr;
  std::size_t j = 1;
  while (j < ws.size()) {
    const unsigned char c = static_cast<unsigned char>(ws[j].w[0]);
    if (!(std::isupper(c) || c >= 0xC0 || IsTitleWord(ws[j].w) || kTitleModifiers().count(ToLower(ws[j].w)) ||
          ws[j].w == "the")) {
      break;
    }
    ++j;
  }
  if (j == 1 || j >= ws.size()) return nullptr;
  if (const NameMention* m = resolver.LastPersonBefore(ws[1].begin, ws[j - 1].end)) return m;
  return resolver.MentionIn(ws[1].begin, ws[j - 1].end, false);
}

}  // namespace parallax::analyze_internal::quotes_detail
