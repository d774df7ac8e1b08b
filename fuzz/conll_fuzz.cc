// Fuzz target for the CoNLL column reader (eval/ner_eval.h ParseConll):
// any bytes. No crash; a parsed corpus's counts agree with its documents,
// and every token has a word and a tag.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/conll_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/ner_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::Result<parallax::ConllCorpus> c = parallax::ParseConll(in, "f.conll");
  if (!c.ok()) return 0;
  std::size_t sentences = 0, tokens = 0;
  for (const parallax::ConllDocument& d : c->documents) {
    sentences += d.sentences.size();
    for (const parallax::ConllSentence& s : d.sentences) {
      tokens += s.size();
      for (const parallax::ConllToken& t : s) {
        if (t.word.empty() || t.tag.empty()) std::abort();
      }
    }
  }
  if (sentences != c->sentences || tokens != c->tokens) std::abort();
  return 0;
}
