#pragma once
// Names: people, organisations and places mentioned in a text, found from
// capitalisation in context, title words, organisation head words, a small
// gazetteer of countries and large cities, and the case statistics of the
// story itself (a word seen in lower case elsewhere is not a name when it
// opens a sentence). A learned tagger replaces the typing rules later; the
// interface stays.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"
#include "ner/tagger.h"

namespace parallax {

// Lower-case vs capitalised counts of words in running text (not at the
// start of a sentence), over a set of articles.
class CaseLexicon {
 public:
  void Add(std::string_view text);
  // True when the word is seen lower-cased at least as often as capitalised
  // mid-sentence (i.e. it is a common word, not a name).
  bool IsCommonWord(std::string_view word) const;

 private:
  std::unordered_map<std::string, std::pair<int, int>> counts_;  // lower -> (lower-case uses, capitalised uses)
};

struct NameMention {
  Span span;                 // the name itself, without titles
  std::string text;          // surface form, possessive removed ("Russia's" -> "Russia")
  EntityType type = EntityType::kOther;
  std::string title;         // title words just before the name ("French Foreign Minister")
  bool confident_type = false;  // type from strong evidence (title, head word, gazetteer)
};

// Name mentions in `text`, in order. Spans are byte offsets into `text`.
// With a tagger, the trained model decides what is a name and its type
// (people, organisations, places, other names; nationality adjectives
// dropped), and the rules add what they know best: title words before a
// person ("French Foreign Minister Jean-Marc Ayrault"). Without one, the
// rules alone decide (the baseline `parallax eval ner --rules` scores).
std::vector<NameMention> FindNames(std::string_view text, const CaseLexicon& lexicon,
                                   const NerModel* tagger = nullptr);
// FindNames with a tagger whose entities for `text` are already known
// (`tagged` == tagger->FindEntities(text), e.g. kept by the store between
// analyses): the same mentions, without tagging again.
std::vector<NameMention> FindNamesTagged(std::string_view text, const CaseLexicon& lexicon,
                                         const std::vector<NerModel::Entity>& tagged);

// True for a country or large city name (English exonyms).
bool IsKnownPlace(std::string_view name);

// Key used to match surface forms of the same name: lower case, hyphens and
// dots removed, "al-"/"el-" prefixes dropped from the last word.
std::string NameKey(std::string_view name);

// Last word of a person's name as used alone ("Jean-Marc Ayrault" -> key of
// "Ayrault").
std::string SurnameKey(std::string_view name);

// True when `word` (any case) is a title or office word such as
// "minister", "president", "spokesman", "leader".
bool IsTitleWord(std::string_view word);

// True when `word` (any case) ends organisation names: "court", "council",
// "ministry", "party", "news" ...
bool IsOrgHeadWord(std::string_view word);

}  // namespace parallax
