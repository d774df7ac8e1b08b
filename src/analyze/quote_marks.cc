// Quotation marks and the quotes they enclose, the words of a span, and the
// per-article resolver of speaker mentions (names, titles, organisations by
// their head noun, the running subject). See quotes_internal.h.

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
namespace {

bool IsSpaceOrEdge(std::string_view t, std::size_t pos) {
  if (pos >= t.size()) return true;
  unsigned char c = static_cast<unsigned char>(t[pos]);
  return c == ' ' || c == '\n';
}

}  // namespace

const std::unordered_set<std::string>& SpeechVerbs() {
  static const std::unordered_set<std::string> k = {
      "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding",
      "responded", "responds", "replied", "replies", "asked", "asks", "stated", "states", "declared",
      "declares", "announced", "announces", "warned", "warns", "warning", "insisted", "insists", "explained",
      "explains", "noted", "notes", "wrote", "writes", "tweeted", "posted", "continued", "continues",
      "stressed", "stresses", "argued", "argues", "claimed", "claims", "urged", "urges", "commented",
      "remarked", "admitted", "admits", "acknowledged", "conceded", "confirmed", "denied", "suggested",
      "recalled", "concluded", "predicted", "promised", "vowed", "pledged", "shouted", "cried", "fumed",
      "roared", "whispered", "joked", "quipped", "complained", "called", "calls", "described", "describes",
      "calling", "describing", "reiterated", "repeated", "boasted", "blasted", "slammed", "thundered",
      "countered", "retorted", "observed", "mused", "sighed", "yelled", "screamed", "read", "reads",
      "reported", "reports", "asking", "demanded", "demands", "asserted", "asserts", "charged", "wondered",
      "contended", "lamented", "scoffed", "proclaimed", "emphasized", "emphasised", "cautioned", "alleged",
      "tweeting", "writing", "noting", "arguing", "explaining", "insisting", "declaring", "recalling",
      "stating", "testified", "acknowledges", "bemoaned", "griped", "chided", "mocked", "touted", "pleaded",
      "remembered", "recounted", "interjected", "marveled", "marvelled", "gushed", "groused", "pressed",
      "describe", "argue", "insist", "warn", "note", "contend", "predict", "complain", "declare", "acknowledge"};
  return k;
}

// Common nouns that name an organisation speaking as one.
const std::unordered_set<std::string>& OrgNouns() {
  static const std::unordered_set<std::string> k = {
      "union", "unions", "ministry", "government", "company", "police", "authority", "authorities", "department",
      "agency", "council", "party", "army", "military", "court", "committee", "group", "association", "office",
      "spokesperson", "statement", "firm", "bank", "club", "embassy", "administration", "regime", "campaign",
      "organisation", "organization", "commission", "board", "prosecutors", "prosecutor's", "parliament",
      "cabinet", "coalition", "alliance", "federation", "institute", "university", "hospital", "school", "team",
      "organisers", "organizers", "residents", "officials", "researchers", "scientists"};
  return k;
}

// Lower-case words of a title before a name ("Democratic presidential
// nominee X", "former top aide X").
const std::unordered_set<std::string>& kTitleModifiers() {
  static const std::unordered_set<std::string> k = {
      "former", "presidential", "vice-presidential", "nominee", "top", "senior", "retired", "campaign",
      "party", "press", "national", "communications", "communication", "policy", "security", "adviser",
      "advisor", "aide", "strategist", "surrogate", "running", "mate", "majority", "minority", "house",
      "senate", "white", "republican", "democratic", "incumbent", "acting", "interim", "then", "longtime",
      "u.s", "us", "gop", "federal", "state", "county", "city", "district", "presumptive"};
  return k;
}

// A lower-case word that opens a clause of its own after a quote ("when",
// "because"): what follows is not the quote's attribution.
bool StartsClause(std::string_view w) {
  static const std::unordered_set<std::string> k = {"when", "because", "while", "after", "before", "if", "although",
                                                     "though", "since", "until", "unless", "whereas", "as", "where",
                                                     "which", "who", "that", "but", "and", "or", "so"};
  return k.count(std::string(w)) > 0;  // lower case only: "When X said" opens a sentence
}

const std::unordered_set<std::string>& Pronouns() {
  static const std::unordered_set<std::string> k = {"he", "she", "they", "i", "we"};
  return k;
}

// PARALLAX_DEBUG_QUOTES=1 prints each quote's speaker, the rule that chose
// it and the sentence's names on stderr (error analysis).
bool DebugQuotes() {
  static const bool on = std::getenv("PARALLAX_DEBUG_QUOTES") != nullptr;
  return on;
}

// Double quotation marks in `text` with their likely direction.
std::vector<QuoteMark> FindMarks(std::string_view text, std::size_t b, std::size_t e) {
  std::vector<QuoteMark> out;
  std::size_t i = b;
  while (i < e) {
    std::size_t j = i;
    char32_t cp = DecodeUtf8(text, &j);
    if (cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xAB || cp == 0xBB || cp == 0x201E) {
      bool space_before = i == b || IsSpaceOrEdge(text, i - 1) || text[i - 1] == '(' || text[i - 1] == '[';
      bool space_after = j >= e || IsSpaceOrEdge(text, j);
      Mark kind;
      if (j >= e) {
        kind = Mark::kClose;  // nothing can open at the very end of a paragraph
      } else if (cp == 0x201C || cp == 0xAB || cp == 0x201E) kind = (!space_before && space_after) ? Mark::kClose : Mark::kOpen;
      else if (cp == 0x201D || cp == 0xBB) kind = (space_before && !space_after) ? Mark::kOpen : Mark::kClose;
      else kind = space_before && !space_after ? Mark::kOpen : (!space_before && space_after) ? Mark::kClose : Mark::kAmbiguous;
      out.push_back({i, j - i, kind});
    }
    i = j;
  }
  return out;
}

std::vector<std::string_view> WordsOf(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !(std::isalnum(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80)) ++i;
    std::size_t b = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80 ||
                            s[i] == '\'' || s[i] == '-')) {
      ++i;
    }
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::size_t CountWords(std::string_view s) { return WordsOf(s).size(); }

StoryTitleMap StoryTitles(const StoryContext& ctx, const NameResolver& names) {
  StoryTitleMap titles;
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    for (const NameMention& m : ctx.names[a]) {
      if (m.title.empty()) continue;
      std::string full = names.Resolve(m.text);
      if (full.empty()) continue;
      // Only title words next to the name count: in "the general says of
      // X" the finder's title "general says of" is not X's.
      const std::vector<std::string_view> tw = WordsOf(m.title);
      std::size_t first = tw.size();
      while (first > 0) {
        const std::string_view w = tw[first - 1];
        const unsigned char c = static_cast<unsigned char>(w[0]);
        if (!(IsTitleWord(w) || std::isupper(c) || c >= 0xC0 || ToLower(w) == "of" || ToLower(w) == "former")) break;
        --first;
      }
      for (std::size_t k = first; k < tw.size(); ++k) titles[full].insert(ToLower(tw[k]));
    }
  }
  return titles;
}

Resolver::Resolver(const StoryContext& ctx, const NameResolver& names, const StoryTitleMap& titles, std::size_t article)
    : ctx_(ctx), article_(article), names_(names), titles_(titles) {
  for (const NameMention& m : ctx.names[article]) mentions_.push_back(&m);
}

const Entity* Resolver::EntityOf(std::string_view surface) const { return names_.EntityOf(surface); }

// Person or organisation name mention starting in [b, e).
const NameMention* Resolver::MentionIn(std::size_t b, std::size_t e, bool person_only) const {
  for (const NameMention* m : mentions_) {
    if (m->span.begin >= b && m->span.begin < e) {
      const Entity* ent = EntityOf(m->text);
      EntityType t = ent ? ent->type : m->type;
      if (t == EntityType::kPerson || (!person_only && t == EntityType::kOrganization)) return m;
    }
  }
  return nullptr;
}

// Last person mention ending before `pos` and after `from`.
const NameMention* Resolver::LastPersonBefore(std::size_t from, std::size_t pos) const {
  const NameMention* best = nullptr;
  for (const NameMention* m : mentions_) {
    if (m->span.end <= pos && m->span.begin >= from) {
      const Entity* ent = EntityOf(m->text);
      if ((ent ? ent->type : m->type) == EntityType::kPerson) best = m;
    }
  }
  return best;
}

std::string Resolver::FullName(const NameMention& m) const {
  std::string n = names_.Resolve(m.text);
  return n.empty() ? m.text : n;
}

// "the minister", "the Russian leader", "France's president".
std::string Resolver::ByTitle(const std::vector<std::string>& np_words, std::size_t pos) const {
  if (np_words.empty()) return "";
  const std::string& head = np_words.back();
  static const std::unordered_set<std::string> kLeaderTitles = {"president", "prime", "chancellor", "king",
                                                                 "queen", "premier", "leader", "minister"};
  std::string best;
  double best_score = 0;
  for (const auto& [person, titles] : titles_) {
    bool head_ok = titles.count(head) || (head == "leader" && std::any_of(titles.begin(), titles.end(), [](auto& t) {
                                            return kLeaderTitles.count(t) > 0;
                                          }));
    if (!head_ok) continue;
    double score = 1;
    for (std::size_t k = 0; k + 1 < np_words.size(); ++k) {
      const std::string& w = np_words[k];
      if (titles.count(w)) score += 1;
      else if (std::isupper(static_cast<unsigned char>(w[0])) == 0 && w.size() > 3 && w[0] != 't') {
        // A modifier the person's titles do not have ("russian" for a
        // French minister) rules them out when it looks like a
        // nationality and the person has one.
        bool has_nationality = std::any_of(titles.begin(), titles.end(), [](const std::string& t) {
          return t.size() > 3 && (t.ends_with("an") || t.ends_with("ch") || t.ends_with("ish") || t.ends_with("ese"));
        });
        bool looks_nationality = w.ends_with("an") || w.ends_with("ch") || w.ends_with("ish") || w.ends_with("ese");
        if (has_nationality && looks_nationality) score -= 2;
      }
    }
    // Recency: a person mentioned shortly before wins ties.
    double recency = 0;
    for (const NameMention* m : mentions_) {
      if (m->span.end <= pos && FullName(*m) == person) recency = 0.001 * (1.0 + m->span.end / 1e6);
    }
    score += recency;
    if (score > best_score) { best_score = score; best = person; }
  }
  return best;
}

// "the cooperative" after "the Varro Fruit Growers' Cooperative": the
// latest organisation before `pos` whose name ends in `head` (lower case).
std::string Resolver::OrgByHead(std::string_view head, std::size_t pos) const {
  std::string best;
  for (const NameMention* m : mentions_) {
    if (m->span.end > pos) continue;
    const Entity* ent = EntityOf(m->text);
    if ((ent ? ent->type : m->type) != EntityType::kOrganization) continue;
    const std::string full = FullName(*m);
    const std::vector<std::string_view> ws = WordsOf(full);
    if (!ws.empty() && ToLower(ws.back()) == head) best = full;
  }
  return best;
}

void Resolver::NoteSubject(std::size_t pos, const std::string& name) { subjects_.emplace_back(pos, name); }

// The most recent subject or speaker before pos.
std::string Resolver::LastSubject(std::size_t pos) const {
  std::string best;
  std::size_t best_pos = 0;
  for (auto& [p, n] : subjects_) {
    if (p <= pos && p >= best_pos) { best = n; best_pos = p; }
  }
  return best;
}

std::vector<WordPos> WordPositions(std::string_view text, std::size_t b, std::size_t e) {
  std::vector<WordPos> out;
  std::string_view s = text.substr(b, e - b);
  for (std::string_view w : WordsOf(s)) {
    std::size_t off = static_cast<std::size_t>(w.data() - text.data());
    out.push_back({w, off, off + w.size()});
  }
  return out;
}

bool IsSpeechVerb(std::string_view w) { return SpeechVerbs().count(ToLower(w)) > 0; }

// Capitalised words at the start of `s` ("Maria Lopez, 27, Ohio" -> "Maria
// Lopez"), joined by single spaces; empty when `s` does not start with one.
std::string CapitalisedRun(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!(std::isupper(c) || c >= 0xC0)) break;  // an upper-case letter (or a non-ASCII one)
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != ';' && s[j] != '(' && s[j] != '\n') ++j;
    std::string_view w = s.substr(i, j - i);
    while (!w.empty() && (w.back() == '.' && w.size() > 2)) w.remove_suffix(1);  // sentence period, not "J."
    if (!out.empty()) out.push_back(' ');
    out.append(w);
    if (j >= s.size() || s[j] != ' ') break;
    i = j + 1;
  }
  return out;
}

// "PENCE: ..." / "Mike Pence: ...": a transcript's speaker label, one to
// four capitalised words then a colon at the start of `s`; else empty.
std::string TranscriptLabel(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size() || s[colon + 1] != ' ') return "";
  const std::string_view label = s.substr(0, colon);
  const std::string run = CapitalisedRun(label);
  if (run.size() != label.size()) return "";
  std::size_t words = 1, letters = 0, upper = 0;
  for (char c : label) {
    words += c == ' ';
    if (std::isalpha(static_cast<unsigned char>(c))) {
      ++letters;
      upper += std::isupper(static_cast<unsigned char>(c)) != 0;
    }
  }
  // Labels are set in capitals ("WALLACE:"); a Title-Case run before a
  // colon is more often a heading ("Read more:"), so only names in capitals
  // or of two to four words count.
  if (words > 4 || letters < 2) return "";
  if (upper != letters && words < 2) return "";
  return run;
}

// Offset in `s` (the text right after a closing quotation mark) of a name
// introduced by a dash: `" ― Maria Lopez`, `" — Maria Lopez`; npos if none.
std::size_t AfterAttributionDash(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (s.substr(i, 3) == "\xE2\x80\x95" || s.substr(i, 3) == "\xE2\x80\x94" || s.substr(i, 3) == "\xE2\x80\x93") {
    i += 3;
  } else if (i < s.size() && s[i] == '-' && i + 1 < s.size() && s[i + 1] == ' ') {
    i += 1;
  } else {
    return std::string_view::npos;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || !(std::isupper(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0xC0)) {
    return std::string_view::npos;
  }
  return i;
}

// Pairs the quotation marks of each paragraph into quotes; a quote left open
// at a paragraph's end runs on (news convention: no closing mark).
std::vector<RawQuote> PairQuoteMarks(const std::string& text, const std::vector<Span>& paragraphs, std::size_t a) {
  std::vector<RawQuote> quotes;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    Span para = paragraphs[p];
    std::vector<QuoteMark> marks = FindMarks(text, para.begin, para.end);
    bool is_open = false;
    QuoteMark open{0, 0, Mark::kOpen};
    bool first_in_para = true;
    for (const QuoteMark& m : marks) {
      bool can_open = m.kind != Mark::kClose;
      bool can_close = m.kind != Mark::kOpen;
      if (!is_open) {
        if (can_open) { open = m; is_open = true; }
        continue;
      }
      if (can_close || m.kind == Mark::kOpen) {
        if (m.kind == Mark::kOpen && !can_close) {
          // Two openings in a row: the first quote never closed.
          open = m;
          continue;
        }
        RawQuote q;
        q.article = a;
        q.content = Span{static_cast<std::uint32_t>(open.pos + open.len), static_cast<std::uint32_t>(m.pos)};
        q.outer = Span{static_cast<std::uint32_t>(open.pos), static_cast<std::uint32_t>(m.pos + m.len)};
        q.paragraph = p;
        q.continues = first_in_para && open.pos == para.begin && !quotes.empty() && quotes.back().runs_on &&
                      quotes.back().paragraph + 1 == p;
        quotes.push_back(q);
        first_in_para = false;
        is_open = false;
      }
    }
    if (is_open) {
      // Runs on to the next paragraph (news convention: no closing mark).
      RawQuote q;
      q.article = a;
      q.content = Span{static_cast<std::uint32_t>(open.pos + open.len), para.end};
      q.outer = Span{static_cast<std::uint32_t>(open.pos), para.end};
      q.paragraph = p;
      q.runs_on = true;
      q.continues = first_in_para && open.pos == para.begin && !quotes.empty() && quotes.back().runs_on &&
                    quotes.back().paragraph + 1 == p;
      quotes.push_back(q);
    }
  }
  return quotes;
}

}  // namespace parallax::analyze_internal::quotes_detail

namespace parallax::analyze_internal {

bool IsSpeechVerbWord(std::string_view word) { return quotes_detail::IsSpeechVerb(word); }

}  // namespace parallax::analyze_internal
