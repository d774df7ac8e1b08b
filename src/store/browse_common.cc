// The browse pieces both store backends share (browse_common.h).

#include "store/browse_common.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <string_view>

namespace parallax::store_internal {

namespace {

std::string Hex(std::string_view s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = digit(s[i]), lo = digit(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

// A non-negative decimal that fits in 18 digits, nothing else.
std::optional<std::int64_t> Int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Result<CardCursor> ParseCardCursor(const std::string& cursor, bool newest) {
  CardCursor c;
  if (cursor.empty()) return c;
  const auto parts = Split(cursor, '.');
  bool ok = false;
  if (newest && parts.size() == 3 && parts[0] == "n") {
    c.key = Unhex(parts[1]);
    c.after = Int(parts[2]);
    ok = c.key && c.after;
  } else if (!newest && parts.size() == 4 && parts[0] == "c") {
    c.outlets = Int(parts[1]);
    c.articles = Int(parts[2]);
    c.after = Int(parts[3]);
    ok = c.outlets && c.articles && c.after;
  }
  if (!ok) return InvalidArgument("malformed cursor (pass next_cursor from the previous page, with the same sort)");
  return c;
}

std::string NextCardCursor(const StoryCard& last, bool newest) {
  return newest ? "n." + Hex(last.last_published.value_or("")) + "." + last.id
                : "c." + std::to_string(last.outlets) + "." + std::to_string(last.articles) + "." + last.id;
}

void AddEntityFacts(const std::vector<Story>& stories, const std::vector<StoryCard>& cards, const std::string& name,
                    const std::function<std::string(const std::string&)>& outlet_of, EntityView* v) {
  for (std::size_t i = 0; i < stories.size() && i < cards.size(); ++i) {
    for (const Entity& e : stories[i].entities) {
      if (!SameName(e.name, name)) continue;
      if (!v->type) v->type = EntityTypeName(e.type);
      v->name = e.name;
    }
    for (const Quote& q : stories[i].quotes) {
      if (!SameName(q.speaker, name)) continue;
      SpeakerQuote sq{cards[i].id, cards[i].title, q, {}};
      for (const std::string& id : q.sources) {
        std::string outlet = outlet_of(id);
        if (std::find(sq.outlets.begin(), sq.outlets.end(), outlet) == sq.outlets.end()) sq.outlets.push_back(outlet);
      }
      v->quotes.push_back(std::move(sq));
    }
  }
}

std::vector<OutletTerm> OutletTerms(const std::vector<Story>& stories, const std::string& outlet) {
  std::map<std::string, OutletTerm> terms;
  for (const Story& s : stories) {
    for (const OutletFraming& f : s.framing) {
      if (f.outlet != outlet) continue;
      for (const FramingTerm& t : f.terms) {
        if (!t.significant) continue;
        OutletTerm& o = terms[t.term];
        o.term = t.term;
        ++o.stories;
        o.count += t.count;
        o.max_z = std::max(o.max_z, t.z);
      }
    }
  }
  std::vector<OutletTerm> out;
  for (auto& [term, t] : terms) out.push_back(std::move(t));
  std::sort(out.begin(), out.end(), [](const OutletTerm& a, const OutletTerm& b) {
    if (a.stories != b.stories) return a.stories > b.stories;
    if (a.count != b.count) return a.count > b.count;
    return a.term < b.term;
  });
  if (out.size() > kTermsShown) out.resize(kTermsShown);
  return out;
}

}  // namespace parallax::store_internal
