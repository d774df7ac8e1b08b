#include "eval/ner_eval.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "analyze/context.h"
#include "analyze/names.h"
#include "model/model.h"
#include "ner/tagger.h"

#include "core/file.h"
namespace parallax {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadFileText(const std::string& path) {
  // Benchmark files are small; the limit only guards against a wrong path.
  return DefaultFileSystem().ReadFile(path, std::uint64_t{1} << 32);
}

// Splits "B-PER" into ("B", "PER") and "O" into ("O", ""), as conlleval
// does (everything before the first '-' is the prefix).
bool SplitTag(const std::string& tag, std::string* prefix, std::string* type) {
  if (tag == "O") {
    *prefix = "O";
    type->clear();
    return true;
  }
  const std::size_t dash = tag.find('-');
  if (dash != 1 || tag.size() < 3) return false;
  const char p = tag[0];
  if (p != 'B' && p != 'I' && p != 'E' && p != 'S') return false;
  *prefix = std::string(1, p);
  *type = tag.substr(2);
  return true;
}

// conlleval's endOfChunk: does a chunk end between the previous token and
// this one?
bool EndOfChunk(const std::string& prev_tag, const std::string& tag, const std::string& prev_type,
                const std::string& type) {
  if (prev_tag == "B" && (tag == "B" || tag == "O" || tag == "S")) return true;
  if (prev_tag == "I" && (tag == "B" || tag == "O" || tag == "S")) return true;
  if (prev_tag == "E" || prev_tag == "S") return true;
  return prev_tag != "O" && prev_type != type;
}

// conlleval's startOfChunk: does a chunk start at this token?
bool StartOfChunk(const std::string& prev_tag, const std::string& tag, const std::string& prev_type,
                  const std::string& type) {
  if (tag == "B" || tag == "S") return true;
  if ((prev_tag == "E" || prev_tag == "S" || prev_tag == "O") && (tag == "I" || tag == "E")) return true;
  return tag != "O" && prev_type != type;
}

const char* ConllType(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "PER";
    case EntityType::kOrganization: return "ORG";
    case EntityType::kPlace: return "LOC";
    case EntityType::kOther: return "MISC";
  }
  return "MISC";
}

bool IsClosingToken(const std::string& w) {
  static const std::set<std::string> k = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "'re",
                                          "'ll", "'ve", "'d", "'m", "..."};
  return k.count(w) > 0;
}

bool IsOpeningToken(const std::string& w) { return w == "(" || w == "[" || w == "{" || w == "$"; }

struct RebuiltText {
  std::string text;
  // Byte range of every token, per sentence.
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> spans;
};

// The document as text the name finder can read: one sentence per line, so
// that the sentence splitter (which always breaks at a newline) keeps the
// gold sentence boundaries.
RebuiltText Rebuild(const ConllDocument& doc, bool natural) {
  RebuiltText out;
  for (const ConllSentence& s : doc.sentences) {
    if (!out.text.empty()) out.text.push_back('\n');
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    bool no_space_next = true;  // at the start of the line
    bool quote_open = false;
    for (const ConllToken& t : s) {
      bool space = !no_space_next;
      no_space_next = false;
      if (natural) {
        if (IsClosingToken(t.word)) space = false;
        if (IsOpeningToken(t.word)) no_space_next = true;
        if (t.word == "\"") {
          // Straight quotes alternate: an opening one hugs the next word, a
          // closing one the previous word.
          if (quote_open) space = false;
          else no_space_next = true;
          quote_open = !quote_open;
        }
      }
      if (space) out.text.push_back(' ');
      const std::size_t b = out.text.size();
      out.text += t.word;
      spans.emplace_back(b, out.text.size());
    }
    out.spans.push_back(std::move(spans));
  }
  return out;
}

}  // namespace

double ChunkCounts::Precision() const { return predicted == 0 ? 0.0 : static_cast<double>(correct) / predicted; }
double ChunkCounts::Recall() const { return gold == 0 ? 0.0 : static_cast<double>(correct) / gold; }
double ChunkCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

double ConllScores::Accuracy() const { return tokens == 0 ? 0.0 : static_cast<double>(correct_tags) / tokens; }

Result<ConllCorpus> ParseConll(std::string_view content, const std::string& path) {
  ConllCorpus corpus;
  ConllDocument doc;
  ConllSentence sentence;
  auto end_sentence = [&] {
    if (sentence.empty()) return;
    corpus.tokens += sentence.size();
    ++corpus.sentences;
    doc.sentences.push_back(std::move(sentence));
    sentence.clear();
  };
  auto end_document = [&] {
    end_sentence();
    if (!doc.sentences.empty()) corpus.documents.push_back(std::move(doc));
    doc = ConllDocument{};
  };
  bool iob2 = false;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string> cols;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      std::size_t b = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      if (i > b) cols.emplace_back(line.substr(b, i - b));
    }
    if (cols.empty()) {
      end_sentence();
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      end_document();
      continue;
    }
    const std::string where = path + ":" + std::to_string(line_no);
    if (cols.size() < 2) return InvalidInput(where + ": expected a token and its NER tag, got one column");
    ConllToken t{cols.front(), cols.back()};
    std::string prefix, type;
    if (!SplitTag(t.tag, &prefix, &type)) return InvalidInput(where + ": bad NER tag '" + t.tag + "'");
    if (prefix == "B") {
      // IOB1 writes B-X only right after another X chunk.
      std::string prev_prefix = "O", prev_type;
      if (!sentence.empty()) SplitTag(sentence.back().tag, &prev_prefix, &prev_type);
      if (prev_prefix == "O" || prev_type != type) iob2 = true;
    }
    sentence.push_back(std::move(t));
  }
  end_document();
  corpus.scheme = iob2 ? IobScheme::kIob2 : IobScheme::kIob1;
  return corpus;
}

Result<ConllCorpus> ReadConll(const std::string& path) {
  auto content = ReadFileText(path);
  if (!content.ok()) return content.status();
  return ParseConll(*content, path);
}

void ConllScorer::Step(const std::string& gold_tag, const std::string& gold_type, const std::string& pred_tag,
                       const std::string& pred_type, bool count_token) {
  // The order of these checks is conlleval's: close the running correct
  // chunk first, then see whether a new one opens here.
  const bool gold_end = EndOfChunk(gold_.tag, gold_tag, gold_.type, gold_type);
  const bool pred_end = EndOfChunk(pred_.tag, pred_tag, pred_.type, pred_type);
  if (in_correct_) {
    if (gold_end && pred_end && gold_.type == pred_.type) {
      in_correct_ = false;
      ++scores_.overall.correct;
      ++scores_.by_type[gold_.type].correct;
    } else if (gold_end != pred_end || gold_type != pred_type) {
      in_correct_ = false;
    }
  }
  const bool gold_start = StartOfChunk(gold_.tag, gold_tag, gold_.type, gold_type);
  const bool pred_start = StartOfChunk(pred_.tag, pred_tag, pred_.type, pred_type);
  if (gold_start && pred_start && gold_type == pred_type) in_correct_ = true;
  if (gold_start) {
    ++scores_.overall.gold;
    ++scores_.by_type[gold_type].gold;
  }
  if (pred_start) {
    ++scores_.overall.predicted;
    ++scores_.by_type[pred_type].predicted;
  }
  if (count_token) {
    ++scores_.tokens;
    if (gold_tag == pred_tag && gold_type == pred_type) ++scores_.correct_tags;
  }
  gold_ = {gold_tag, gold_type};
  pred_ = {pred_tag, pred_type};
}

void ConllScorer::Flush() { Step("O", "", "O", "", false); }

Status ConllScorer::AddSentence(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
  if (gold.size() != predicted.size()) {
    return InvalidArgument("sentence has " + std::to_string(gold.size()) + " gold tags but " +
                           std::to_string(predicted.size()) + " predicted tags");
  }
  std::vector<std::string> gp(gold.size()), gt(gold.size()), pp(gold.size()), pt(gold.size());
  for (std::size_t i = 0; i < gold.size(); ++i) {
    if (!SplitTag(gold[i], &gp[i], &gt[i])) return InvalidArgument("bad gold tag '" + gold[i] + "'");
    if (!SplitTag(predicted[i], &pp[i], &pt[i])) return InvalidArgument("bad predicted tag '" + predicted[i] + "'");
  }
  for (std::size_t i = 0; i < gold.size(); ++i) Step(gp[i], gt[i], pp[i], pt[i], true);
  // The blank line after the sentence: conlleval reads it as "O O".
  Flush();
  return Status::Ok();
}

ConllScores ConllScorer::Scores() const {
  // A chunk still open at the end of input counts, as in conlleval. After
  // AddSentence's boundary none can be open, but keep the rule honest.
  ConllScores s = scores_;
  if (in_correct_) {
    ++s.overall.correct;
    ++s.by_type[gold_.type].correct;
  }
  s.by_type.erase("");
  return s;
}

std::vector<std::string> GoldTags(const ConllSentence& sentence) {
  std::vector<std::string> out;
  out.reserve(sentence.size());
  for (const ConllToken& t : sentence) out.push_back(t.tag);
  return out;
}

std::vector<TokenMention> FindDocumentMentions(const ConllDocument& doc, const NerOptions& options) {
  const RebuiltText rebuilt = Rebuild(doc, options.natural_spacing);
  Article article;
  article.id = "doc";
  article.raw = rebuilt.text;
  article.text = rebuilt.text;
  // BuildContext fills the CaseLexicon from this document only and runs
  // FindNames; BuildEntities is the story-level merge the analyzer reports.
  const std::vector<const Article*> group = {&article};
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(group);
  std::vector<std::pair<Span, EntityType>> typed;
  std::vector<std::pair<std::uint32_t, EntityType>> entity_type_at;  // mention begin -> entity type
  if (options.story_typing) {
    for (const Entity& e : analyze_internal::BuildEntities(ctx)) {
      for (const EntityMention& m : e.spans) entity_type_at.emplace_back(m.span.begin, e.type);
    }
    std::sort(entity_type_at.begin(), entity_type_at.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (const NameMention& m : ctx.names[0]) {
    EntityType t = m.type;
    auto it = std::lower_bound(entity_type_at.begin(), entity_type_at.end(), m.span.begin,
                               [](const auto& a, std::uint32_t v) { return a.first < v; });
    if (it != entity_type_at.end() && it->first == m.span.begin) t = it->second;
    typed.emplace_back(m.span, t);
  }

  // Line starts, to find each mention's sentence.
  std::vector<std::size_t> line_start;
  for (const auto& sp : rebuilt.spans) line_start.push_back(sp.empty() ? 0 : sp.front().first);
  std::vector<TokenMention> out;
  for (const auto& [span, type] : typed) {
    // The sentence holding the mention's first byte.
    auto ls = std::upper_bound(line_start.begin(), line_start.end(), static_cast<std::size_t>(span.begin));
    if (ls == line_start.begin()) continue;
    const std::size_t s = static_cast<std::size_t>(ls - line_start.begin()) - 1;
    const auto& toks = rebuilt.spans[s];
    TokenMention tm;
    tm.sentence = s;
    tm.type = ConllType(type);
    bool any = false;
    for (std::size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].first < span.end && toks[i].second > span.begin) {
        if (!any) tm.begin = i;
        tm.end = i + 1;
        any = true;
      }
    }
    if (any) out.push_back(tm);
  }
  return out;
}

std::vector<std::vector<std::string>> MentionsToTags(const ConllDocument& doc, const std::vector<TokenMention>& mentions,
                                                     IobScheme scheme) {
  std::vector<std::vector<std::string>> tags;
  for (const ConllSentence& s : doc.sentences) tags.emplace_back(s.size(), "O");
  std::vector<std::vector<int>> owner;  // mention index per token, -1 = none
  for (const ConllSentence& s : doc.sentences) owner.emplace_back(s.size(), -1);
  for (std::size_t k = 0; k < mentions.size(); ++k) {
    const TokenMention& m = mentions[k];
    if (m.sentence >= tags.size() || m.end > tags[m.sentence].size() || m.begin >= m.end) continue;
    bool free = true;
    for (std::size_t i = m.begin; i < m.end; ++i) free = free && owner[m.sentence][i] < 0;
    if (!free) continue;
    for (std::size_t i = m.begin; i < m.end; ++i) {
      owner[m.sentence][i] = static_cast<int>(k);
      tags[m.sentence][i] = "I-" + m.type;
    }
    // IOB2 marks every start; IOB1 only a start right after a chunk of the
    // same type (which would otherwise read as one chunk).
    const bool after_same = m.begin > 0 && owner[m.sentence][m.begin - 1] >= 0 &&
                            mentions[static_cast<std::size_t>(owner[m.sentence][m.begin - 1])].type == m.type;
    if (scheme == IobScheme::kIob2 || after_same) tags[m.sentence][m.begin] = "B-" + m.type;
    // A same-type mention placed earlier right after this one now needs
    // its own B- in IOB1.
    if (scheme == IobScheme::kIob1 && m.end < owner[m.sentence].size() && owner[m.sentence][m.end] >= 0 &&
        mentions[static_cast<std::size_t>(owner[m.sentence][m.end])].type == m.type) {
      tags[m.sentence][m.end] = "B-" + m.type;
    }
  }
  return tags;
}

std::vector<std::vector<std::string>> TagDocument(const ConllDocument& doc, IobScheme scheme,
                                                  const NerOptions& options) {
  return MentionsToTags(doc, FindDocumentMentions(doc, options), scheme);
}

ConllScores EvaluateNer(const ConllCorpus& corpus, const NerOptions& options) {
  ConllScorer scorer;
  for (const ConllDocument& d : corpus.documents) {
    const auto predicted = TagDocument(d, corpus.scheme, options);
    for (std::size_t s = 0; s < d.sentences.size(); ++s) {
      // Lengths match by construction, so the status is always OK here.
      (void)scorer.AddSentence(GoldTags(d.sentences[s]), predicted[s]);
    }
  }
  return scorer.Scores();
}

NerDocument ConllWords(const ConllDocument& doc) {
  NerDocument words(doc.sentences.size());
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    for (const ConllToken& t : doc.sentences[s]) words[s].push_back(t.word);
  }
  return words;
}

std::vector<NerTrainingDocument> ToTrainingDocuments(const ConllCorpus& corpus) {
  std::vector<NerTrainingDocument> out;
  out.reserve(corpus.documents.size());
  for (const ConllDocument& d : corpus.documents) {
    NerTrainingDocument t;
    t.words = ConllWords(d);
    for (const ConllSentence& s : d.sentences) t.tags.push_back(GoldTags(s));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> ToScheme(const std::vector<std::string>& iob2, IobScheme scheme) {
  std::vector<std::string> out = iob2;
  if (scheme == IobScheme::kIob2) return out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (iob2[i].size() < 3 || iob2[i][0] != 'B') continue;
    const bool after_same = i > 0 && iob2[i - 1].size() >= 3 && iob2[i - 1].substr(2) == iob2[i].substr(2);
    if (!after_same) out[i][0] = 'I';
  }
  return out;
}

ConllScores EvaluateNerModel(const ConllCorpus& corpus, const NerModel& model) {
  ConllScorer scorer;
  for (const ConllDocument& d : corpus.documents) {
    const auto predicted = model.Tag(ConllWords(d));
    for (std::size_t s = 0; s < d.sentences.size(); ++s) {
      // The tagger returns one tag per token, so the status is always OK here.
      (void)scorer.AddSentence(GoldTags(d.sentences[s]), ToScheme(predicted[s], corpus.scheme));
    }
  }
  return scorer.Scores();
}

}  // namespace parallax
