// Entities of a story: name mentions from every article merged into one
// entity per real-world thing ("Ayrault" = "Jean-Marc Ayrault"; "ICC" =
// "International Criminal Court"; "Security Council" = "UN Security
// Council").

#include <cctype>
#include <algorithm>
#include <map>
#include <unordered_map>
#include <set>
#include <string_view>

#include "analyze/context.h"
#include "text/segment.h"

namespace parallax::analyze_internal {
namespace {

struct Group {
  std::map<std::string, int> surfaces;  // surface -> count
  std::map<EntityType, int> votes;
  std::map<EntityType, int> confident_votes;
  std::set<std::size_t> articles;
  std::vector<std::pair<std::size_t, Span>> spans;
  std::size_t first_seen = 0;  // order of first mention
  bool merged = false;
  std::size_t into = 0;
};

std::vector<std::string> KeyWords(const std::string& key) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < key.size()) {
    std::size_t sp = key.find(' ', i);
    if (sp == std::string::npos) sp = key.size();
    if (sp > i) out.push_back(key.substr(i, sp - i));
    i = sp + 1;
  }
  return out;
}

// "icc" vs "international criminal court": initials of the significant words.
bool IsAcronymOfWords(const std::string& acronym_key, const std::vector<std::string>& long_words) {
  if (acronym_key.find(' ') != std::string::npos || acronym_key.size() < 2) return false;
  std::string initials;
  for (const std::string& w : long_words) {
    if (w == "of" || w == "the" || w == "for" || w == "and" || w == "de") continue;
    initials.push_back(w[0]);
  }
  return initials.size() >= 2 && initials == acronym_key;
}

bool IsAcronymOf(const std::string& acronym_key, const std::string& long_key) {
  return IsAcronymOfWords(acronym_key, KeyWords(long_key));
}

EntityType Decide(const Group& g) {
  if (!g.confident_votes.empty()) {
    return std::max_element(g.confident_votes.begin(), g.confident_votes.end(),
                            [](auto& a, auto& b) { return a.second < b.second; })->first;
  }
  EntityType best = EntityType::kOther;
  int n = -1;
  for (auto [t, c] : g.votes) {
    if (c > n || (c == n && t != EntityType::kOther)) { best = t; n = c; }
  }
  return best;
}

}  // namespace

namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "the French foreign minister": a title that the story uses before exactly
// one person's name ("French Foreign Minister Jean-Marc Ayrault") refers to
// that person when it stands alone. Such titles become aliases, and their
// stand-alone uses become mentions. Titles of one word ("President") or
// shared by two people are ambiguous and left alone.
void AddTitleReferences(const StoryContext& ctx, std::vector<Entity>* entities) {
  std::map<std::pair<std::string, std::uint32_t>, std::size_t> entity_at;  // (article id, span begin) -> entity
  for (std::size_t i = 0; i < entities->size(); ++i) {
    if ((*entities)[i].type != EntityType::kPerson) continue;
    for (const EntityMention& m : (*entities)[i].spans) entity_at[{m.article, m.span.begin}] = i;
  }
  std::map<std::string, std::set<std::size_t>> people;  // title key -> entities
  std::map<std::string, std::string> written;            // title key -> title as first written
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    for (const NameMention& m : ctx.names[a]) {
      if (m.title.empty() || m.title.find(' ') == std::string::npos) continue;
      auto it = entity_at.find({ctx.articles[a]->id, m.span.begin});
      if (it == entity_at.end()) continue;
      const std::string key = AsciiLower(m.title);
      people[key].insert(it->second);
      written.emplace(key, m.title);
    }
  }
  std::vector<std::string> lowered;  // each article's text, lower-cased once
  for (const auto& [key, who] : people) {
    if (who.size() != 1) continue;
    Entity& e = (*entities)[*who.begin()];
    e.aliases.push_back(written[key]);
    const std::string needle = "the " + key;
    if (lowered.empty()) {
      for (const Article* a : ctx.articles) lowered.push_back(AsciiLower(a->text));
    }
    for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
      const std::string& text = ctx.articles[a]->text;
      const std::string& lower = lowered[a];
      for (std::size_t at = lower.find(needle); at != std::string::npos; at = lower.find(needle, at + 1)) {
        const std::size_t end = at + needle.size();
        const bool word_end = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
        const bool word_start = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
        // Followed by the name itself: already a mention of it.
        const bool named = end + 1 < text.size() && text[end] == ' ' && std::isupper(static_cast<unsigned char>(text[end + 1]));
        if (!word_start || !word_end || named) continue;
        e.spans.push_back({ctx.articles[a]->id, Span{static_cast<std::uint32_t>(at + 4), static_cast<std::uint32_t>(end)}});
        ++e.mentions;
        if (std::find(e.sources.begin(), e.sources.end(), ctx.articles[a]->id) == e.sources.end()) {
          e.sources.push_back(ctx.articles[a]->id);
        }
      }
    }
  }
}


// Story-level evidence of what kind of thing a name is, read from the words
// around its mentions in every article: "Mr X" and "X, 45," name a person;
// "in X" and "X's government" a place; "X Inc", "the X company" and "X
// chief executive ..." an organisation.
struct TypeEvidence {
  int person = 0, place = 0, org = 0;
};

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.substr(0, p.size()) == p) return true;
  }
  return false;
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view p : suffixes) {
    if (s.size() >= p.size() && s.substr(s.size() - p.size()) == p) return true;
  }
  return false;
}

TypeEvidence ReadEvidence(const StoryContext& ctx, const std::vector<std::pair<std::size_t, Span>>& spans) {
  TypeEvidence e;
  for (const auto& [a, span] : spans) {
    const std::string& text = ctx.articles[a]->text;
    const std::size_t from = span.begin >= 24 ? span.begin - 24 : 0;
    std::string before = AsciiLower(std::string_view(text).substr(from, span.begin - from));
    std::string after = AsciiLower(std::string_view(text).substr(span.end, 32));
    // Curly apostrophe as straight, so "X’s" reads as "X's".
    if (after.find("\xE2\x80\x99") != std::string::npos) after = ReplaceAll(after, "\xE2\x80\x99", "'");
    if (EndsWithAny(before, {"mr ", "mrs ", "ms ", "dr ", "mr. ", "mrs. ", "ms. ", "dr. ", "sir "})) ++e.person;
    if (after.size() > 3 && after[0] == ',' && after[1] == ' ' && std::isdigit(static_cast<unsigned char>(after[2]))) {
      std::size_t k = 2;
      while (k < after.size() && std::isdigit(static_cast<unsigned char>(after[k]))) ++k;
      if (k < after.size() && after[k] == ',' && k <= 5) ++e.person;  // "Brezic, 54, said"
    }
    const bool possessive = StartsWithAny(after, {"'s"});
    if ((before.size() >= 3 && before.substr(before.size() - 3) == "in " &&
         (before.size() == 3 || !std::isalpha(static_cast<unsigned char>(before[before.size() - 4])))) &&
        !possessive) {
      ++e.place;
    }
    if (StartsWithAny(after, {"'s government", "'s capital", "'s president", "'s prime minister", "'s economy",
                              "'s border", "'s largest", "'s biggest", "'s parliament", "'s population",
                              "'s foreign minist", "'s interior minist"})) {
      ++e.place;
    }
    if (StartsWithAny(after, {" inc", " ltd", " corp", " plc", " llc", " gmbh", " chief executive", " chief product",
                              " chief technology", " chief financial", " chief operating", "'s chief executive",
                              "'s shares", "'s ceo", "'s chairman", "'s board"}) ||
        (EndsWithAny(before, {"the "}) && StartsWithAny(after, {" company", " firm", " group"}))) {
      ++e.org;
    }
  }
  return e;
}

// A name whose last word is a built structure or a natural feature is a
// place ("North Gate", "Westquay Terminal", "Varro Valley").
bool PlaceHead(const std::string& key) {
  const std::vector<std::string> w = KeyWords(key);
  if (w.size() < 2) return false;
  for (std::string_view head : {"gate", "bridge", "street", "road", "square", "avenue", "airport", "station",
                                "terminal", "quay", "pier", "harbour", "harbor", "stadium", "valley", "river",
                                "lake", "hill", "mountain", "island", "bay", "canal"}) {
    if (w.back() == head) return true;
  }
  return false;
}

// The single-word name is a country or region when the story also uses
// its people's adjective ("Ostreva" / "Ostrevan", "Valmoria" / "Valmorian").
bool HasDemonym(const std::string& key, const std::map<std::string, Group>& groups) {
  if (key.find(' ') != std::string::npos || key.size() < 4) return false;
  for (std::string_view suffix : {"n", "an", "ian", "ese", "i"}) {
    if (groups.count(key + std::string(suffix))) return true;
  }
  return false;
}

// The type the story's evidence supports, given the tagger's vote.
EntityType CheckedType(EntityType voted, const std::string& key, const TypeEvidence& e, bool demonym) {
  if (PlaceHead(key)) return EntityType::kPlace;
  if (voted != EntityType::kPerson && voted != EntityType::kOther) return voted;
  if (e.person > 0) return voted;
  const int place = e.place + (demonym ? 2 : 0);
  if (place > e.org && place >= 1) return EntityType::kPlace;
  if (e.org >= 1) return EntityType::kOrganization;
  return voted;
}

// The members of a list are things of one kind: a name typed as a person
// in a list of three or more names ("the villages of Orsa, Bellmere and
// Tarn Cross") most of whose other members are places is a place, unless
// something in the story says it is a person ("Mr X", "X, 45,").
void ListedWithPlaces(const StoryContext& ctx, std::vector<Entity>* entities) {
  std::map<std::string, std::size_t> article_of;
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) article_of[ctx.articles[a]->id] = a;
  std::vector<std::vector<std::pair<Span, std::size_t>>> by_article(ctx.articles.size());  // (span, entity)
  for (std::size_t k = 0; k < entities->size(); ++k) {
    for (const EntityMention& c : (*entities)[k].spans) {
      auto it = article_of.find(c.article);
      if (it != article_of.end()) by_article[it->second].push_back({c.span, k});
    }
  }
  std::set<std::size_t> to_place;
  for (std::size_t a = 0; a < by_article.size(); ++a) {
    auto& ms = by_article[a];
    std::sort(ms.begin(), ms.end(), [](auto& x, auto& y) { return x.first.begin < y.first.begin; });
    const std::string_view text = ctx.articles[a]->text;
    std::size_t run = 0;
    for (std::size_t k = 1; k <= ms.size(); ++k) {
      bool joined = false;
      if (k < ms.size() && ms[k].first.begin >= ms[k - 1].first.end) {
        const std::string_view gap = text.substr(ms[k - 1].first.end, ms[k].first.begin - ms[k - 1].first.end);
        joined = gap == ", " || gap == " and " || gap == ", and " || gap == " or " || gap == ", or ";
      }
      if (joined) continue;
      // ms[run, k) is one list.
      if (k - run >= 3) {
        std::size_t places = 0, people = 0;
        for (std::size_t m = run; m < k; ++m) {
          const EntityType t = (*entities)[ms[m].second].type;
          places += t == EntityType::kPlace;
          people += t == EntityType::kPerson;
        }
        if (places >= 2 && places > people) {
          for (std::size_t m = run; m < k; ++m) {
            if ((*entities)[ms[m].second].type == EntityType::kPerson) to_place.insert(ms[m].second);
          }
        }
      }
      run = k;
    }
  }
  for (std::size_t k : to_place) {
    Entity& e = (*entities)[k];
    std::vector<std::pair<std::size_t, Span>> spans;
    for (const EntityMention& c : e.spans) spans.push_back({article_of.at(c.article), c.span});
    if (ReadEvidence(ctx, spans).person == 0) e.type = EntityType::kPlace;
  }
}

}  // namespace

std::vector<Entity> BuildEntities(const StoryContext& ctx) {
  std::map<std::string, Group> groups;  // by NameKey
  std::size_t order = 0;
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    for (const NameMention& m : ctx.names[a]) {
      std::string key = NameKey(m.text);
      if (key.empty()) continue;
      Group& g = groups[key];
      if (g.spans.empty()) g.first_seen = order++;
      g.surfaces[m.text]++;
      g.votes[m.type]++;
      if (m.confident_type) g.confident_votes[m.type]++;
      g.articles.insert(a);
      g.spans.emplace_back(a, m.span);
    }
  }
  // Explicit "Long Name (ACR)" definitions in the text.
  std::map<std::string, std::string> defined;  // acronym key -> long key
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    const std::string& text = ctx.articles[a]->text;
    const auto& names = ctx.names[a];
    for (std::size_t k = 0; k + 1 < names.size(); ++k) {
      std::size_t gap_b = names[k].span.end, gap_e = names[k + 1].span.begin;
      if (gap_e < gap_b || gap_e - gap_b > 3) continue;
      std::string_view gap = std::string_view(text).substr(gap_b, gap_e - gap_b);
      // "International Criminal Court (ICC)" defines ICC; "Michael Smith
      // (Australia)" defines nothing: the bracket must be the initials.
      if ((gap == " (" || gap == "(") && IsAcronymOf(NameKey(names[k + 1].text), NameKey(names[k].text))) {
        defined[NameKey(names[k + 1].text)] = NameKey(names[k].text);
      }
    }
  }

  std::map<std::string, std::string> parent;
  for (auto& [k, g] : groups) parent[k] = k;
  auto find = [&](std::string k) {
    while (parent[k] != k) k = parent[k];
    return k;
  };
  auto unite = [&](const std::string& from, const std::string& to) {
    std::string a = find(from), b = find(to);
    if (a != b) parent[a] = b;
  };

  std::vector<std::string> keys;
  for (auto& [k, g] : groups) keys.push_back(k);
  // Each key's words and voted type, once (the loop below pairs every
  // single-word key with every key).
  std::vector<std::vector<std::string>> key_words;
  std::vector<EntityType> key_types;
  for (const std::string& k : keys) {
    key_words.push_back(KeyWords(k));
    key_types.push_back(Decide(groups[k]));
  }
  // The multi-word keys by their last word, first word and initials, and
  // every key by each of its word-boundary suffixes ("council" and
  // "security council" of "un security council"): the pairs below from
  // lookups, not a pass over every key per key (thousands in a big story).
  // Each list holds key indices in increasing order, as a pass would meet
  // them.
  std::unordered_map<std::string, std::vector<std::size_t>> by_last, by_first, by_initials, by_suffix;
  for (std::size_t kj = 0; kj < keys.size(); ++kj) {
    const std::vector<std::string>& w2 = key_words[kj];
    for (std::size_t p = keys[kj].find(' '); p != std::string::npos; p = keys[kj].find(' ', p + 1)) {
      by_suffix[keys[kj].substr(p + 1)].push_back(kj);
    }
    if (w2.size() < 2) continue;
    by_last[w2.back()].push_back(kj);
    by_first[w2.front()].push_back(kj);
    std::string initials;
    for (const std::string& x : w2) {
      if (x == "of" || x == "the" || x == "for" || x == "and" || x == "de") continue;
      initials.push_back(x[0]);
    }
    if (initials.size() >= 2) by_initials[initials].push_back(kj);
  }
  static const std::vector<std::size_t> kNone;
  auto lookup = [](const std::unordered_map<std::string, std::vector<std::size_t>>& index,
                   const std::string& key) -> const std::vector<std::size_t>& {
    auto it = index.find(key);
    return it == index.end() ? kNone : it->second;
  };
  // Multi-word keys, longest first, as merge targets.
  for (std::size_t ki = 0; ki < keys.size(); ++ki) {
    const std::string& k = keys[ki];
    const Group& g = groups[k];
    const std::vector<std::string>& w = key_words[ki];
    EntityType t = key_types[ki];
    if (w.size() == 1) {
      // Surname of exactly one multi-word person; acronym of one long name.
      std::vector<std::string> person_targets, acronym_targets, given_targets;
      if (t != EntityType::kPlace) {
        for (std::size_t kj : lookup(by_last, w[0])) {
          if (key_types[kj] == EntityType::kPerson) person_targets.push_back(keys[kj]);
        }
      }
      // "Tobias was outstanding" in a quote about Tobias Renn: the given
      // name of one person named in full in each article that uses it.
      if (t == EntityType::kPerson) {
        for (std::size_t kj : lookup(by_first, w[0])) {
          const std::string& k2 = keys[kj];
          if (key_types[kj] == EntityType::kPerson &&
              std::includes(groups[k2].articles.begin(), groups[k2].articles.end(), g.articles.begin(),
                            g.articles.end())) {
            given_targets.push_back(k2);
          }
        }
      }
      if (w[0].size() >= 2) {
        for (std::size_t kj : lookup(by_initials, w[0])) acronym_targets.push_back(keys[kj]);
      }
      if (auto it = defined.find(k); it != defined.end() && groups.count(it->second)) {
        unite(k, it->second);
      } else if (person_targets.size() == 1) {
        unite(k, person_targets[0]);
      } else if (person_targets.size() > 1) {
        // Several people share the surname: the most mentioned one.
        std::sort(person_targets.begin(), person_targets.end(), [&](auto& x, auto& y) {
          return groups[x].spans.size() > groups[y].spans.size();
        });
        unite(k, person_targets[0]);
      } else if (acronym_targets.size() == 1) {
        unite(k, acronym_targets[0]);
      } else if (given_targets.size() == 1) {
        unite(k, given_targets[0]);
      }
    } else if (t != EntityType::kPerson) {
      // "security council" inside "un security council": merge into the one
      // longer name that ends with it.
      std::vector<std::string> targets;
      for (std::size_t kj : lookup(by_suffix, k)) {
        if (key_types[kj] == t) targets.push_back(keys[kj]);
      }
      if (targets.size() == 1) unite(k, targets[0]);
    } else {
      // "Bashar Assad" vs "Bashar al-Assad" normalise to the same key
      // already; "Francois Hollande" vs "President Francois Hollande" too.
    }
  }
  // Expansion of an acronym that has its own definition.
  for (auto& [acr, long_key] : defined) {
    if (groups.count(acr) && groups.count(long_key)) unite(acr, long_key);
  }

  std::map<std::string, Entity> merged;
  std::map<std::string, Group> merged_groups;
  for (const std::string& k : keys) {
    std::string r = find(k);
    Group& dst = merged_groups[r];
    const Group& src = groups[k];
    if (dst.spans.empty() || src.first_seen < dst.first_seen) dst.first_seen = src.first_seen;
    for (auto& [s, c] : src.surfaces) dst.surfaces[s] += c;
    for (auto& [t, c] : src.votes) dst.votes[t] += c;
    for (auto& [t, c] : src.confident_votes) dst.confident_votes[t] += c;
    dst.articles.insert(src.articles.begin(), src.articles.end());
    dst.spans.insert(dst.spans.end(), src.spans.begin(), src.spans.end());
  }
  std::vector<Entity> out;
  for (auto& [k, g] : merged_groups) {
    Entity e;
    e.type = CheckedType(Decide(g), k, ReadEvidence(ctx, g.spans), HasDemonym(k, groups));
    // A single word that turned out to be a person's surname is a person.
    // Canonical name: the longest surface that is not an acronym, then the
    // most frequent.
    std::string best;
    int best_count = -1;
    for (auto& [s, c] : g.surfaces) {
      bool longer = s.size() > best.size();
      std::size_t words_s = KeyWords(NameKey(s)).size(), words_b = KeyWords(NameKey(best)).size();
      if (best.empty() || words_s > words_b || (words_s == words_b && (c > best_count || (c == best_count && longer)))) {
        best = s;
        best_count = c;
      }
    }
    e.name = best;
    for (auto& [s, c] : g.surfaces) {
      if (s != best) e.aliases.push_back(s);
    }
    e.mentions = static_cast<int>(g.spans.size());
    std::vector<std::size_t> arts(g.articles.begin(), g.articles.end());
    for (std::size_t a : arts) e.sources.push_back(ctx.articles[a]->id);
    std::sort(g.spans.begin(), g.spans.end(), [](auto& x, auto& y) {
      return x.first != y.first ? x.first < y.first : x.second.begin < y.second.begin;
    });
    for (auto& [a, span] : g.spans) e.spans.push_back({ctx.articles[a]->id, span});
    // Unsure single mentions of unknown kind are more noise than signal.
    if (e.type == EntityType::kOther && e.mentions < 2) continue;
    out.push_back(std::move(e));
  }
  ListedWithPlaces(ctx, &out);
  AddTitleReferences(ctx, &out);
  std::stable_sort(out.begin(), out.end(), [](const Entity& x, const Entity& y) {
    if (x.sources.size() != y.sources.size()) return x.sources.size() > y.sources.size();
    if (x.mentions != y.mentions) return x.mentions > y.mentions;
    return x.name < y.name;
  });
  return out;
}

std::string ResolveName(const std::vector<Entity>& entities, std::string_view surface) {
  std::string key = NameKey(surface);
  if (key.empty()) return "";
  for (const Entity& e : entities) {
    if (NameKey(e.name) == key) return e.name;
    for (const std::string& a : e.aliases) {
      if (NameKey(a) == key) return e.name;
    }
  }
  if (key.find(' ') == std::string::npos) {
    for (const Entity& e : entities) {
      if (e.type == EntityType::kPerson && SurnameKey(e.name) == key) return e.name;
    }
  }
  return "";
}

NameResolver::NameResolver(const std::vector<Entity>& entities) : entities_(&entities) {
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const Entity& e = entities[i];
    by_name_.emplace(e.name, i);
    // ResolveName tries each entity's name, then its aliases, entity by
    // entity: the first entity with the key wins.
    if (std::string k = NameKey(e.name); !k.empty()) by_key_.emplace(std::move(k), i);
    for (const std::string& a : e.aliases) {
      if (std::string k = NameKey(a); !k.empty()) by_key_.emplace(std::move(k), i);
    }
    if (e.type == EntityType::kPerson) by_surname_.emplace(SurnameKey(e.name), i);
  }
}

const Entity* NameResolver::Find(std::string_view surface) const {
  const std::string key = NameKey(surface);
  if (key.empty()) return nullptr;
  if (auto it = by_key_.find(key); it != by_key_.end()) return &(*entities_)[it->second];
  if (key.find(' ') == std::string::npos) {
    if (auto it = by_surname_.find(key); it != by_surname_.end()) return &(*entities_)[it->second];
  }
  return nullptr;
}

std::string NameResolver::Resolve(std::string_view surface) const {
  const Entity* e = Find(surface);
  return e ? e->name : std::string();
}

const Entity* NameResolver::EntityOf(std::string_view surface) const {
  const Entity* e = Find(surface);
  if (e == nullptr) return nullptr;
  return &(*entities_)[by_name_.at(e->name)];
}

namespace {

// `text` (a sentence cited at `c`) with a leading "He" or "She" replaced by
// "[Name]", the person its article last named before the sentence; `text`
// unchanged when it opens otherwise or no person is named before it.
std::string WithReferent(const StoryContext& ctx, const std::vector<Entity>& entities, const Citation& c,
                         const std::string& text) {
  std::size_t pronoun = 0;
  if (text.rfind("He ", 0) == 0) pronoun = 2;
  if (text.rfind("She ", 0) == 0) pronoun = 3;
  if (pronoun == 0) return text;
  for (std::size_t a = 0; a < ctx.articles.size(); ++a) {
    if (ctx.articles[a]->id != c.article) continue;
    const auto& names = ctx.names[a];
    for (std::size_t k = names.size(); k-- > 0;) {
      const NameMention& m = names[k];
      if (m.span.end > c.span.begin) continue;
      const std::string name = ResolveName(entities, m.text);
      if (name.empty()) continue;
      auto e = std::find_if(entities.begin(), entities.end(), [&](const Entity& x) { return x.name == name; });
      if (e == entities.end() || e->type != EntityType::kPerson) continue;
      return "[" + name + "]" + text.substr(pronoun);
    }
    break;
  }
  return text;
}

// The citation whose sentence is `text`, else the first.
const Citation* CitationOf(const StoryContext& ctx, const std::vector<Citation>& citations, const std::string& text) {
  for (const Citation& c : citations) {
    for (const Article* a : ctx.articles) {
      if (a->id == c.article && c.span.end <= a->text.size() &&
          std::string_view(a->text).substr(c.span.begin, c.span.size()) == text) {
        return &c;
      }
    }
  }
  return citations.empty() ? nullptr : &citations.front();
}

}  // namespace

void ShowReferents(const StoryContext& ctx, Story* story) {
  auto fix = [&](std::string* text, const std::vector<Citation>& citations) {
    if (const Citation* c = CitationOf(ctx, citations, *text)) *text = WithReferent(ctx, story->entities, *c, *text);
  };
  for (Fact& f : story->facts) fix(&f.text, f.citations);
  for (Fact& f : story->single_source) fix(&f.text, f.citations);
  for (TimelineEntry& t : story->timeline) fix(&t.text, t.citations);
}

}  // namespace parallax::analyze_internal
