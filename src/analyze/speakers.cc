// Speakers: candidates of each quote, their features, and the learned
// ranking that picks one (speakers.h).

#include "analyze/speakers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_set>

#include "analyze/speakers_internal.h"
#include "core/file.h"
#include "ner/tagger.h"
#include "text/segment.h"

namespace parallax {
namespace {

constexpr char kMagic[] = "parallax-speakers 1\n";
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

const char* const kFeatureNames[kSpeakerFeatureCount] = {
    "rule_pick",      "rule_none",        "rule_kind",         "person",           "organisation",
    "place",          "phrase",           "in_sentence",       "before_quote",     "after_quote",
    "distance",       "verb_distance",    "subject_of_verb",   "after_verb",       "after_preposition",
    "possessive",     "sentence_subject", "previous_sentence", "previous_paragraph", "previous_speaker",
    "running_subject", "article_mentions", "candidates",       "rank",             "opens_paragraph",
    "continues",      "name_words",       "quote_words",       "apposition_comma", "confident_type",
    "relation_noun",  "quoted_elsewhere", "next_speaker",      "same_paragraph",   "last_person",
    "window_mentions", "nearest_before",  "nearest_after",     "nearest_subject",  "distance_gap",
    "sentence_names"};

struct Word {
  std::string_view w;
  std::size_t begin, end;
};

bool WordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Words of text[b, e): runs of letters and digits with inner apostrophes
// and hyphens.
std::vector<Word> WordsIn(std::string_view text, std::size_t b, std::size_t e) {
  std::vector<Word> out;
  std::size_t i = b;
  e = std::min(e, text.size());
  while (i < e) {
    while (i < e && !WordByte(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t s = i;
    while (i < e && (WordByte(static_cast<unsigned char>(text[i])) || text[i] == '\'' || text[i] == '-')) ++i;
    if (i > s) out.push_back({text.substr(s, i - s), s, i});
  }
  return out;
}

// Whether pos falls inside one of `spans` (the article's quotes, in text
// order): a binary search for the last span starting at or before pos.
bool Inside(const std::vector<Span>& spans, std::size_t pos) {
  auto it = std::upper_bound(spans.begin(), spans.end(), pos, [](std::size_t p, const Span& s) { return p < s.begin; });
  if (it == spans.begin()) return false;
  --it;
  if (pos < it->end) return true;
  // Quotes do not overlap; should they, fall back to the full check.
  for (auto jt = spans.begin(); jt != it; ++jt) {
    if (pos >= jt->begin && pos < jt->end) return true;
  }
  return false;
}

bool Within(Span s, const Span& m) { return s.size() > 0 && m.begin >= s.begin && m.end <= s.end; }

bool IsPreposition(std::string_view lower);

}  // namespace

namespace analyze_internal {

bool IsRelationNoun(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {
      "father", "mother", "parents", "family", "wife", "husband", "son", "daughter", "brother", "sister",
      "uncle", "aunt", "cousin", "widow", "widower", "relatives", "grandmother", "grandfather", "fiancee",
      "fiancé", "partner", "friend", "friends", "lawyer", "lawyers", "attorney", "attorneys", "spokesman",
      "spokeswoman", "spokesperson", "agent", "coach", "manager", "aide", "aides", "campaign", "office",
      "team", "teammates", "doctor", "boss", "girlfriend", "boyfriend", "children", "mum", "mom", "dad"};
  return k.count(lower) > 0;
}

}  // namespace analyze_internal

namespace {

using analyze_internal::IsRelationNoun;

bool IsPreposition(std::string_view lower) {
  static const std::unordered_set<std::string_view> k = {"to", "told", "tell", "tells", "with", "of", "for",
                                                         "about", "at", "by", "from", "against", "on", "in",
                                                         "into", "than", "like", "toward", "towards", "asked"};
  return k.count(lower) > 0;
}

}  // namespace

const char* SpeakerFeatureName(int feature) {
  return feature >= 0 && feature < kSpeakerFeatureCount ? kFeatureNames[feature] : "?";
}

std::size_t SpeakerModel::Pick(const SpeakerChoice& choice, double min_unruled) const {
  std::size_t best = kNone;
  double best_margin = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < choice.candidates.size(); ++i) {
    const std::vector<double>& f = choice.candidates[i].features;
    // A place never speaks; only as the subject of a speech verb of the
    // quote's sentence ("Russia said") does it stand for its government.
    if (f[kSfPlace] > 0 && !(f[kSfSubjectOfVerb] > 0 && f[kSfInSentence] > 0) && i != choice.rule_pick) continue;
    const double m = Score(choice.candidates[i]);
    if (m > best_margin) {
      best_margin = m;
      best = i;
    }
  }
  if (best != kNone && choice.rule_pick == kNone && 1.0 / (1.0 + std::exp(-best_margin)) < min_unruled) return kNone;
  return best;
}

std::string SpeakerModel::Serialise() const { return std::string(kMagic) + trees_.Serialise(); }

Result<SpeakerModel> SpeakerModel::Parse(std::string_view text, const std::string& origin) {
  const std::string_view magic(kMagic);
  if (text.substr(0, magic.size()) != magic) return InvalidInput(origin + ": not a Parallax speaker model (no '" +
                                                                 std::string(magic.substr(0, magic.size() - 1)) +
                                                                 "' line)");
  auto trees = BoostedTrees::Parse(text.substr(magic.size()), origin, 2);
  if (!trees.ok()) return trees.status();
  if (trees->width() > kSpeakerFeatureCount) {
    return InvalidInput(origin + ": the model reads " + std::to_string(trees->width()) + " features, this build has " +
                        std::to_string(kSpeakerFeatureCount));
  }
  return SpeakerModel(std::move(*trees));
}

Result<SpeakerModel> SpeakerModel::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(StatusCode::kNotFound, path + ": cannot open the speaker model");
  std::ostringstream buf;
  buf << f.rdbuf();
  return Parse(buf.str(), path);
}

std::string DefaultSpeakerModelPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_SPEAKER_MODEL", "speakers.model", models);
}

const SpeakerModel* DefaultSpeakerModel() {
  static const Result<SpeakerModel>* loaded = [] {
    const char* env = std::getenv("PARALLAX_SPEAKER_MODEL");
    if (env != nullptr && std::string_view(env) == "none") {
      return new Result<SpeakerModel>(Status(StatusCode::kNotFound, "PARALLAX_SPEAKER_MODEL=none"));
    }
    return new Result<SpeakerModel>(SpeakerModel::Load(DefaultSpeakerModelPath()));
  }();
  return loaded->ok() ? &loaded->value() : nullptr;
}

std::vector<SpeakerChoice> CollectSpeakerChoices(const std::vector<const Article*>& articles,
                                                 const AnalyzeOptions& options) {
  std::vector<SpeakerChoice> out;
  if (articles.empty()) return out;
  const NerModel* tagger = options.rule_names ? nullptr : (options.tagger ? options.tagger : DefaultNerModel());
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(articles, tagger);
  const std::vector<Entity> entities = analyze_internal::BuildEntities(ctx);
  analyze_internal::ExtractQuotesWith(ctx, entities, nullptr, nullptr, &out);
  return out;
}

namespace analyze_internal {

std::vector<SpeakerCandidate> BuildSpeakerCandidates(const StoryContext& ctx, const std::vector<Entity>& entities,
                                                     const NameResolver& resolver, const QuoteSite& site,
                                                     const std::vector<Span>& quotes, std::size_t* rule_pick) {
  *rule_pick = kNone;
  const std::string_view text = ctx.articles[site.article]->text;
  const std::vector<NameMention>& names = ctx.names[site.article];
  const std::size_t wb = site.window_begin;
  const std::size_t we = std::max<std::size_t>({site.sentence.end, site.next_sentence.end, site.outer.end});
  auto type_of = [&](const NameMention& m) {
    const Entity* e = resolver.EntityOf(m.text);
    return e ? e->type : m.type;
  };
  auto full_of = [&](const NameMention& m) {
    std::string n = resolver.Resolve(m.text);
    return n.empty() ? m.text : n;
  };
  // Words of the quote's sentence and the attribution sentence after it,
  // outside quotes, with their speech verbs.
  std::vector<Word> sw;
  for (const Word& w : WordsIn(text, site.sentence.begin, std::max(site.sentence.end, site.next_sentence.end))) {
    if (!Inside(quotes, w.begin)) sw.push_back(w);
  }
  std::vector<std::size_t> verbs;
  for (std::size_t k = 0; k < sw.size(); ++k) {
    if (IsSpeechVerbWord(sw[k].w) ||
        (ToLower(sw[k].w) == "according" && k + 1 < sw.size() && ToLower(sw[k + 1].w) == "to")) {
      verbs.push_back(k);
    }
  }
  auto word_index = [&](std::size_t pos) -> std::size_t {  // first word at or after pos; npos when none
    for (std::size_t k = 0; k < sw.size(); ++k) {
      if (sw[k].end > pos) return k;
    }
    return kNone;
  };
  // The window's words outside quotes, for the words around each mention.
  std::vector<Word> ww;
  for (const Word& w : WordsIn(text, wb, we)) {
    if (!Inside(quotes, w.begin)) ww.push_back(w);
  }
  auto window_index = [&](std::size_t pos) -> std::size_t {
    for (std::size_t k = 0; k < ww.size(); ++k) {
      if (ww[k].end > pos) return k;
    }
    return ww.size();
  };
  auto is_verb_at = [&](std::size_t k) {
    return k < ww.size() && (IsSpeechVerbWord(ww[k].w) ||
                             (ToLower(ww[k].w) == "according" && k + 1 < ww.size() && ToLower(ww[k + 1].w) == "to"));
  };
  // The first name of the sentence, outside quotes.
  std::size_t subject_at = kNone;
  for (const NameMention& m : names) {
    if (Within(site.sentence, m.span) && !Inside(quotes, m.span.begin)) {
      subject_at = m.span.begin;
      break;
    }
  }
  std::map<std::string, std::size_t> article_mentions, window_mentions;
  std::string last_person;
  for (const NameMention& m : names) {
    const std::string full = full_of(m);
    ++article_mentions[full];
    if (m.span.begin >= wb && m.span.end <= we && !Inside(quotes, m.span.begin)) {
      ++window_mentions[full];
      if (m.span.end <= site.outer.begin && type_of(m) == EntityType::kPerson) last_person = full;
    }
  }
  static const std::map<std::string, std::size_t> kNoSpeakers;
  const std::map<std::string, std::size_t>& quoted = site.article_speakers != nullptr ? *site.article_speakers : kNoSpeakers;

  std::vector<SpeakerCandidate> out;
  std::vector<double> distance;  // nearest mention per candidate, for the rank
  std::map<std::string, std::size_t> index;
  auto add = [&](const std::string& name, Span at, std::vector<double> f, double dist) {
    auto it = index.find(name);
    if (it == index.end()) {
      index.emplace(name, out.size());
      out.push_back({name, at, std::move(f)});
      distance.push_back(dist);
      return;
    }
    // Keep the nearest mention's features.
    if (dist < distance[it->second]) {
      out[it->second].at = at;
      out[it->second].features = std::move(f);
      distance[it->second] = dist;
    }
  };
  auto mention_features = [&](Span span, EntityType type, bool confident) {
    std::vector<double> f(kSpeakerFeatureCount, 0.0);
    f[kSfPerson] = type == EntityType::kPerson;
    f[kSfOrganisation] = type == EntityType::kOrganization;
    f[kSfPlace] = type == EntityType::kPlace;
    f[kSfConfidentType] = confident;
    const double d = span.end <= site.outer.begin ? site.outer.begin - span.end
                     : span.begin >= site.outer.end ? span.begin - site.outer.end
                                                    : 0;
    f[kSfDistance] = std::log1p(d);
    const bool in_sentence = Within(site.sentence, span);
    f[kSfInSentence] = in_sentence;
    f[kSfBeforeQuote] = in_sentence && span.end <= site.outer.begin;
    f[kSfAfterQuote] = (in_sentence || Within(site.next_sentence, span)) && span.begin >= site.outer.end;
    f[kSfPreviousSentence] = Within(site.previous_sentence, span);
    f[kSfPreviousParagraph] = Within(site.previous_paragraph, span);
    f[kSfSentenceSubject] = span.begin == subject_at;
    f[kSfSameParagraph] = Within(site.paragraph, span) && !in_sentence && span.end <= site.outer.begin;
    f[kSfVerbDistance] = 10;
    const std::size_t wi = word_index(span.begin);
    const std::size_t wl = word_index(span.end > 0 ? span.end - 1 : 0);
    if (in_sentence && wi != kNone && wl != kNone) {
      for (std::size_t v : verbs) {
        const std::size_t dw = v > wl ? v - wl : wi > v ? wi - v : 0;
        f[kSfVerbDistance] = std::min<double>(f[kSfVerbDistance], static_cast<double>(dw));
      }
    }
    // The words around the mention, in its own sentence or another.
    const std::size_t first = window_index(span.begin);
    std::size_t last = window_index(span.end > 0 ? span.end - 1 : 0);
    if (first < ww.size() && ww[first].begin < span.end) {
      if (is_verb_at(last + 1) || is_verb_at(last + 2)) f[kSfSubjectOfVerb] = 1;
      if (first >= 1 && is_verb_at(first - 1)) f[kSfAfterVerb] = 1;
      if (first >= 2 && ToLower(ww[first - 2].w) == "according") f[kSfAfterVerb] = 1;
      if (first >= 1 && IsPreposition(ToLower(ww[first - 1].w))) f[kSfAfterPreposition] = 1;
    }
    const std::string_view rest = text.substr(std::min<std::size_t>(span.end, text.size()));
    f[kSfPossessive] = rest.starts_with("'") || rest.starts_with("\xE2\x80\x99");
    f[kSfAppositionComma] = rest.starts_with(",");
    return std::make_pair(f, d);
  };

  for (const NameMention& m : names) {
    if (m.span.begin < wb || m.span.end > we || Inside(quotes, m.span.begin)) continue;
    const EntityType type = type_of(m);
    auto [f, d] = mention_features(m.span, type, m.confident_type);
    const std::string full = full_of(m);
    f[kSfNameWords] = static_cast<double>(WordsIn(full, 0, full.size()).size());
    f[kSfArticleMentions] = std::log1p(static_cast<double>(article_mentions[full]));
    // "X's father": the relative speaks, and is a candidate of their own.
    if (f[kSfPossessive] > 0) {
      const std::vector<Word> next = WordsIn(text, m.span.end, std::min<std::size_t>(text.size(), m.span.end + 40));
      std::size_t k = 0;
      if (!next.empty() && (next[0].w == "s" || next[0].w == "S")) k = 1;  // the 's split off
      if (k < next.size() && IsRelationNoun(ToLower(next[k].w))) {
        std::vector<double> rf = f;
        rf[kSfRelationNoun] = 1;
        rf[kSfPhrase] = 1;
        rf[kSfPerson] = rf[kSfOrganisation] = rf[kSfPlace] = 0;
        rf[kSfPossessive] = 0;
        const Span phrase{m.span.begin, static_cast<std::uint32_t>(next[k].end)};
        auto [pf, pd] = mention_features(phrase, EntityType::kOther, false);
        for (int x : {kSfSubjectOfVerb, kSfAfterVerb, kSfAppositionComma, kSfVerbDistance}) rf[x] = pf[x];
        const std::string name(text.substr(phrase.begin, phrase.size()));
        rf[kSfNameWords] = static_cast<double>(WordsIn(name, 0, name.size()).size());
        add(name, phrase, rf, d);
      }
    }
    add(full, m.span, f, d);
  }
  // Candidates no mention in the window carries.
  auto add_unplaced = [&](const std::string& name, Span at) {
    if (name.empty() || (index.count(name) && at.size() == 0)) return;
    std::vector<double> f(kSpeakerFeatureCount, 0.0);
    double d = 5000;
    if (at.size() == 0) {
      for (const NameMention& m : names) {
        if (m.span.end <= site.outer.begin && !Inside(quotes, m.span.begin) && full_of(m) == name) at = m.span;
      }
    }
    if (at.size() > 0) {
      auto [mf, md] = mention_features(at, EntityType::kOther, false);
      f = mf;
      d = md;
    } else {
      f[kSfDistance] = std::log1p(d);
      f[kSfVerbDistance] = 10;
    }
    bool person = false;
    for (const Entity& e : entities) {
      if (e.name == name) {
        f[kSfPerson] = e.type == EntityType::kPerson;
        f[kSfOrganisation] = e.type == EntityType::kOrganization;
        f[kSfPlace] = e.type == EntityType::kPlace;
        person = true;
      }
    }
    if (!person) f[kSfPhrase] = 1;
    f[kSfNameWords] = static_cast<double>(WordsIn(name, 0, name.size()).size());
    f[kSfArticleMentions] = std::log1p(static_cast<double>(article_mentions.count(name) ? article_mentions[name] : 0));
    add(name, at, f, d);
  };
  add_unplaced(site.rule_speaker, site.rule_at);
  add_unplaced(site.previous_speaker, Span{});
  add_unplaced(site.running_subject, Span{});

  // Quote-level features and the rank by distance.
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return distance[x] < distance[y]; });
  // Which candidate is nearest of its kind.
  auto nearest = [&](auto pred) {
    std::size_t best = kNone;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (pred(out[i].features) && (best == kNone || distance[i] < distance[best])) best = i;
    }
    return best;
  };
  const std::size_t nb = nearest([](const std::vector<double>& f) { return f[kSfBeforeQuote] > 0; });
  const std::size_t na = nearest([](const std::vector<double>& f) { return f[kSfAfterQuote] > 0; });
  const std::size_t ns = nearest([](const std::vector<double>& f) {
    return f[kSfSubjectOfVerb] > 0 && (f[kSfInSentence] > 0 || f[kSfAfterQuote] > 0);
  });
  double min_distance = std::numeric_limits<double>::infinity();
  double sentence_names = 0;
  for (const SpeakerCandidate& c : out) {
    min_distance = std::min(min_distance, c.features[kSfDistance]);
    sentence_names += c.features[kSfInSentence];
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::vector<double>& f = out[i].features;
    f[kSfNearestBefore] = i == nb;
    f[kSfNearestAfter] = i == na;
    f[kSfNearestSubject] = i == ns;
    f[kSfDistanceGap] = f[kSfDistance] - min_distance;
    f[kSfSentenceNames] = sentence_names;
  }
  const double quote_words = std::log1p(static_cast<double>(WordsIn(text, site.content.begin, site.content.end).size()));
  for (std::size_t r = 0; r < order.size(); ++r) {
    std::vector<double>& f = out[order[r]].features;
    f[kSfRank] = static_cast<double>(r);
    f[kSfCandidates] = static_cast<double>(out.size());
    f[kSfRuleNone] = site.rule_speaker.empty();
    f[kSfRuleKind] = site.rule_kind;
    f[kSfOpensParagraph] = site.opens_paragraph;
    f[kSfContinues] = site.continues;
    f[kSfQuoteWords] = quote_words;
    f[kSfPreviousSpeaker] = !site.previous_speaker.empty() && out[order[r]].name == site.previous_speaker;
    f[kSfRunningSubject] = !site.running_subject.empty() && out[order[r]].name == site.running_subject;
    f[kSfRulePick] = !site.rule_speaker.empty() && out[order[r]].name == site.rule_speaker;
    const std::string& name = out[order[r]].name;
    f[kSfNextSpeaker] = !site.next_speaker.empty() && name == site.next_speaker;
    f[kSfLastPerson] = !last_person.empty() && name == last_person;
    f[kSfWindowMentions] = std::log1p(static_cast<double>(window_mentions.count(name) ? window_mentions[name] : 0));
    const auto qit = quoted.find(name);
    const std::size_t q = qit != quoted.end() ? qit->second : 0;
    f[kSfQuotedElsewhere] = std::log1p(static_cast<double>(q - (q > 0 && f[kSfRulePick] > 0 ? 1 : 0)));
    if (f[kSfRulePick] > 0) *rule_pick = order[r];
  }
  return out;
}

}  // namespace analyze_internal
}  // namespace parallax
