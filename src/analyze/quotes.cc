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
//
// The pieces: quote_marks.cc (marks, words, the mention resolver),
// quote_phrases.cc (noun phrases and sentence subjects),
// quote_attribution.cc (the rules and the ranking, per article); this file
// runs them over a story's articles and merges the same quote across
// articles.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "analyze/quotes_internal.h"
#include "text/terms.h"

namespace parallax::analyze_internal {

using quotes_detail::RawQuote;
using quotes_detail::WordsOf;

std::vector<Quote> ExtractQuotes(const StoryContext& ctx, const std::vector<Entity>& entities) {
  return ExtractQuotesWith(ctx, entities, DefaultSpeakerModel(), DefaultQuoteModel(), nullptr);
}

std::vector<Quote> ExtractQuotesWith(const StoryContext& ctx, const std::vector<Entity>& entities,
                                     const SpeakerModel* model, const QuoteModel* quote_model,
                                     std::vector<SpeakerChoice>* collect) {
  std::vector<RawQuote> all;
  const NameResolver names(entities);
  const quotes_detail::StoryTitleMap titles = quotes_detail::StoryTitles(ctx, names);
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    std::vector<RawQuote> article_quotes =
        quotes_detail::AttributeArticleQuotes(ctx, entities, names, titles, a, model, quote_model, collect);
    all.insert(all.end(), article_quotes.begin(), article_quotes.end());
  }

  // Merge the same quote across articles: one word set contains the
  // other, or they mostly overlap; the first merged quote that does. Both
  // tests need a shared word, so the candidates come from an index of the
  // merged quotes by word (a story of 5,000 articles has thousands of
  // quotes: comparing each with every merged one was quadratic).
  struct Merged {
    Quote quote;
    std::vector<std::string> words;
    std::vector<int> word_ids;  // the distinct words, as ids
    std::map<std::string, int> speakers;
    std::vector<std::pair<std::string, Citation>> speaker_mentions;  // (speaker, where named)
  };
  std::vector<Merged> merged;
  std::unordered_map<std::string, int> word_id;
  std::vector<std::vector<std::uint32_t>> with_word;  // by word id: the merged quotes holding it
  std::vector<std::uint32_t> shared;                  // by merged quote: words shared with the current one
  std::vector<std::uint32_t> touched;
  auto ids_of = [&](const std::vector<std::string>& words) {
    std::vector<int> ids;
    for (const std::string& w : words) {
      auto [it, inserted] = word_id.emplace(w, static_cast<int>(word_id.size()));
      if (inserted) with_word.emplace_back();
      ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };
  for (const RawQuote& q : all) {
    const Article& art = *ctx.articles[q.article];
    std::string_view content = std::string_view(art.text).substr(q.content.begin, q.content.size());
    std::vector<std::string> words;
    for (std::string_view w : WordsOf(content)) words.push_back(ToLower(w));
    std::vector<int> ids = ids_of(words);
    for (int w : ids) {
      for (std::uint32_t m : with_word[static_cast<std::size_t>(w)]) {
        if (shared[m]++ == 0) touched.push_back(m);
      }
    }
    std::uint32_t first = static_cast<std::uint32_t>(merged.size());
    for (std::uint32_t m : touched) {
      const std::size_t inter = shared[m];
      shared[m] = 0;
      if (m > first) continue;
      const std::size_t other = merged[m].word_ids.size();
      const std::size_t smaller = std::min(ids.size(), other);
      const std::size_t uni = ids.size() + other - inter;
      if (smaller >= 3 && (inter == smaller || (uni > 0 && static_cast<double>(inter) / uni >= 0.7))) first = m;
    }
    touched.clear();
    Merged* target = first < merged.size() ? &merged[first] : nullptr;
    std::string text = std::string(content);
    // Trim spaces and a trailing comma left inside the marks.
    while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(text.begin());
    if (target == nullptr) {
      merged.push_back({});
      shared.push_back(0);
      target = &merged.back();
      target->quote.text = text;
      target->words = words;
      target->word_ids = ids;
      for (int w : ids) with_word[static_cast<std::size_t>(w)].push_back(first);
      target->quote.partial = q.partial;
      target->quote.cue = q.cue;
    } else {
      if (words.size() > target->words.size()) {
        target->quote.text = text;
        target->words = words;
        // The index follows the merged quote's words.
        for (int w : target->word_ids) {
          std::vector<std::uint32_t>& list = with_word[static_cast<std::size_t>(w)];
          list.erase(std::find(list.begin(), list.end(), first));
        }
        target->word_ids = ids;
        for (int w : ids) {
          std::vector<std::uint32_t>& list = with_word[static_cast<std::size_t>(w)];
          list.insert(std::upper_bound(list.begin(), list.end(), first), first);
        }
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
