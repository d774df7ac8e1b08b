// Quotes: direct quotations, their speakers, and the same quote across
// articles merged into one entry.
//
// Attribution, in order of strength:
//   1. before the quote, a speech verb right before the opening mark:
//      `X said: "..."`, `X told Y that "..."`, `X saying "..."`;
//   2. after the quote: `"...," X said` / `"...," said X` / `"...," the
//      minister told Y`;
//   3. a speech verb elsewhere in the sentence (its subject);
//   4. a quote paragraph that continues the previous one, or follows a
//      quote of a known speaker, or sits just below a caption naming a
//      person, or follows a paragraph whose subject is a person.
// Pronouns and titles ("he", "the minister", "the Russian leader") resolve
// to the most recent matching person; surnames to the full name; "the
// cooperative" to the organisation named before with that head noun; "X's
// father said" names the father ("X's father"), not X.
// Then the learned ranking of speakers.h (models/speakers.model) chooses
// among the rules' pick and the other candidates around the quote.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "analyze/context.h"
#include "analyze/speakers_internal.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax::analyze_internal {
namespace {

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

enum class Mark { kOpen, kClose, kAmbiguous };

struct QuoteMark {
  std::size_t pos, len;
  Mark kind;
};

bool IsSpaceOrEdge(std::string_view t, std::size_t pos) {
  if (pos >= t.size()) return true;
  unsigned char c = static_cast<unsigned char>(t[pos]);
  return c == ' ' || c == '\n';
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

struct RawQuote {
  std::size_t article;
  Span content;            // inside the marks
  Span outer;              // including the marks
  std::size_t paragraph;   // paragraph index in the article
  bool runs_on = false;    // unclosed at the end of its paragraph
  bool continues = false;  // continues the previous paragraph's quote
  std::string speaker;     // resolved full name
  Span speaker_at;         // where this article names the speaker for this quote (empty when resolved from context)
  std::string cue;
  bool partial = false;
};

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

// Titles known for each person in the story: "French Foreign Minister".
// The same for every article of the story: computed once.
std::map<std::string, std::set<std::string>> StoryTitles(const StoryContext& ctx, const NameResolver& names) {
  std::map<std::string, std::set<std::string>> titles;
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

// Per-article resolver of speaker mentions.
class Resolver {
 public:
  Resolver(const StoryContext& ctx, const NameResolver& names, const std::map<std::string, std::set<std::string>>& titles,
           std::size_t article)
      : ctx_(ctx), article_(article), names_(names), titles_(titles) {
    for (const NameMention& m : ctx.names[article]) mentions_.push_back(&m);
  }

  const Entity* EntityOf(std::string_view surface) const { return names_.EntityOf(surface); }

  // Person or organisation name mention starting in [b, e).
  const NameMention* MentionIn(std::size_t b, std::size_t e, bool person_only) const {
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
  const NameMention* LastPersonBefore(std::size_t from, std::size_t pos) const {
    const NameMention* best = nullptr;
    for (const NameMention* m : mentions_) {
      if (m->span.end <= pos && m->span.begin >= from) {
        const Entity* ent = EntityOf(m->text);
        if ((ent ? ent->type : m->type) == EntityType::kPerson) best = m;
      }
    }
    return best;
  }

  std::string FullName(const NameMention& m) const {
    std::string n = names_.Resolve(m.text);
    return n.empty() ? m.text : n;
  }

  // "the minister", "the Russian leader", "France's president".
  std::string ByTitle(const std::vector<std::string>& np_words, std::size_t pos) const {
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
  std::string OrgByHead(std::string_view head, std::size_t pos) const {
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

  void NoteSubject(std::size_t pos, const std::string& name) { subjects_.emplace_back(pos, name); }

  // The most recent subject or speaker before pos.
  std::string LastSubject(std::size_t pos) const {
    std::string best;
    std::size_t best_pos = 0;
    for (auto& [p, n] : subjects_) {
      if (p <= pos && p >= best_pos) { best = n; best_pos = p; }
    }
    return best;
  }

 private:
  const StoryContext& ctx_;
  std::size_t article_;
  std::vector<const NameMention*> mentions_;
  const NameResolver& names_;
  const std::map<std::string, std::set<std::string>>& titles_;
  std::vector<std::pair<std::size_t, std::string>> subjects_;
};

struct WordPos {
  std::string_view w;
  std::size_t begin, end;  // absolute offsets
};

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

}  // namespace

bool IsSpeechVerbWord(std::string_view word) { return IsSpeechVerb(word); }

namespace {

// Which rule named the speaker, as a number (SpeakerFeature kSfRuleKind).
int RuleKind(const char* rule) {
  if (rule == nullptr) return 0;
  static const char* const kRules[] = {"0", "1", "2", "2b", "3", "3a", "same-sentence", "3b", "3c", "4"};
  for (int k = 0; k < 10; ++k) {
    if (std::string_view(rule) == kRules[k]) return k + 1;
  }
  return 0;
}

}  // namespace

std::vector<Quote> ExtractQuotes(const StoryContext& ctx, const std::vector<Entity>& entities) {
  return ExtractQuotesWith(ctx, entities, DefaultSpeakerModel(), nullptr);
}

std::vector<Quote> ExtractQuotesWith(const StoryContext& ctx, const std::vector<Entity>& entities,
                                     const SpeakerModel* model, std::vector<SpeakerChoice>* collect) {
  std::vector<RawQuote> all;
  const NameResolver name_index(entities);
  const std::map<std::string, std::set<std::string>> titles = StoryTitles(ctx, name_index);
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    const Article& art = *ctx.articles[a];
    const std::string& text = art.text;
    Resolver resolver(ctx, name_index, titles, a);
    // Sentence subjects (first person mention of each sentence) for pronoun
    // resolution; mentions inside quotes do not count.
    std::vector<Span> paragraphs = SplitParagraphs(text);
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

    // Sentence spans, to bound the attribution search.
    std::vector<Span> sentences = SplitSentences(text);
    auto sentence_of = [&](std::size_t pos) -> Span {  // sentences are in text order: binary search
      auto it = std::upper_bound(sentences.begin(), sentences.end(), pos, [](std::size_t p, Span s) { return p < s.begin; });
      if (it != sentences.begin() && pos < std::prev(it)->end) return *std::prev(it);
      return Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos)};
    };
    auto inside_quote = [&](std::size_t pos) {  // quotes are in text order and disjoint: binary search
      auto it = std::upper_bound(quotes.begin(), quotes.end(), pos,
                                 [](std::size_t p, const RawQuote& q) { return p < q.outer.begin; });
      return it != quotes.begin() && pos < std::prev(it)->outer.end;
    };
    // Record sentence subjects (first person mention outside quotes), and
    // the subject of a speech verb ("..., Schiff said.") after it: a quote
    // in the next sentence continues the speaker, not the first name.
    // The article's names by position: those of one sentence, and those
    // ending where a word ends, without a scan of all names per sentence
    // or per speech verb (a page of 12,000 one-line sentences each naming
    // a place made that quadratic). Names come in text order; should they
    // not, every sentence reads them all, as before.
    const std::vector<NameMention>& art_names = ctx.names[a];
    const bool names_in_order = std::is_sorted(art_names.begin(), art_names.end(), [](const NameMention& x, const NameMention& y) {
      return x.span.begin < y.span.begin;
    });
    std::vector<std::size_t> by_end(art_names.size());
    for (std::size_t i = 0; i < by_end.size(); ++i) by_end[i] = i;
    std::stable_sort(by_end.begin(), by_end.end(),
                     [&](std::size_t x, std::size_t y) { return art_names[x].span.end < art_names[y].span.end; });
    auto names_from = [&](std::size_t pos) -> std::size_t {  // first name starting at or after pos
      if (!names_in_order) return 0;
      return static_cast<std::size_t>(
          std::lower_bound(art_names.begin(), art_names.end(), pos,
                           [](const NameMention& m, std::size_t p) { return m.span.begin < p; }) -
          art_names.begin());
    };
    for (Span s : sentences) {
      const std::vector<WordPos> ws = WordPositions(text, s.begin, s.end);
      // A sentence whose subject is "he" or "she" ("He urged the
      // government to press Ostreva ...") goes on about the person before:
      // a name later in it is not its subject.
      std::size_t pronoun_end = 0;
      for (const WordPos& w : ws) {
        if (inside_quote(w.begin)) continue;
        const std::string l = ToLower(w.w);
        if (l == "he" || l == "she") pronoun_end = w.end;
        break;
      }
      for (std::size_t i = names_from(s.begin); i < art_names.size(); ++i) {
        const NameMention& m = art_names[i];
        if (names_in_order && m.span.begin >= s.end) break;
        if (m.span.begin < s.begin || m.span.begin >= s.end || inside_quote(m.span.begin)) continue;
        const Entity* ent = resolver.EntityOf(m.text);
        if ((ent ? ent->type : m.type) == EntityType::kPerson) {
          if (pronoun_end == 0 || m.span.begin < pronoun_end) resolver.NoteSubject(m.span.begin, resolver.FullName(m));
          break;
        }
      }
      for (std::size_t w = 1; w < ws.size(); ++w) {
        if (!IsSpeechVerb(ws[w].w) || inside_quote(ws[w].begin)) continue;
        const std::size_t end = ws[w - 1].end;
        auto it = std::lower_bound(by_end.begin(), by_end.end(), end,
                                   [&](std::size_t k, std::size_t e) { return art_names[k].span.end < e; });
        for (; it != by_end.end() && art_names[*it].span.end == end; ++it) {  // in text order (stable sort)
          const NameMention& m = art_names[*it];
          if (inside_quote(m.span.begin)) continue;
          const Entity* ent = resolver.EntityOf(m.text);
          if ((ent ? ent->type : m.type) == EntityType::kPerson) resolver.NoteSubject(ws[w].begin, resolver.FullName(m));
        }
      }
    }

    // Resolves a noun phrase that ends at `np_end` (words before a verb) or
    // starts at `np_begin` (words after a verb).
    // The words the last resolve_np call read and what it made of them:
    // where the rules found a speaker no mention names ("the union",
    // "he"), for the learned ranking's features.
    Span np_read;
    std::string np_result;
    auto resolve_np_words = [&](const std::vector<WordPos>& np, std::size_t pos) -> std::string {
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
    };
    auto resolve_np = [&](const std::vector<WordPos>& np, std::size_t pos) -> std::string {
      std::string r = resolve_np_words(np, pos);
      if (!np.empty()) {
        np_read = Span{static_cast<std::uint32_t>(np.front().begin), static_cast<std::uint32_t>(np.back().end)};
        np_result = r;
      }
      return r;
    };

    // "Flynn, a top aide, said" / "Roy Cooper (D), the state's attorney
    // general, called": the name before an apposition that closes right
    // before a verb starting at `verb`; null when there is none. The
    // apposition may hold commas of its own ("a Democrat from Austin,
    // Texas,").
    auto appositive_subject = [&](std::size_t from, std::size_t verb) -> const NameMention* {
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
    };

    // The subject of the sentence that starts at `sb`: the name opening it,
    // after an introductory phrase ("In July, X dismissed ...", "On
    // Tuesday's show, X said ..."); only words before `limit` count. Null
    // when the sentence does not open with a person, an organisation or a
    // place acting alone ("Japan branded ...").
    auto sentence_subject = [&](std::size_t sb, std::size_t limit) -> const NameMention* {
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
    };

    // "As X reported, ..." / "As X put it, ...": the name of an "as"
    // clause that opens the sentence at `b` (words before `e`); null when
    // there is none.
    auto as_clause = [&](std::size_t b, std::size_t e) -> const NameMention* {
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
    };

    std::size_t after_long = 0;  // 1 + the last quote of four or more words before qi (0: none)
    std::vector<QuoteSite> sites(quotes.size());
    for (std::size_t qi = 0; qi < quotes.size(); ++qi) {
      if (qi > 0 && CountWords(std::string_view(text).substr(quotes[qi - 1].content.begin, quotes[qi - 1].content.size())) >= 4) {
        after_long = qi;
      }
      RawQuote& q = quotes[qi];
      std::string_view content = std::string_view(text).substr(q.content.begin, q.content.size());
      std::size_t nwords = CountWords(content);
      np_read = Span{};
      np_result.clear();
      // Partial: starts in lower case or is a fragment without its own end.
      std::size_t k = 0;
      while (k < content.size() && !std::isalnum(static_cast<unsigned char>(content[k])) &&
             static_cast<unsigned char>(content[k]) < 0x80) {
        ++k;
      }
      bool lower_start = k < content.size() && std::islower(static_cast<unsigned char>(content[k]));
      q.partial = lower_start || nwords < 4;

      Span sent = sentence_of(q.outer.begin);
      Span para = paragraphs[q.paragraph];
      std::size_t sb = std::max<std::size_t>(sent.begin, para.begin);
      std::size_t se = std::max<std::size_t>(sent.end, q.outer.end);
      se = std::min<std::size_t>(se, para.end);
      // Text before the quote in its sentence, after any earlier quote.
      std::size_t before_b = sb;
      if (qi > 0 && quotes[qi - 1].outer.end <= q.outer.begin && quotes[qi - 1].outer.end > before_b) {
        before_b = quotes[qi - 1].outer.end;  // quotes are in text order and disjoint: the last one ends latest
      }
      std::vector<WordPos> before = WordPositions(text, before_b, q.outer.begin);
      // A quote that ends its own sentence ("...country?” Clinton said.")
      // is attributed in the sentence that follows it.
      std::size_t after_e = se;
      bool next_sentence = false;
      if (after_e <= q.outer.end + 1 && q.outer.end < para.end) {
        after_e = std::min<std::size_t>(para.end, sentence_of(std::min<std::size_t>(q.outer.end + 1, para.end - 1)).end);
        if (after_e < q.outer.end) after_e = q.outer.end;
        next_sentence = true;
      }
      const std::size_t after_sentence_end = after_e;
      if (qi + 1 < quotes.size() && quotes[qi + 1].outer.begin < after_e && quotes[qi + 1].outer.begin > q.outer.end) {
        after_e = quotes[qi + 1].outer.begin;
      }
      std::vector<WordPos> after = WordPositions(text, q.outer.end, after_e);
      // The next sentence attributes this quote only when it is no more than
      // an attribution ("Clinton said on Tuesday."), not a statement of its
      // own with its own quote ("The agency said X had shown “...”").
      if (next_sentence && !after.empty()) {
        std::size_t v = 0;
        while (v < after.size() && v < 12 && !IsSpeechVerb(after[v].w) && ToLower(after[v].w) != "according") ++v;
        const bool own_quote = after_e < after_sentence_end;
        // Before the verb only the speaker's name and title: "Clinton plans
        // to visit X, according to an aide" is a sentence of its own.
        bool np_only = true;
        for (std::size_t w = 0; w < v && w < after.size(); ++w) {
          const unsigned char c = static_cast<unsigned char>(after[w].w[0]);
          const std::string l = ToLower(after[w].w);
          if (!(std::isupper(c) || c >= 0xC0 || IsTitleWord(l) || Pronouns().count(l) || v <= 3 || l == "the" ||
                l == "a" || l == "an" || l == "his" || l == "her" || l == "its" || l == "their" || l == "of")) {
            np_only = false;
          }
        }
        if (v < after.size() && (own_quote || !np_only ||
                                 CountWords(std::string_view(text).substr(after[v].end, after_sentence_end - after[v].end)) > 6)) {
          after.clear();
        }
      }

      std::string speaker, cue;
      Span speaker_at;  // the mention that names the speaker, when there is one
      // The speaker is the person `m` names (full name from the article).
      auto take = [&](const NameMention& m) {
        speaker = resolver.FullName(m);
        speaker_at = m.span;
      };
      // Is there a comma between word w - 1 and word w before the quote?
      auto comma_before = [&](std::size_t w) {
        return w > 0 && std::string_view(text)
                                .substr(before[w - 1].end, before[w].begin - before[w - 1].end)
                                .find(',') != std::string_view::npos;
      };
      const char* rule = nullptr;  // which rule named the speaker, for PARALLAX_DEBUG_QUOTES
      auto mark = [&](const char* r) {
        if (!speaker.empty() && rule == nullptr) rule = r;
      };
      // 0. A speaker named outright: a transcript line ("PENCE: ...", the
      // label opening the paragraph or the quote itself), or a name after a
      // dash right behind the quote ("..." ― Maria Lopez).
      std::size_t para_start = para.begin;  // after a quotation mark opening the paragraph
      while (para_start < para.end && (text[para_start] == '"' || text[para_start] == ' ')) ++para_start;
      if (std::string_view(text).substr(para_start, 3) == "\xE2\x80\x9C") para_start += 3;
      for (std::size_t start : {para_start, static_cast<std::size_t>(q.content.begin)}) {
        const std::string label = TranscriptLabel(std::string_view(text).substr(start, 48));
        if (label.empty()) continue;
        speaker = name_index.Resolve(label);
        if (speaker.empty()) speaker = label;
        speaker_at = Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + label.size())};
        break;
      }
      if (speaker.empty()) {
        const std::string_view rest = std::string_view(text).substr(q.outer.end, para.end - q.outer.end);
        if (const std::size_t name_at = AfterAttributionDash(rest); name_at != std::string_view::npos) {
          const std::size_t pos = q.outer.end + name_at;
          const std::string run = CapitalisedRun(std::string_view(text).substr(pos, para.end - pos));
          const NameMention* m = resolver.MentionIn(pos, pos + 1, false);
          // The tagger may cut a signature short ("― Christina N Luis
          // Olidem" tagged "Christina"): the whole capitalised run wins.
          if (m != nullptr && (run.size() <= m->text.size() || CountWords(run) > 5)) {
            take(*m);
          } else {
            speaker = run;
            speaker_at = Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + speaker.size())};
          }
        }
      }
      mark("0");
      // 1. `X said: "..."`, `X told Y that "..."`.
      for (std::size_t w = before.size(); w-- > 0 && w + 6 >= before.size() && speaker.empty();) {
        if (!IsSpeechVerb(before[w].w)) continue;
        std::string tail;
        for (std::size_t t = w + 1; t < before.size(); ++t) tail += ToLower(before[t].w) + " ";
        // Between verb and quote: nothing, "that", an object ("France Inter
        // radio that"), "as saying".
        bool ok = tail.empty() || tail.ends_with("that ") || tail.ends_with("saying ") || before.size() - w <= 2;
        std::string_view between = std::string_view(text).substr(before[w].end, q.outer.begin - before[w].end);
        if (!ok) ok = between.find(':') != std::string_view::npos;
        // "X says of Y, “...”": Y is the topic, not the speaker.
        if (!ok) ok = tail.starts_with("of ") && before.size() - w <= 6 && between.find(',') != std::string_view::npos;
        if (!ok) break;
        cue = ToLower(before[w].w);
        if (const NameMention* m = appositive_subject(before_b, before[w].begin)) {
          take(*m);
          break;
        }
        // "X bemoaned the unrest in Y and said: “...”": the first verb's subject.
        if (w > 0 && (before[w - 1].w == "and" || before[w - 1].w == "but")) {
          if (const NameMention* m = sentence_subject(sb, before[w].begin)) {
            take(*m);
            break;
          }
        }
        // "X poked at Y, tweeting “...”": a participle after a comma has the
        // sentence's subject.
        if (cue.ends_with("ing") && comma_before(w)) {
          if (const NameMention* m = sentence_subject(sb, before[w].begin)) {
            take(*m);
            break;
          }
        }
        // Subject: words before the verb back to a clause boundary.
        std::size_t s0 = w;
        while (s0 > 0 && w - s0 < 8) {
          std::string_view gap = std::string_view(text).substr(before[s0 - 1].end, before[s0].begin - before[s0 - 1].end);
          if (gap.find(',') != std::string_view::npos && w - s0 >= 1) break;
          --s0;
        }
        std::vector<WordPos> np(before.begin() + static_cast<long>(s0), before.begin() + static_cast<long>(w));
        // "X says she liked Y's ... what she calls “...”": a pronoun right
        // before the verb is its subject, not the names before it.
        if (!np.empty() && (ToLower(np.back().w) == "he" || ToLower(np.back().w) == "she")) {
          speaker = resolver.LastSubject(np.back().begin);
          if (!speaker.empty()) break;
        }
        // "with spokeswoman Maria Zakharova saying": the name nearest the verb.
        if (!np.empty()) {
          const NameMention* m = resolver.MentionIn(np.front().begin, np.back().end + 1, false);
          const NameMention* last = nullptr;
          for (const NameMention& mm : ctx.names[a]) {
            if (mm.span.begin >= np.front().begin && mm.span.end <= np.back().end) last = &mm;
          }
          if (last != nullptr && (m == nullptr || last != m)) {
            const Entity* ent = resolver.EntityOf(last->text);
            EntityType t = ent ? ent->type : last->type;
            if (t == EntityType::kPerson || t == EntityType::kOrganization) m = last;
          }
          // "Gov. X (R-OH) said": a person before a party label wins.
          if (const NameMention* person = resolver.LastPersonBefore(np.front().begin, np.back().end + 1)) m = person;
          speaker = m ? resolver.FullName(*m) : resolve_np(np, np.front().begin);
          if (m) speaker_at = m->span;
        }
        if (speaker.empty()) {
          if (const NameMention* m = sentence_subject(sb, before[w].begin)) {
            take(*m);
            break;
          }
          // "... and said France “shall ...": the sentence's subject.
          speaker = resolver.LastSubject(q.outer.begin);
          if (const NameMention* m = resolver.MentionIn(sb, q.outer.begin, true)) take(*m);
        }
        break;
      }
      // 1b. `According to X, “...”`.
      for (std::size_t w = 0; speaker.empty() && w + 2 < before.size(); ++w) {
        if (ToLower(before[w].w) != "according" || ToLower(before[w + 1].w) != "to") continue;
        std::size_t e = w + 2;
        while (e < before.size() && !(before[e].end < text.size() && text[before[e].end] == ',')) ++e;
        if (e >= before.size() || e > w + 10) break;
        std::size_t gap = before[e].end + 1;
        while (gap < q.outer.begin && text[gap] == ' ') ++gap;
        if (gap != q.outer.begin) break;
        std::vector<WordPos> np(before.begin() + static_cast<long>(w + 2), before.begin() + static_cast<long>(e + 1));
        speaker = resolve_np(np, np.front().begin);
        if (!speaker.empty()) cue = "according to";
      }
      // 1d. `... pollster Daron Shaw: “...”`: a name right before a colon.
      if (speaker.empty() && !before.empty()) {
        std::size_t c = q.outer.begin;
        while (c > before_b && text[c - 1] == ' ') --c;
        if (c > before_b && text[c - 1] == ':') {
          for (const NameMention& m : ctx.names[a]) {
            if (m.span.end + 1 != c || m.span.begin < before_b) continue;
            const Entity* ent = resolver.EntityOf(m.text);
            const EntityType type = ent ? ent->type : m.type;
            if (type == EntityType::kPerson || type == EntityType::kOrganization) {
              speaker = resolver.FullName(m);
              speaker_at = m.span;
              cue = ":";
            }
          }
        }
      }
      // 1e. `As X pointed out in May, “...”`.
      if (speaker.empty() && before_b == sb && !before.empty()) {
        std::size_t c = q.outer.begin;
        while (c > before_b && text[c - 1] == ' ') --c;
        if (c > before_b && text[c - 1] == ',') {
          if (const NameMention* m = as_clause(sb, q.outer.begin)) {
            take(*m);
            cue = "as";
          }
        }
      }
      mark("1");
      // 2. `"...," X said` or `"...," said X`.
      if (speaker.empty() && !after.empty()) {
        std::size_t v = after.size();
        for (std::size_t w = 0; w < after.size() && w < 30; ++w) {
          // Past 12 words only behind a long apposition ("X, who served
          // as ... during ..., told").
          if (w >= 12 && appositive_subject(q.outer.end, after[w].begin) == nullptr) continue;
          if (IsSpeechVerb(after[w].w)) { v = w; break; }
          if (ToLower(after[w].w) == "according" && w + 1 < after.size() && ToLower(after[w + 1].w) == "to") { v = w; break; }
        }
        if (v < after.size()) {
          cue = ToLower(after[v].w);
          if (cue == "according") cue = "according to";
          if (v == 0 || (cue == "according to" && v <= 1)) {
            std::size_t s = cue == "according to" ? v + 2 : v + 1;
            std::vector<WordPos> np;
            for (std::size_t w = s; w < after.size() && w < s + 8; ++w) np.push_back(after[w]);
            if (!np.empty()) {
              // "said Lumatek chief product officer Ruth Calloway": the
              // person the phrase ends with, up to its first comma.
              std::size_t np_end = np.back().end;
              for (const WordPos& w : np) {
                if (w.end < text.size() && text[w.end] == ',') {
                  np_end = w.end;
                  break;
                }
              }
              const NameMention* person = nullptr;
              for (const NameMention& mm : ctx.names[a]) {
                if (mm.span.begin < np.front().begin || mm.span.end > np_end) continue;
                const Entity* ent = resolver.EntityOf(mm.text);
                if ((ent ? ent->type : mm.type) == EntityType::kPerson) person = &mm;
              }
              if (person != nullptr) {
                { speaker = resolver.FullName(*person); speaker_at = person->span; }
              } else if (const NameMention* m = resolver.MentionIn(np.front().begin, np.back().end, true)) {
                take(*m);
              } else {
                // "said the minister": up to the first comma.
                std::vector<WordPos> cut;
                for (std::size_t w = 0; w < np.size(); ++w) {
                  cut.push_back(np[w]);
                  if (np[w].end < text.size() && text[np[w].end] == ',') break;
                }
                speaker = resolve_np(cut, q.outer.begin);
              }
            }
          } else if (std::islower(static_cast<unsigned char>(after[0].w[0])) && v + 1 < after.size() &&
                     resolver.LastPersonBefore(after[v + 1].begin, after[v + 1].end + 40) != nullptr &&
                     resolver.MentionIn(after[v + 1].begin, after[v + 1].end, true) != nullptr &&
                     !Pronouns().count(ToLower(after[0].w))) {
            // `“...” for Clinton, said Kunin`: no subject before the verb,
            // the name after it speaks.
            const NameMention* m = resolver.MentionIn(after[v + 1].begin, after[v + 1].end, true);
            take(*m);
          } else if (StartsClause(after[0].w)) {
            cue.clear();  // "“...,” when X blasted him": a clause of its own, not an attribution
          } else {
            std::vector<WordPos> np(after.begin(), after.begin() + static_cast<long>(v));
            // The subject is the last person before the verb ("Rovers
            // manager Petra Lindqvist said"); an apposition may sit between
            // ("X, from the Y party, told"), so other kinds of names do not
            // count. When a verb sits in between ("X sings to Y before
            // asking"), the subject is the first person.
            // A preposition or a subordinator shows a clause ("sings to Y
            // before asking"); "Trump lawyer Marc Kasowitz" has none.
            static const std::unordered_set<std::string> kClauseWords = {"to", "before", "after", "with", "at",
                                                                        "on", "while", "when", "as", "by", "from"};
            bool has_verb = false;
            for (const WordPos& w : np) has_verb = has_verb || kClauseWords.count(std::string(w.w)) > 0;
            const NameMention* person = appositive_subject(q.outer.end, after[v].begin);
            for (const NameMention& mm : ctx.names[a]) {
              if (person != nullptr && person->span.end < np.back().end && text[person->span.end] == ',') break;
              if (person != nullptr && has_verb) break;
              if (mm.span.begin < np.front().begin || mm.span.end > np.back().end) continue;
              const Entity* ent = resolver.EntityOf(mm.text);
              if ((ent ? ent->type : mm.type) == EntityType::kPerson) person = &mm;
            }
            if (person != nullptr) {
              { speaker = resolver.FullName(*person); speaker_at = person->span; }
            } else if (const NameMention* m = resolver.MentionIn(np.front().begin, np.front().end + 1, false)) {
              take(*m);
            } else {
              speaker = resolve_np(np, q.outer.begin);
            }
          }
          if (speaker.empty() && (cue == "continue" || cue == "adding" || cue == "added" || v == 0)) {
            speaker = resolver.LastSubject(q.outer.begin);
          }
        }
      }
      mark("2");
      // 2b. `“...?” Hannity pressed.`: a name and one verb closing the
      // sentence right after the quote attribute it, whatever the verb.
      if (speaker.empty() && after.size() >= 2 && after.size() <= 4 && before.empty()) {
        const std::string_view rest = std::string_view(text).substr(after.back().end, after_e - after.back().end);
        const std::string_view inside = std::string_view(text).substr(q.content.begin, q.content.size());
        const bool attributive_end = !inside.empty() && std::string_view(",?!").find(inside.back()) != std::string_view::npos;
        const unsigned char vc = static_cast<unsigned char>(after.back().w[0]);
        if (attributive_end && std::islower(vc) && rest.find_first_not_of(" .\n") == std::string_view::npos) {
          std::vector<WordPos> np(after.begin(), after.end() - 1);
          if (const NameMention* m = resolver.LastPersonBefore(np.front().begin, np.back().end)) {
            take(*m);
          } else if (np.size() == 1 && (ToLower(np[0].w) == "he" || ToLower(np[0].w) == "she")) {
            speaker = resolver.LastSubject(np[0].begin);
          }
          if (!speaker.empty()) cue = ToLower(after.back().w);
        }
      }
      mark("2b");
      // 3. A speech verb anywhere before the quote in its sentence: its
      // subject is the nearest person before it, else the running subject.
      if (speaker.empty()) {
        for (std::size_t w = before.size(); w-- > 0;) {
          if (IsSpeechVerb(before[w].w)) {
            cue = ToLower(before[w].w);
            // "X bemoaned the unrest in Y and said ...": a verb joined to
            // the sentence's first verb shares its subject.
            if (w > 0 && (before[w - 1].w == "and" || before[w - 1].w == "but")) {
              if (const NameMention* m = sentence_subject(sb, before[w].begin)) {
                take(*m);
                break;
              }
            }
            if (const NameMention* m = appositive_subject(before_b, before[w].begin)) {
              take(*m);
              break;
            }
            if (cue.ends_with("ing") && comma_before(w)) {
              if (const NameMention* m = sentence_subject(sb, before[w].begin)) {
                take(*m);
                break;
              }
            }
            // The words just before the verb, back to a clause boundary.
            std::size_t s0 = w;
            while (s0 > 0 && w - s0 < 5) {
              std::string_view gap = std::string_view(text).substr(before[s0 - 1].end, before[s0].begin - before[s0 - 1].end);
              if (gap.find(',') != std::string_view::npos) break;
              --s0;
            }
            std::vector<WordPos> np(before.begin() + static_cast<long>(s0), before.begin() + static_cast<long>(w));
            // "..., saying she hadn't yet called for ...": with no name
            // there, the pronoun nearest the verb is its subject.
            if (!np.empty() && resolver.MentionIn(np.front().begin, np.back().end, false) == nullptr) {
              for (std::size_t pk = np.size(); pk-- > 0;) {
                if (ToLower(np[pk].w) == "he" || ToLower(np[pk].w) == "she") {
                  np = {np[pk]};
                  break;
                }
              }
            }
            std::string from_np = np.empty() ? std::string() : resolve_np(np, np.front().begin);
            if (!from_np.empty()) {
              speaker = from_np;
            } else if (const NameMention* m = resolver.LastPersonBefore(sb, before[w].begin)) {
              take(*m);
            } else {
              speaker = resolver.LastSubject(q.outer.begin);
            }
            break;
          }
        }
      }
      mark("3");
      // 3a. No speech verb, in a sentence that opens `According to X, ...`
      // with the quote further on ("According to the State Department,
      // Kerry will discuss a “multilateral approach”"): X.
      if (speaker.empty()) {
        // The first dozen words are enough (bounded, so a long sentence of many quotes stays linear).
        const std::vector<WordPos> lead = WordPositions(text, sb, std::min<std::size_t>(q.outer.begin, sb + 512));
        if (lead.size() >= 3 && ToLower(lead[0].w) == "according" && ToLower(lead[1].w) == "to") {
          std::size_t e = 2;
          while (e < lead.size() && e <= 11 && !(lead[e].end < text.size() && text[lead[e].end] == ',')) ++e;
          if (e < lead.size() && e <= 11 && lead[e].end < q.outer.begin) {
            std::vector<WordPos> np(lead.begin() + 2, lead.begin() + static_cast<long>(e + 1));
            speaker = resolve_np(np, np.front().begin);
            if (!speaker.empty()) cue = "according to";
          }
        }
      }
      mark("3a");
      // Another quote of the same sentence with a known speaker.
      if (speaker.empty() && qi > 0 && quotes[qi - 1].outer.end >= sb && quotes[qi - 1].paragraph == q.paragraph) {
        speaker = quotes[qi - 1].speaker;
      }
      mark("same-sentence");
      // 3b. No speech verb: the sentence's subject ("Japan branded X an
      // “outlaw nation”", "In July, X dismissed Y as “...”").
      if (speaker.empty() && !before.empty() && before_b == sb) {
        if (const NameMention* m = sentence_subject(sb, q.outer.begin)) {
          take(*m);
        }
      }
      mark("3b");
      // 3c. No speech verb nor subject, but `X's claim that “...”`: the possessor of a
      // word for speech.
      if (speaker.empty()) {
        static const std::unordered_set<std::string> kSpeechNouns = {
            "claim", "claims", "statement", "statements", "remark", "remarks", "comment", "comments", "words",
            "assertion", "promise", "pledge", "tweet", "tweets", "warning", "description", "response", "speech",
            "argument", "message", "suggestion", "accusation", "insistence", "contention", "declaration", "vow",
            "call", "plea", "boast", "quip", "question", "answer", "reply", "charge", "complaint", "prediction"};
        for (std::size_t w = before.size(); w-- > 0 && w + 8 >= before.size() && speaker.empty();) {
          if (!kSpeechNouns.count(ToLower(before[w].w)) || w == 0) continue;
          const std::string_view owner = before[w - 1].w;
          if (!(owner.ends_with("'s") || owner.ends_with("\xE2\x80\x99s") || owner.ends_with("s'"))) continue;
          for (const NameMention& m : ctx.names[a]) {
            if (m.span.begin < before[w - 1].begin - std::min<std::size_t>(before[w - 1].begin, 40) ||
                m.span.end > before[w - 1].end || m.span.end + 4 < before[w - 1].end) {
              continue;
            }
            const Entity* ent = resolver.EntityOf(m.text);
            const EntityType type = ent ? ent->type : m.type;
            if (type == EntityType::kPerson || type == EntityType::kOrganization) {
              speaker = resolver.FullName(m);
              speaker_at = m.span;
              cue = ToLower(before[w].w);
            }
          }
          break;
        }
      }
      mark("3c");
      // 4. Context.
      if (speaker.empty()) {
        if (q.continues && qi > 0) {
          speaker = quotes[qi - 1].speaker;
        } else {
          // A lead-in paragraph that ends with a colon: "The New York
          // Times reports:" / "Trump tweeted:" above a quote paragraph.
          if (q.outer.begin == para.begin && q.paragraph > 0) {
            const Span prev = paragraphs[q.paragraph - 1];
            std::string_view pt = std::string_view(text).substr(prev.begin, prev.size());
            while (!pt.empty() && (pt.back() == ' ' || pt.back() == '\n')) pt.remove_suffix(1);
            if (!pt.empty() && pt.back() == ':') {
              const std::vector<WordPos> lead = WordPositions(text, prev.begin, prev.end);
              for (std::size_t w = lead.size(); w-- > 0 && w + 4 >= lead.size();) {
                if (!IsSpeechVerb(lead[w].w)) continue;
                std::size_t s0 = w;
                while (s0 > 0 && w - s0 < 8) {
                  std::string_view gap =
                      std::string_view(text).substr(lead[s0 - 1].end, lead[s0].begin - lead[s0 - 1].end);
                  if (gap.find_first_of(",.") != std::string_view::npos) break;
                  --s0;
                }
                std::vector<WordPos> np(lead.begin() + static_cast<long>(s0), lead.begin() + static_cast<long>(w));
                if (np.empty()) break;
                if (const NameMention* m = resolver.MentionIn(np.front().begin, np.back().end, false)) {
                  take(*m);
                } else {
                  speaker = resolve_np(np, np.front().begin);
                }
                if (!speaker.empty()) cue = ToLower(lead[w].w);
                break;
              }
              // "As Breitbart News reported on Friday, the agency ...:".
              if (speaker.empty()) {
                const Span last = sentence_of(prev.end > prev.begin ? prev.end - 1 : prev.begin);
                if (const NameMention* m = as_clause(std::max(last.begin, prev.begin), prev.end)) {
                  take(*m);
                }
              }
            }
          }
          // A caption line naming a person just above this paragraph.
          for (const RemovedBlock& r : art.removed) {
            if (r.at + 2 == para.begin || r.at == para.begin) {
              std::string name = name_index.Resolve(r.text);
              if (name.empty()) {
                // "Foreign minister - Name": try the last words.
                std::vector<std::string_view> ws = WordsOf(r.text);
                for (std::size_t n = std::min<std::size_t>(3, ws.size()); n >= 2 && name.empty(); --n) {
                  std::size_t off = static_cast<std::size_t>(ws[ws.size() - n].data() - r.text.data());
                  name = name_index.Resolve(std::string_view(r.text).substr(off));
                }
              }
              if (!name.empty()) speaker = name;
            }
          }
          // The previous quotation (titles and scare quotes of one to three
          // words do not count: "... said on Fox's “Fox and Friends.” “I
          // mean ...”").
          const std::size_t prev = after_long;
          // The previous quote's speaker when this paragraph is only a quote.
          if (speaker.empty() && prev > 0 && quotes[prev - 1].paragraph + 1 >= q.paragraph &&
              q.outer.begin == para.begin) {
            speaker = quotes[prev - 1].speaker;
          }
          // A quote that opens a sentence after an attributed quote of the
          // same paragraph ("“Rubbish,” X said. “We handed it in ...”").
          const bool opens_sentence = q.outer.begin == sent.begin || q.outer.begin == para.begin;
          if (speaker.empty() && opens_sentence && prev > 0 && quotes[prev - 1].paragraph == q.paragraph) {
            speaker = quotes[prev - 1].speaker;
          }
          // Otherwise the person the previous sentence was about; also for a
          // quotation inside a sentence that names nobody ("That makes her
          // “a trustworthy person”").
          bool names_someone = false;
          for (const NameMention& m : ctx.names[a]) {
            if (m.span.begin >= sb && m.span.begin < se && !inside_quote(m.span.begin)) names_someone = true;
          }
          if (speaker.empty() && (opens_sentence || (!names_someone && nwords >= 3))) {
            speaker = resolver.LastSubject(q.outer.begin);
          }
        }
      }
      mark("4");
      // "Hamlin's father told ...", "..., Hamlin's family said": the
      // relative (or agent) speaks, not the person named.
      if (!speaker.empty() && speaker_at.size() > 0) {
        const std::string_view rest = std::string_view(text).substr(speaker_at.end);
        const std::size_t skip = rest.starts_with("'s ") ? 3 : rest.starts_with("\xE2\x80\x99s ") ? 5 : 0;
        if (skip > 0) {
          std::size_t e = skip;
          while (e < rest.size() && std::islower(static_cast<unsigned char>(rest[e]))) ++e;
          if (e > skip && IsRelationNoun(rest.substr(skip, e - skip)) &&
              (e >= rest.size() || !std::isalnum(static_cast<unsigned char>(rest[e])))) {
            speaker_at = Span{speaker_at.begin, static_cast<std::uint32_t>(speaker_at.end + e)};
            speaker = text.substr(speaker_at.begin, speaker_at.size());
          }
        }
      }
      if (DebugQuotes()) {
        std::string names;
        for (const NameMention& m : ctx.names[a]) {
          if (m.span.begin >= sb && m.span.end <= se) names += " [" + m.text + ":" + EntityTypeName(m.type) + "]";
        }
        std::fprintf(stderr, "QUOTE %s | rule %s | speaker %s | \"%.60s\" |%s\n", art.id.c_str(), rule ? rule : "-",
                     speaker.c_str(), std::string(content).c_str(), names.c_str());
      }
      {
        QuoteSite& site = sites[qi];
        site.article = a;
        site.content = q.content;
        site.outer = q.outer;
        site.sentence = Span{static_cast<std::uint32_t>(sb), static_cast<std::uint32_t>(se)};
        if (next_sentence) {
          site.next_sentence = Span{q.outer.end, static_cast<std::uint32_t>(after_sentence_end)};
        }
        for (Span s : sentences) {
          if (s.end <= sb && s.begin >= para.begin) site.previous_sentence = s;
        }
        site.paragraph = para;
        if (q.paragraph > 0) site.previous_paragraph = paragraphs[q.paragraph - 1];
        site.window_begin = paragraphs[q.paragraph >= 2 ? q.paragraph - 2 : 0].begin;
        site.opens_paragraph = q.outer.begin == para.begin;
        site.continues = q.continues;
        site.rule_kind = RuleKind(rule);
        site.rule_speaker = speaker;
        site.rule_at = speaker_at;
        if (site.rule_at.size() == 0 && !speaker.empty() && speaker == np_result) site.rule_at = np_read;
        site.previous_speaker = qi > 0 ? quotes[qi - 1].speaker : std::string();
        site.running_subject = resolver.LastSubject(q.outer.begin);
      }
      q.speaker = speaker;
      q.speaker_at = speaker_at;
      q.cue = cue;
      if (!speaker.empty()) resolver.NoteSubject(q.outer.begin, speaker);
    }
    // The learned ranking (speakers.h) over the rules' pick and the other
    // candidates, after the rules have read the whole article (so the
    // rules' running subject is the same with and without the model).
    if ((model != nullptr || collect != nullptr) && quotes.size() <= kMaxRankedQuotesPerArticle) {
      std::vector<Span> outers;
      for (const RawQuote& q : quotes) outers.push_back(q.outer);
      std::vector<std::string> rule_speakers;
      std::map<std::string, std::size_t> speaker_counts;
      for (const RawQuote& q : quotes) {
        rule_speakers.push_back(q.speaker);
        if (!q.speaker.empty()) ++speaker_counts[q.speaker];
      }
      for (std::size_t qi = 0; qi < quotes.size(); ++qi) {
        sites[qi].article_speakers = &speaker_counts;
        if (qi + 1 < quotes.size() && quotes[qi + 1].paragraph == quotes[qi].paragraph) {
          sites[qi].next_speaker = rule_speakers[qi + 1];
        }
        SpeakerChoice choice;
        choice.article_id = art.id;
        choice.content = quotes[qi].content;
        choice.candidates = BuildSpeakerCandidates(ctx, entities, name_index, sites[qi], outers, &choice.rule_pick);
        // A quote of one or two words the rules left without a speaker is a
        // scare quote or a title: the model does not make it a quotation.
        const bool scare = choice.rule_pick >= choice.candidates.size() &&
                           CountWords(std::string_view(text).substr(quotes[qi].content.begin,
                                                                    quotes[qi].content.size())) < 3;
        if (model != nullptr && !scare) {
          std::size_t k = model->Pick(choice);
          // The rules' "X's father" stays: X is only the relative.
          const std::size_t r = choice.rule_pick;
          if (k < choice.candidates.size() && r < choice.candidates.size() &&
              choice.candidates[r].features[kSfRelationNoun] > 0 && choice.candidates[k].at.begin >= choice.candidates[r].at.begin &&
              choice.candidates[k].at.end <= choice.candidates[r].at.end) {
            k = r;
          }
          if (k < choice.candidates.size() && k != r) {
            quotes[qi].speaker = choice.candidates[k].name;
            quotes[qi].speaker_at = choice.candidates[k].at;
          }
        }
        if (collect != nullptr) collect->push_back(std::move(choice));
      }
    }
    for (RawQuote& q : quotes) {
      std::size_t n = CountWords(std::string_view(text).substr(q.content.begin, q.content.size()));
      // One- and two-word marks are scare quotes or titles, not quotations.
      if (n < 3 && (q.speaker.empty() || n < 2)) continue;
      all.push_back(q);
    }
  }

  // Merge the same quote across articles: one word sequence contains the
  // other, or their word sets mostly overlap.
  struct Merged {
    Quote quote;
    std::vector<std::string> words;
    std::map<std::string, int> speakers;
    std::vector<std::pair<std::string, Citation>> speaker_mentions;  // (speaker, where named)
  };
  std::vector<Merged> merged;
  for (const RawQuote& q : all) {
    const Article& art = *ctx.articles[q.article];
    std::string_view content = std::string_view(art.text).substr(q.content.begin, q.content.size());
    std::vector<std::string> words;
    for (std::string_view w : WordsOf(content)) words.push_back(ToLower(w));
    Merged* target = nullptr;
    for (Merged& m : merged) {
      std::set<std::string> a(words.begin(), words.end()), b(m.words.begin(), m.words.end());
      std::size_t inter = 0;
      for (const auto& w : a) inter += b.count(w);
      std::size_t smaller = std::min(a.size(), b.size());
      std::size_t uni = a.size() + b.size() - inter;
      if (smaller >= 3 && (inter == smaller || (uni > 0 && static_cast<double>(inter) / uni >= 0.7))) {
        target = &m;
        break;
      }
    }
    std::string text = std::string(content);
    // Trim spaces and a trailing comma left inside the marks.
    while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(text.begin());
    if (target == nullptr) {
      merged.push_back({});
      target = &merged.back();
      target->quote.text = text;
      target->words = words;
      target->quote.partial = q.partial;
      target->quote.cue = q.cue;
    } else {
      if (words.size() > target->words.size()) {
        target->quote.text = text;
        target->words = words;
      }
      target->quote.partial = target->quote.partial && q.partial;
      if (target->quote.cue.empty()) target->quote.cue = q.cue;
    }
    if (!q.speaker.empty()) target->speakers[q.speaker]++;
    if (std::find(target->quote.sources.begin(), target->quote.sources.end(), art.id) == target->quote.sources.end()) {
      target->quote.sources.push_back(art.id);
    }
    target->quote.citations.push_back({art.id, q.content});
    if (q.speaker_at.size() > 0) target->speaker_mentions.push_back({q.speaker, Citation{art.id, q.speaker_at}});
  }
  std::vector<Quote> out;
  for (Merged& m : merged) {
    int best = 0;
    for (auto& [s, c] : m.speakers) {
      if (c > best) { best = c; m.quote.speaker = s; }
    }
    for (const auto& [who, at] : m.speaker_mentions) {
      if (who == m.quote.speaker) m.quote.speaker_citations.push_back(at);
    }
    out.push_back(std::move(m.quote));
  }
  std::stable_sort(out.begin(), out.end(), [](const Quote& x, const Quote& y) {
    return x.sources.size() > y.sources.size();
  });
  return out;
}

}  // namespace parallax::analyze_internal
