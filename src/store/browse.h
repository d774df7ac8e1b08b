#pragma once
// Value types of the store's read-only browse queries (Store::ListStoryCards,
// GetArticle, ListEntities, GetEntity, ListOutlets, GetOutlet), which the web
// server (src/serve) renders as JSON and HTML pages.
//
//   StoryCardQuery q;  q.sort = StorySort::kCoverage;  q.limit = 20;
//   auto page = store->ListStoryCards(q);        // page->cards, page->next_cursor
//   q.cursor = page->next_cursor;                 // the next 20, same order
//
// Contract: every query is read-only and bounded (a limit on what it
// returns and on how many stored stories it decodes); an unknown id or name
// is NotFound, a malformed cursor or query InvalidArgument.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace parallax {

enum class StorySort {
  kNewest,    // latest article first (undated stories last), then newest id
  kCoverage,  // most outlets first, then most articles, then newest id
};

struct StoryCardQuery {
  std::optional<std::string> since;   // has an article published on or after (date or time)
  std::optional<std::string> until;   // has an article published on or before (a date: that whole day)
  std::optional<std::string> outlet;  // has an article from this outlet (source)
  std::optional<std::string> entity;  // names this person, organisation or place (case-insensitive)
  std::optional<std::string> query;   // full-text over story titles, summaries, quotes, names (docs/store.md)
  StorySort sort = StorySort::kNewest;
  std::size_t limit = 20;             // 1..100
  std::string cursor;                 // empty: the first page; else a next_cursor of the same sort
};

struct OutletCount {
  std::string name;  // the article's source; "" when unknown
  std::size_t articles = 0;
};

// One story as a list shows it.
struct StoryCard {
  std::string id;
  std::string title;
  std::size_t articles = 0;  // including duplicates
  std::size_t outlets = 0;
  std::optional<std::string> first_published;
  std::optional<std::string> last_published;
  std::string updated_at;
  std::optional<std::string> summary;  // the summary's first sentence
  std::size_t facts = 0, single_source = 0, conflicts = 0, quotes = 0;
  std::vector<OutletCount> outlet_counts;  // most articles first, then by name
};

struct StoryCardPage {
  std::vector<StoryCard> cards;
  std::optional<std::string> next_cursor;  // set when more stories follow
};

struct ArticleView {
  Article article;  // clean text and removed blocks with reasons
  std::optional<std::string> duplicate_of;  // id of its canonical copy
  std::optional<double> duplicate_similarity;
  std::optional<std::string> story;        // the live story holding it
  std::optional<std::string> story_title;
};

struct EntityListing {
  std::string name;
  std::size_t stories = 0;  // live stories naming it
};

// A quote by one speaker, with the story it comes from.
struct SpeakerQuote {
  std::string story;
  std::string story_title;
  Quote quote;
  std::vector<std::string> outlets;  // of quote.sources, each once
};

struct EntityView {
  std::string name;                  // as stored (the first spelling found)
  std::optional<std::string> type;   // "person", "organisation", ... from its latest story
  std::vector<StoryCard> stories;    // newest first (at most 50)
  std::vector<SpeakerQuote> quotes;  // said by it, in those stories
};

struct OutletListing {
  std::string name;
  std::size_t articles = 0;
  std::size_t stories = 0;
};

// A framing term of one outlet summed over its stories.
struct OutletTerm {
  std::string term;
  std::size_t stories = 0;  // stories where it is significant for the outlet
  int count = 0;            // uses, over those stories
  double max_z = 0;
};

struct OutletView {
  std::string name;
  std::size_t articles = 0;
  std::size_t story_count = 0;
  std::vector<StoryCard> stories;  // newest first (at most 50)
  std::vector<OutletTerm> terms;   // in those stories, most stories first (at most 30)
};

}  // namespace parallax
