#pragma once
// NER: a trained named-entity tagger (people, organisations, places, other
// names) for English news.
//
//   auto model = NerModel::Load(DefaultNerModelPath());
//   if (!model.ok()) { report model.status().message(); }
//   NerDocument doc = {{"Jean-Marc", "Ayrault", "said", "on", "Monday", "."}};
//   std::vector<std::vector<std::string>> tags = model->Tag(doc);
//   // tags[0] == {"B-PER", "I-PER", "O", "O", "O", "O"}
//
// The model is a structured averaged perceptron (first-order, Viterbi
// decoding under BILOU constraints, so the output is always a well-formed
// tag sequence) in two stages: the second stage sees what the first one
// predicted for the same words elsewhere in the document, so a name is
// tagged the same way across an article. Features: the word and its
// neighbours, shapes, prefixes and suffixes, capitalisation in context,
// sentence position, headline (all-caps) sentences, a small gazetteer, and
// a WordLexicon learned without labels from bulk news: word clusters at
// three granularities and how often each word is capitalised mid-sentence.
// docs/ner.md argues the choice and gives the training command and figures.
//
// Thread safety: a loaded NerModel is immutable; Tag() may be called from
// many threads at once.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

// A document: sentences of tokens (words and punctuation marks, as the
// CoNLL-2003 files or text::Tokenize give them).
using NerDocument = std::vector<std::vector<std::string>>;

// Entity types, in the CoNLL-2003 names.
inline constexpr const char* kNerTypes[4] = {"PER", "ORG", "LOC", "MISC"};

// What bulk text teaches about single words, without labels.
class WordLexicon {
 public:
  struct Entry {
    std::uint16_t cluster[3] = {0, 0, 0};  // coarse, middle, fine cluster ids (0 = unknown)
    std::uint8_t capitalised = 255;        // share of mid-sentence uses capitalised, 0..100; 255 = unknown
    // Of the word's capitalised uses, the share (0..100; 255 = too few uses)
    // in a run of capitalised words just after an honorific ("Mr", "Dr":
    // person), just before an organisation head word ("Inc", "Bank",
    // "Party": organisation), and just after "in", "at" or "near" (place).
    // A gazetteer learned from how bulk text uses each word.
    std::uint8_t cue[3] = {255, 255, 255};
  };
  struct Options {
    int min_count = 4;                     // words seen less often get no cluster
    int context_words = 1000;              // most frequent words used as left/right contexts
    int dimensions = 128;                  // random-projection size of the context vectors
    int clusters[3] = {64, 256, 1024};     // k-means sizes, coarse to fine
    int iterations = 12;                   // k-means iterations per level
    std::uint64_t seed = 7;
    unsigned threads = 0;                  // 0 = one per hardware thread
  };

  // Learns clusters (spherical k-means over PPMI left/right context vectors
  // reduced by a fixed random projection) and capitalisation shares from
  // `texts` (any number of articles; tokenised and sentence-split here).
  // Deterministic for a given input, seed and options, whatever `threads`.
  static WordLexicon Learn(const std::vector<std::string>& texts, const Options& options,
                           const std::function<void(const std::string&)>& log = {});

  // nullptr when the word (exact form, else lower-cased) is unknown.
  const Entry* Find(std::string_view word) const;
  std::size_t size() const { return words_.size(); }

  // Serialisation (used inside the model file).
  void Write(std::string* out) const;
  bool Read(std::string_view* in);

 private:
  void Index();  // builds slots_ from words_
  static constexpr std::uint32_t kEmpty = 0xffffffffu;
  std::vector<std::string> words_;  // sorted
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // open-addressing hash of words_ (index or kEmpty)
};

struct NerTrainingDocument {
  NerDocument words;
  // One tag per word: "O", "I-X", "B-X" (IOB1 or IOB2, X in PER ORG LOC MISC).
  std::vector<std::vector<std::string>> tags;
};

struct NerTrainOptions {
  int epochs = 10;           // passes over the training documents (stage 1 and 2)
  std::uint64_t seed = 1;    // shuffling order: training is reproducible
  int folds = 5;             // jack-knife folds giving stage 2 honest stage-1 predictions
  bool two_stage = true;     // false: stage 1 only
  int runs = 1;              // perceptrons (different orders) averaged into each final stage
  float prune = 0.0f;        // weights this small (absolute) are dropped from the saved model
  int min_feature_count = 1; // features seen fewer times in training are dropped from the saved model
  unsigned threads = 0;      // folds trained in parallel; the result is the same for any value
  std::string trained_on;    // free text stored in the model: what it was trained on, with which command
};

class NerModel {
 public:
  NerModel();
  ~NerModel();
  NerModel(NerModel&&) noexcept;
  NerModel& operator=(NerModel&&) noexcept;

  // Loads a model file written by Save(). A missing, truncated or foreign
  // file is a non-OK Status naming the path.
  static Result<NerModel> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // IOB2 tags ("B-PER", "I-PER", "O") for every token of every sentence.
  // Any input is safe: empty sentences, huge tokens, control characters or
  // invalid UTF-8 are tagged (as bytes), never rejected. Sentences longer
  // than 1,000 tokens are tagged in 1,000-token pieces.
  std::vector<std::vector<std::string>> Tag(const NerDocument& doc) const;

  // Entities in running text: sentences split and tokenised as in the
  // CoNLL-2003 files ("Jean-Marc" one token, "Russia's" as "Russia" + "'s",
  // "U.S." kept whole), tagged, and mapped back to byte spans of `text`.
  struct Entity {
    std::uint32_t begin = 0, end = 0;  // byte span in the text
    int type = 0;                      // index into kNerTypes
  };
  std::vector<Entity> FindEntities(std::string_view text) const;

  std::size_t feature_count() const;
  // What the model was trained on (NerTrainOptions::trained_on).
  const std::string& trained_on() const;
  bool empty() const;

 private:
  friend Result<NerModel> TrainNer(const std::vector<NerTrainingDocument>&, WordLexicon, const NerTrainOptions&,
                                   const std::function<void(const std::string&)>&);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A token for the tagger: its byte span in the text and the word the
// tagger sees (curly apostrophes straightened).
struct NerToken {
  std::uint32_t begin = 0, end = 0;
  std::string word;
};
// Tokens of one sentence (or any text), CoNLL-2003 style.
std::vector<NerToken> TokenizeForNer(std::string_view text);

// Trains a model. Fails (InvalidArgument) when a document's tags do not
// match its words one for one or a tag is not a CoNLL tag.
Result<NerModel> TrainNer(const std::vector<NerTrainingDocument>& train, WordLexicon lexicon,
                          const NerTrainOptions& options, const std::function<void(const std::string&)>& log = {});

// Where the shipped model is looked for: $PARALLAX_NER_MODEL, else
// <dir of the running executable>/../share/parallax/ner-conll2003.model,
// else the source tree's models/ner-conll2003.model (when it exists).
std::string DefaultNerModelPath();

// The model at DefaultNerModelPath(), loaded once (thread-safe) on first
// use; nullptr when it cannot be loaded, with the reason in *error.
const NerModel* DefaultNerModel(std::string* error = nullptr);

}  // namespace parallax
