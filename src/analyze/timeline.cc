// The story timeline: sentences that date what they state, resolved against
// each article's publication date, grouped across outlets.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "analyze/context.h"
#include "text/temporal.h"

namespace parallax::analyze_internal {
namespace {

// Bytes of `text` inside quotation marks (curly or straight double), by
// paragraph: a mark left open does not run into the next paragraph.
std::vector<bool> QuotedBytes(std::string_view text) {
  std::vector<bool> in(text.size(), false);
  bool open = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      open = false;
    } else if (text[i] == '"') {
      open = !open;
    } else if (text.compare(i, 3, "\xE2\x80\x9C") == 0) {
      open = true;
    } else if (text.compare(i, 3, "\xE2\x80\x9D") == 0) {
      open = false;
    }
    in[i] = open;
  }
  return in;
}

// The place-and-date stamp that opens wire copy ("KESSAR, Ostreva, March 3
// (MPA) - ..."): near the start of a paragraph, only capitalised words
// before it, and a dash soon after (an agency name in brackets may come
// between). It dates the article, not an event in it.
bool InDateline(std::string_view text, Span span) {
  std::size_t para = text.rfind('\n', span.begin);
  para = para == std::string_view::npos ? 0 : para + 1;
  if (span.begin - para > 100) return false;
  std::string_view before = text.substr(para, span.begin - para);
  bool word_start = true;
  for (char c : before) {
    unsigned char u = static_cast<unsigned char>(c);
    if (word_start && std::islower(u)) return false;
    if (c == '.' || c == '"') return false;
    word_start = c == ' ' || c == ',' || c == '(' || c == '/';
  }
  std::string_view after = text.substr(span.end, std::min<std::size_t>(40, text.size() - span.end));
  for (std::string_view dash : {" - ", " -- ", "\xE2\x80\x94", "\xE2\x80\x93"}) {
    std::size_t at = after.find(dash);
    if (at == std::string_view::npos || at > 24) continue;
    std::string_view gap = after.substr(0, at);
    bool ok = true;
    for (char c : gap) ok = ok && (std::isalpha(static_cast<unsigned char>(c)) || c == ' ' || c == '(' || c == ')' || c == ',');
    if (ok) return true;
  }
  return false;
}

// A date that starts or ends a span the sentence measures against ("the
// first title since 1908", "the worst flood since March", "closed until
// June") belongs to that side phrase, not to what the sentence reports.
bool SidePhrase(std::string_view text, Span span) {
  std::size_t end = span.begin;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t begin = end;
  while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
  std::string word(text.substr(begin, end - begin));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word == "since" || word == "until" || word == "till";
}

int Precision(DateGranularity g) {
  switch (g) {
    case DateGranularity::kDay: return 0;
    case DateGranularity::kWeek: return 1;
    case DateGranularity::kMonth: return 2;
    case DateGranularity::kYear: return 3;
  }
  return 3;
}

struct Dated {
  std::size_t sentence;      // index into ctx.sentences
  TemporalExpression expr;   // span in article coordinates
};

bool Compatible(const TemporalExpression& a, const TemporalExpression& b) {
  if (a.value && b.value) return *a.value == *b.value && a.modifier == b.modifier;
  return a.relative == b.relative && a.granularity == b.granularity && a.modifier == b.modifier;
}

}  // namespace

std::vector<TimelineEntry> BuildTimeline(const StoryContext& ctx, const SameInformation& same, std::size_t max_entries,
                                         const std::vector<std::vector<Neighbour>>* candidates) {
  std::vector<TimelineEntry> out;
  if (max_entries == 0) return out;
  // Each sentence's most precise date (the first of equals), outside
  // quotations and datelines.
  std::vector<Dated> dated;
  std::vector<std::vector<bool>> quoted;
  for (const Article* a : ctx.articles) quoted.push_back(QuotedBytes(a->text));
  for (std::size_t i = 0; i < ctx.sentences.size(); ++i) {
    const SentenceInfo& s = ctx.sentences[i];
    if (s.words < 4 || s.words > 80) continue;
    const Article& a = *ctx.articles[s.article];
    std::string_view text = std::string_view(a.text).substr(s.span.begin, s.span.size());
    std::optional<std::string_view> pub;
    if (a.published) pub = *a.published;
    std::optional<Dated> pick;
    for (TemporalExpression& e : FindTemporalExpressions(text, pub)) {
      e.span.begin += s.span.begin;
      e.span.end += s.span.begin;
      if (quoted[s.article][e.span.begin] || InDateline(a.text, e.span) || SidePhrase(a.text, e.span)) continue;
      if (!pick || Precision(e.granularity) < Precision(pick->expr.granularity)) pick = Dated{i, std::move(e)};
    }
    if (pick) dated.push_back(std::move(*pick));
  }
  if (dated.empty()) return out;

  // For each dated sentence, in every other article the most similar
  // sentence with an agreeing date, kept when it states the same thing
  // (as facts pair sentences: one candidate per article). Candidates come
  // from buckets of equal dates, so big stories stay cheap.
  const std::size_t nd = dated.size();
  std::map<std::string, std::vector<std::size_t>> by_value, by_relative;
  for (std::size_t x = 0; x < nd; ++x) {
    if (dated[x].expr.value) by_value[*dated[x].expr.value].push_back(x);
    by_relative[dated[x].expr.relative].push_back(x);
  }
  std::vector<std::size_t> dated_of(ctx.sentences.size(), nd);  // sentence -> index into dated
  for (std::size_t x = 0; x < nd; ++x) dated_of[dated[x].sentence] = x;
  std::vector<std::vector<std::size_t>> partners(nd);
  std::map<std::size_t, std::pair<double, std::size_t>> best;  // article -> (similarity, dated index)
  for (std::size_t x = 0; x < nd; ++x) {
    const SentenceInfo& sx = ctx.sentences[dated[x].sentence];
    best.clear();
    auto consider = [&](std::size_t y) {
      const SentenceInfo& sy = ctx.sentences[dated[y].sentence];
      if (sy.article == sx.article || !Compatible(dated[x].expr, dated[y].expr)) return;
      double sim = Similarity(ctx, sx, sy);
      auto it = best.find(sy.article);
      if (sim > 0 && (it == best.end() || sim > it->second.first)) best[sy.article] = {sim, y};
    };
    if (candidates) {
      // The same buckets, visited in the same order, among the sentences
      // `same` may accept.
      const std::vector<Neighbour>& near = (*candidates)[dated[x].sentence];
      const TemporalExpression& ex = dated[x].expr;
      for (const Neighbour& nb : near) {
        const std::size_t y = dated_of[nb.sentence];
        if (y == nd) continue;
        if (ex.value ? dated[y].expr.value == ex.value : dated[y].expr.relative == ex.relative) consider(y);
      }
      for (const Neighbour& nb : near) {
        const std::size_t y = dated_of[nb.sentence];
        if (ex.value && y != nd && !dated[y].expr.value && dated[y].expr.relative == ex.relative) consider(y);
      }
    } else if (dated[x].expr.value) {
      for (std::size_t y : by_value[*dated[x].expr.value]) consider(y);
      for (std::size_t y : by_relative[dated[x].expr.relative]) {
        if (!dated[y].expr.value) consider(y);
      }
    } else {
      for (std::size_t y : by_relative[dated[x].expr.relative]) consider(y);
    }
    for (const auto& [article, cand] : best) {
      if (same(dated[x].sentence, dated[cand.second].sentence)) partners[x].push_back(cand.second);
    }
  }
  auto articles_of = [&](std::size_t x) {
    std::set<std::size_t> arts = {ctx.sentences[dated[x].sentence].article};
    for (std::size_t y : partners[x]) arts.insert(ctx.sentences[dated[y].sentence].article);
    return arts.size();
  };
  std::vector<std::size_t> order(nd);
  std::vector<std::size_t> support(nd);
  for (std::size_t x = 0; x < nd; ++x) {
    order[x] = x;
    support[x] = articles_of(x);
  }
  // Most widely stated first; then resolved before relative; then the
  // earlier in its article.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (support[x] != support[y]) return support[x] > support[y];
    if (dated[x].expr.value.has_value() != dated[y].expr.value.has_value()) return dated[x].expr.value.has_value();
    return ctx.sentences[dated[x].sentence].index < ctx.sentences[dated[y].sentence].index;
  });

  struct Group {
    std::vector<std::size_t> members;  // into dated; the first is the lead
    TemporalExpression date;           // resolved when any member is
    std::size_t first_seen;            // reading order, for undated entries
  };
  std::vector<Group> groups;
  std::vector<bool> used(nd, false);
  for (std::size_t x : order) {
    if (used[x]) continue;
    Group g{{x}, dated[x].expr, dated[x].sentence};
    used[x] = true;
    std::set<std::size_t> arts = {ctx.sentences[dated[x].sentence].article};
    for (std::size_t y : partners[x]) {
      std::size_t art = ctx.sentences[dated[y].sentence].article;
      if (used[y] || arts.count(art) || !Compatible(g.date, dated[y].expr)) continue;
      g.members.push_back(y);
      arts.insert(art);
      used[y] = true;
      if (!g.date.value && dated[y].expr.value) g.date = dated[y].expr;
      g.first_seen = std::min(g.first_seen, dated[y].sentence);
    }
    groups.push_back(std::move(g));
    if (groups.size() == max_entries) break;
  }
  // Chronological: dated entries by the period they cover (a month before
  // the days in it), then relative ones in reading order.
  std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    if (a.date.value.has_value() != b.date.value.has_value()) return a.date.value.has_value();
    if (!a.date.value) return a.first_seen < b.first_seen;
    if (a.date.first_day != b.date.first_day) return a.date.first_day < b.date.first_day;
    return a.date.last_day > b.date.last_day;
  });
  for (const Group& g : groups) {
    TimelineEntry e;
    e.date = g.date.value;
    e.granularity = g.date.granularity;
    e.modifier = g.date.modifier;
    if (!e.date) e.relative = g.date.relative;
    const SentenceInfo& lead = ctx.sentences[dated[g.members[0]].sentence];
    e.text = ctx.articles[lead.article]->text.substr(lead.span.begin, lead.span.size());
    std::vector<std::size_t> members = g.members;
    std::sort(members.begin(), members.end(),
              [&](std::size_t x, std::size_t y) { return dated[x].sentence < dated[y].sentence; });
    for (std::size_t m : members) {
      const SentenceInfo& s = ctx.sentences[dated[m].sentence];
      const std::string& id = ctx.articles[s.article]->id;
      e.sources.push_back(id);
      e.citations.push_back({id, s.span});
      e.expressions.push_back({id, dated[m].expr.span});
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace parallax::analyze_internal
