// The attribution rules (quotes_internal.h, in order of strength: a speech
// verb right before the quote, after it, elsewhere in its sentence, then
// the paragraph's context), and the learned ranking of speakers.h over
// their pick and the other candidates around each quote.

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

std::vector<RawQuote> AttributeArticleQuotes(const StoryContext& ctx, const std::vector<Entity>& entities,
                                             const NameResolver& names, const StoryTitleMap& titles, std::size_t a,
                                             const SpeakerModel* model, const QuoteModel* quote_model,
                                             std::vector<SpeakerChoice>* collect) {
  std::vector<RawQuote> all;
  const Article& art = *ctx.articles[a];
  const std::string& text = art.text;
  Resolver resolver(ctx, names, titles, a);
  std::vector<Span> paragraphs = SplitParagraphs(text);
  std::vector<RawQuote> quotes = PairQuoteMarks(text, paragraphs, a);

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

  // The phrase rules (quote_phrases.cc); the words the last resolve_np call
  // read and what it made of them: where the rules found a speaker no
  // mention names ("the union", "he"), for the learned ranking's features.
  ArticlePhrases phrases(ctx, a, resolver);
  Span& np_read = phrases.np_read;
  std::string& np_result = phrases.np_result;
  auto resolve_np = [&](const std::vector<WordPos>& np, std::size_t pos) { return phrases.ResolveNp(np, pos); };
  auto appositive_subject = [&](std::size_t from, std::size_t verb) { return phrases.AppositiveSubject(from, verb); };
  auto sentence_subject = [&](std::size_t sb, std::size_t limit) { return phrases.SentenceSubject(sb, limit); };
  auto as_clause = [&](std::size_t b, std::size_t e) { return phrases.AsClause(b, e); };

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
      speaker = names.Resolve(label);
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
            std::string name = names.Resolve(r.text);
            if (name.empty()) {
              // "Foreign minister - Name": try the last words.
              std::vector<std::string_view> ws = WordsOf(r.text);
              for (std::size_t n = std::min<std::size_t>(3, ws.size()); n >= 2 && name.empty(); --n) {
                std::size_t off = static_cast<std::size_t>(ws[ws.size() - n].data() - r.text.data());
                name = names.Resolve(std::string_view(r.text).substr(off));
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
      std::string in_sentence;
      for (const NameMention& m : ctx.names[a]) {
        if (m.span.begin >= sb && m.span.end <= se) in_sentence += " [" + m.text + ":" + EntityTypeName(m.type) + "]";
      }
      std::fprintf(stderr, "QUOTE %s | rule %s | speaker %s | \"%.60s\" |%s\n", art.id.c_str(), rule ? rule : "-",
                   speaker.c_str(), std::string(content).c_str(), in_sentence.c_str());
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
  std::vector<Span> outers;
  for (const RawQuote& q : quotes) outers.push_back(q.outer);
  if ((model != nullptr || collect != nullptr) && quotes.size() <= kMaxRankedQuotesPerArticle) {
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
      choice.candidates = BuildSpeakerCandidates(ctx, entities, names, sites[qi], outers, &choice.rule_pick);
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
      if (collect != nullptr) {
        choice.quote_features = QuoteFeatures(text, sites[qi], outers);
        collect->push_back(std::move(choice));
      }
    }
  }
  for (std::size_t qi = 0; qi < quotes.size(); ++qi) {
    const RawQuote& q = quotes[qi];
    std::size_t n = CountWords(std::string_view(text).substr(q.content.begin, q.content.size()));
    // One- and two-word marks are scare quotes or titles, not quotations.
    if (n < 3 && (q.speaker.empty() || n < 2)) continue;
    // Longer titles, slogans and job titles: the learned quote-or-not
    // decision (quotes_model.h).
    if (quote_model != nullptr && n >= 3) {
      const std::vector<double> f = QuoteFeatures(text, sites[qi], outers);
      if (DebugQuotes()) {
        std::fprintf(stderr, "QUOTE-OR-NOT %s | p %.3f | \"%.60s\"\n", art.id.c_str(), quote_model->Probability(f),
                     text.substr(q.content.begin, q.content.size()).c_str());
      }
      if (!quote_model->Keep(f)) continue;
    }
    all.push_back(q);
  }
  return all;
}

}  // namespace parallax::analyze_internal::quotes_detail
