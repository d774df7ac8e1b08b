// parallax eval rouge: ROUGE-1/2/SU4/L of a folder of summaries against a
// folder of references, computed as ROUGE-1.5.5 does (src/eval/rouge.h)
// with its usual options -n 2 -2 4 -u -f A -p 0.5 -t 0, plus -l/-b, -m, -s
// and jackknifing on request.
//
// Pairing: a summary file "ID.<anything>" (or just "ID") is scored against
// every reference file whose name begins with "ID.".
//
// --json prints exactly
//   {"rouge-1": {"recall": r, "precision": p, "f1": f}, "rouge-2": {...},
//    "rouge-su4": {...}, "rouge-l": {...}}
// with the averages over all scored summaries (ROUGE's bootstrap mean).

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "eval/rouge.h"

namespace parallax::cli {
namespace {

namespace fs = std::filesystem;

// Regular files of `dir`, sorted by name. False when `dir` is not a
// readable directory.
bool ListFiles(const std::string& dir, std::vector<fs::path>* out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  fs::directory_iterator it(dir, ec);
  if (ec) return false;
  for (fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) return false;
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) out->push_back(it->path());
  }
  std::sort(out->begin(), out->end());
  return true;
}

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return false;
  *out = std::move(s).str();
  return true;
}

std::string JsonScore(const RougeScore& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "{\"recall\": %.5f, \"precision\": %.5f, \"f1\": %.5f}", s.recall, s.precision, s.f);
  return buf;
}

}  // namespace

void RegisterEvalRouge(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string summaries;
    std::string references;
    std::size_t words = 0;
    std::size_t bytes = 0;
    bool stem = false;
    bool remove_stopwords = false;
    bool jackknife = false;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "rouge", "ROUGE-1, ROUGE-2, ROUGE-SU4 and ROUGE-L of summaries against references, as ROUGE-1.5.5 computes them");
  cmd->add_option("--summaries", o->summaries, "Folder of summaries, one file per topic named ID or ID.<anything>")
      ->required();
  cmd->add_option("--references", o->references,
                  "Folder of reference summaries; those named ID.<anything> belong to summary ID")
      ->required();
  auto* words = cmd->add_option("--words", o->words, "Use only the first N words of every text (ROUGE -l)")
                    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  auto* bytes = cmd->add_option("--bytes", o->bytes, "Use only the first N bytes of every text (ROUGE -b)")
                    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  words->excludes(bytes);
  cmd->add_flag("--stem", o->stem, "Porter-stem words longer than 3 characters (ROUGE -m)");
  cmd->add_flag("--remove-stopwords", o->remove_stopwords,
                "Drop English stop words first (ROUGE -s; our own list, not SMART's)");
  cmd->add_flag("--jackknife", o->jackknife,
                "Average over the leave-one-out subsets of each summary's references (needs 2 or more)");
  cmd->add_flag("--json", o->json, "Print the averages as JSON");
  cmd->callback([o, exit_code] {
    std::vector<fs::path> summary_files, reference_files;
    if (!ListFiles(o->summaries, &summary_files)) {
      std::cerr << "parallax: --summaries " << o->summaries
                << ": not a readable directory; expected a folder of summary files named ID or ID.<anything>\n";
      *exit_code = kExitFatal;
      return;
    }
    if (!ListFiles(o->references, &reference_files)) {
      std::cerr << "parallax: --references " << o->references
                << ": not a readable directory; expected a folder of reference files named ID.<anything>\n";
      *exit_code = kExitFatal;
      return;
    }
    if (summary_files.empty()) {
      std::cerr << "parallax: --summaries " << o->summaries
                << ": no files; expected summary files named ID or ID.<anything>\n";
      *exit_code = kExitFatal;
      return;
    }

    RougeOptions opt;
    opt.word_limit = o->words;
    opt.byte_limit = o->bytes;
    opt.stem = o->stem;
    opt.remove_stopwords = o->remove_stopwords;
    opt.jackknife = o->jackknife;
    RougeScorer scorer(opt);

    std::vector<InputError> problems;
    std::vector<std::pair<std::string, RougeScores>> scored;  // (id, scores)
    for (const fs::path& s : summary_files) {
      const std::string name = s.filename().string();
      const std::string id = name.substr(0, name.find('.'));
      std::string peer;
      if (!ReadFile(s, &peer)) {
        problems.push_back({s.string(), "cannot be read"});
        continue;
      }
      std::vector<std::string> refs;
      for (const fs::path& r : reference_files) {
        const std::string ref_name = r.filename().string();
        if (ref_name.rfind(id + ".", 0) != 0) continue;
        std::string text;
        if (!ReadFile(r, &text)) {
          problems.push_back({r.string(), "cannot be read"});
          continue;
        }
        refs.push_back(std::move(text));
      }
      if (refs.empty()) {
        problems.push_back({s.string(), "no reference named " + id + ".* in " + o->references + "; not scored"});
        continue;
      }
      scored.emplace_back(id, scorer.Score(peer, refs));
    }
    if (scored.empty()) {  // one message says it all; no list of every file
      std::cerr << "parallax: no summary in " << o->summaries << " has a reference in " << o->references
                << " (a summary ID.<anything> needs references named ID.<anything>)\n";
      *exit_code = kExitFatal;
      return;
    }
    PrintErrors(problems);
    // ROUGE sorts its evaluations by id as strings before the bootstrap.
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<RougeScores> per_summary;
    for (auto& [id, s] : scored) per_summary.push_back(std::move(s));
    const RougeScores avg = AverageScores(per_summary, 1000);

    if (o->json) {
      std::printf("{\"rouge-1\": %s, \"rouge-2\": %s, \"rouge-su4\": %s, \"rouge-l\": %s}\n",
                  JsonScore(avg.ngram[0]).c_str(), JsonScore(avg.ngram[1]).c_str(), JsonScore(avg.skip).c_str(),
                  JsonScore(avg.lcs).c_str());
    } else {
      std::printf("%zu summaries scored (%s%s%s%s)\n", per_summary.size(),
                  o->words   ? ("first " + std::to_string(o->words) + " words, ").c_str()
                  : o->bytes ? ("first " + std::to_string(o->bytes) + " bytes, ").c_str()
                             : "full length, ",
                  o->stem ? "Porter stemming, " : "no stemming, ",
                  o->remove_stopwords ? "stop words removed, " : "stop words kept, ",
                  o->jackknife ? "jackknifed model average" : "model average");
      std::printf("%-10s %-9s %-9s %-9s\n", "metric", "recall", "precision", "F1");
      const std::pair<const char*, const RougeScore*> rows[] = {
          {"ROUGE-1", &avg.ngram[0]}, {"ROUGE-2", &avg.ngram[1]}, {"ROUGE-SU4", &avg.skip}, {"ROUGE-L", &avg.lcs}};
      for (const auto& [name, s] : rows) {
        std::printf("%-10s %-9.5f %-9.5f %-9.5f\n", name, s->recall, s->precision, s->f);
      }
    }
    *exit_code = problems.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
