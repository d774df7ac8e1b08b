#pragma once
// Named-entity evaluation on CoNLL-2003 (English, Reuters 1996).
//
//   auto corpus = ReadConll("../shared/data/ner/conll2003/eng.testa");
//   ConllScorer scorer;
//   for (const ConllDocument& d : corpus->documents) {
//     auto predicted = TagDocument(d, corpus->scheme, NerOptions{});
//     for (std::size_t s = 0; s < d.sentences.size(); ++s)
//       scorer.AddSentence(GoldTags(d.sentences[s]), predicted[s]);
//   }
//   ConllScores scores = scorer.Scores();
//
// Scores count exactly as the conlleval script of the shared task does, so
// our figures sit next to published ones without a footnote: a chunk is
// correct only when both its boundaries and its type match; chunk starts and
// ends follow conlleval's rules for IOB1, IOB2 (and IOBES) tags; sentence
// boundaries end every chunk; "accuracy" is the share of tokens whose full
// tag (B-/I- prefix and type) matches.
//
// Thread safety: everything here is a pure function or a value type.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ner/tagger.h"

namespace parallax {

struct ConllToken {
  std::string word;
  std::string tag;  // the NER column (last column): "O", "I-PER", "B-LOC" ...
};
using ConllSentence = std::vector<ConllToken>;

struct ConllDocument {
  std::vector<ConllSentence> sentences;
};

// IOB1: I-X everywhere, B-X only to split two adjacent X chunks (the
// original CoNLL-2003 files). IOB2: every chunk starts with B-X.
enum class IobScheme { kIob1, kIob2 };

struct ConllCorpus {
  std::vector<ConllDocument> documents;
  IobScheme scheme = IobScheme::kIob1;
  std::size_t sentences = 0;
  std::size_t tokens = 0;
};

// Parses CoNLL column text: one token per line, the NER tag in the last
// column, blank lines between sentences, "-DOCSTART-" lines between
// documents. The DOCSTART line may come before or after a document's
// sentences (the shared copy has it after); either way it only separates.
// The scheme is IOB2 when some B-X tag starts a chunk that IOB1 would have
// written as I-X (after O or after another type), else IOB1.
// Fails when a token line has fewer than two columns or a tag that is not
// O, B-X, I-X, E-X or S-X; the message names `path` and the line.
Result<ConllCorpus> ParseConll(std::string_view content, const std::string& path);

// Reads and parses a file; a missing or unreadable file is a non-OK Status
// naming the path.
Result<ConllCorpus> ReadConll(const std::string& path);

struct ChunkCounts {
  std::size_t gold = 0;       // chunks in the gold tags
  std::size_t predicted = 0;  // chunks in the predicted tags
  std::size_t correct = 0;    // predicted chunks with gold's boundaries and type
  double Precision() const;   // 0 when nothing was predicted
  double Recall() const;      // 0 when there is no gold chunk
  double F1() const;          // 0 when precision + recall is 0
};

struct ConllScores {
  ChunkCounts overall;
  std::map<std::string, ChunkCounts> by_type;  // every type seen on either side
  std::size_t tokens = 0;
  std::size_t correct_tags = 0;
  double Accuracy() const;
};

// conlleval's counting, sentence by sentence. A sentence boundary acts like
// an "O" token on both sides (it closes open chunks) and is not counted as
// a token.
class ConllScorer {
 public:
  // `gold` and `predicted` are tag sequences of one sentence, same length.
  // Returns an InvalidArgument status (and counts nothing) when the lengths
  // differ or a tag is malformed.
  Status AddSentence(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
  ConllScores Scores() const;

 private:
  struct Side {
    std::string tag = "O";  // prefix of the previous token: O, B, I, E, S
    std::string type;       // type of the previous token ("" for O)
  };
  void Step(const std::string& gold_tag, const std::string& gold_type, const std::string& pred_tag,
            const std::string& pred_type, bool count_token);
  void Flush();

  ConllScores scores_;
  Side gold_, pred_;
  bool in_correct_ = false;  // inside a chunk that so far matches on both sides
};

// Gold tag sequence of one sentence.
std::vector<std::string> GoldTags(const ConllSentence& sentence);

struct NerOptions {
  // How the document text is rebuilt from its tokens. false (default):
  // tokens joined by single spaces, one sentence per line. true: as
  // ordinary prose ("Clinton's", "(AP)", "Jones, 34."), closer to what the
  // analyzer reads in real news; it scores lower today because the
  // "Long Name (ACR)" rule then merges "Michael Johnson (U.S.)" into a
  // place, and "I've" reads as a name.
  bool natural_spacing = false;
  // true (default): a mention takes the type of the story entity it merges
  // into ("Simmons" -> the person "Phil Simmons"), as the analyzer reports
  // it; false: each mention keeps the type the name finder gave it alone.
  bool story_typing = true;
};

// A mention found in a document, as token indices in its sentence.
struct TokenMention {
  std::size_t sentence = 0;
  std::size_t begin = 0;  // first token
  std::size_t end = 0;    // one past the last token
  std::string type;       // PER, ORG, LOC or MISC
};

// Runs the rule-based name finder (FindNames with a CaseLexicon of the
// document, then the story-level entity merge when options.story_typing) on
// the document's rebuilt text and maps each mention's byte span back to the
// tokens it overlaps. Types: person -> PER, organization -> ORG, place ->
// LOC, other -> MISC.
std::vector<TokenMention> FindDocumentMentions(const ConllDocument& doc, const NerOptions& options);

// Tag sequences (one per sentence) for mentions, in `scheme`. Overlapping
// mentions cannot be expressed in BIO: a later mention that overlaps an
// earlier one is dropped.
std::vector<std::vector<std::string>> MentionsToTags(const ConllDocument& doc, const std::vector<TokenMention>& mentions,
                                                     IobScheme scheme);

// FindDocumentMentions + MentionsToTags.
std::vector<std::vector<std::string>> TagDocument(const ConllDocument& doc, IobScheme scheme,
                                                  const NerOptions& options);

// Scores a whole corpus with TagDocument.
ConllScores EvaluateNer(const ConllCorpus& corpus, const NerOptions& options);

// The words of a CoNLL document, sentence by sentence, as the tagger takes them.
NerDocument ConllWords(const ConllDocument& doc);

// CoNLL documents as tagger training data (words and gold tags).
std::vector<NerTrainingDocument> ToTrainingDocuments(const ConllCorpus& corpus);

// IOB2 tags rewritten in `scheme` (IOB1: B-X only between two X chunks).
std::vector<std::string> ToScheme(const std::vector<std::string>& iob2, IobScheme scheme);

// Scores a whole corpus with the trained tagger (conlleval counting; the
// tags are put in the corpus's scheme first, so token accuracy is fair).
ConllScores EvaluateNerModel(const ConllCorpus& corpus, const NerModel& model);

}  // namespace parallax
