#pragma once
// What the SQLite and PostgreSQL browse queries (sqlite_browse.cc,
// pg_browse.cc) share, so that both backends give the same answers: the
// keyset cursor of a story-card page, and what an entity's or an outlet's
// page makes of the decoded stories it lists. Internal to src/store.
//
//   Result<CardCursor> c = ParseCardCursor(q.cursor, newest);  // bind c->key, c->after, ...
//   page.next_cursor = NextCardCursor(page.cards.back(), newest);
//   AddEntityFacts(stories, cards, name, outlet_of, &view);     // type, spelling, quotes
//   view.terms = OutletTerms(stories, name);

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"
#include "store/browse.h"

namespace parallax::store_internal {

inline constexpr std::size_t kMaxCardLimit = 100;  // cards per page
inline constexpr std::int64_t kStoriesShown = 50;  // on an entity's or outlet's page
inline constexpr std::size_t kTermsShown = 30;     // an outlet's distinctive terms

// The columns CardsOf reads, in this order.
inline constexpr const char* kCardColumns =
    "SELECT s.n, s.title, s.articles, s.outlets, s.first_published, s.last_published, s.updated_at, s.report "
    "FROM stories s ";

// A page's position: "n.<hex of last_published>.<story id>" when sorted by
// newest, "c.<outlets>.<articles>.<story id>" by coverage; the next page
// starts after that story. An empty cursor is the first page (all unset).
struct CardCursor {
  std::optional<std::string> key;                        // newest: last_published ("" when undated)
  std::optional<std::int64_t> outlets, articles, after;  // after: the story number
};
// InvalidArgument for anything NextCardCursor did not write for that sort.
Result<CardCursor> ParseCardCursor(const std::string& cursor, bool newest);
std::string NextCardCursor(const StoryCard& last, bool newest);

// An entity's page: its type and spelling as the stories give them, and the
// quotes it is the speaker of (names compare case-insensitively), each with
// the outlets of its sources (`outlet_of`: an article id -> its outlet).
void AddEntityFacts(const std::vector<Story>& stories, const std::vector<StoryCard>& cards, const std::string& name,
                    const std::function<std::string(const std::string&)>& outlet_of, EntityView* v);

// An outlet's significant framing terms over the stories: most stories first,
// then most uses, then the term; at most kTermsShown.
std::vector<OutletTerm> OutletTerms(const std::vector<Story>& stories, const std::string& outlet);

}  // namespace parallax::store_internal
