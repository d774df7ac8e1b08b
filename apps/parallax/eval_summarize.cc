// parallax eval summarize: our summariser against baselines and published
// systems on DUC 2003, TAC 2011 (English) and the Multi-News sample, all
// scored in the same run with our ROUGE (src/eval/rouge.h).
//
// Per cluster, the documents go through the clean stage (CleanCorpus) and
// then:
//  - parallax: AnalyzeStory on all of them as one story, summary_words =
//    the setup's length; the summary is its sentences, one per line;
//  - lead: the first sentences of the most central article (highest mean
//    cosine of stemmed content-term counts to the other articles);
//  - random: sentences drawn at random (fixed seed) from all articles;
//  - the outputs stored with the data (TAC participants ID1..ID10,
//    Multi-News LexRank, TextRank, BART, ...).
// Every system's summary is cut to the setup's length in words (ROUGE's
// word count), so no system gains from being longer.
//
// Setups:
//  - duc2003: 100 words, ROUGE -l 100 -m -n 2 -2 4 -u -f A, recall (the
//    DUC 2003/2004 convention), 4 references per cluster;
//  - tac2011: 250 words, the official MultiLing 2011 options -n 2 -2 4 -u
//    -f A -p 0.5 (no stemming), F1;
//  - multinews: 260 words (the paper's mean reference length), -m, F1
//    (the measure the Multi-News literature reports); references uncut.
// ROUGE-L needs sentence units: references and stored outputs that are not
// one sentence per line are split into sentences first (n-gram scores do
// not depend on line breaks).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "commands.h"
#include "core/split.h"
#include "eval/rouge.h"
#include "eval/summarization_data.h"
#include "text/segment.h"
#include "text/terms.h"

namespace parallax::cli {
namespace {

// A length budget: words, or bytes (0 = not used).
struct Budget {
  std::size_t words = 0;
  std::size_t bytes = 0;
  bool Reached(std::size_t used_words, std::size_t used_bytes) const {
    return (words > 0 && used_words >= words) || (bytes > 0 && used_bytes >= bytes);
  }
};

struct Setup {
  std::string name;
  std::size_t words = 0;
  std::size_t bytes = 0;  // when set, the budget is in bytes (ROUGE -b) instead of words
  Budget budget() const { return bytes > 0 ? Budget{0, bytes} : Budget{words, 0}; }
  RougeOptions rouge;
  enum Measure { kRecall, kF1 } measure = kF1;
  bool split_references = true;  // references not already one unit per line
  std::string description;
};

Setup SetupFor(const std::string& dataset, std::size_t bytes) {
  Setup s;
  s.name = dataset;
  s.rouge.max_ngram = 2;
  s.rouge.skip_distance = 4;
  s.rouge.skip_unigrams = true;
  if (dataset == "duc2003") {
    s.words = 100;
    s.rouge.word_limit = 100;
    s.rouge.stem = true;
    s.measure = Setup::kRecall;
    s.split_references = false;  // DUC models are already one clause per line
    s.description = "100 words, ROUGE -l 100 -m -n 2 -2 4 -u -f A, recall, 4 references";
  } else if (dataset == "tac2011") {
    s.words = 250;
    s.description = "250 words, ROUGE -n 2 -2 4 -u -f A -p 0.5 (official MultiLing 2011), F1, 3 references";
  } else {
    s.words = 260;
    s.rouge.stem = true;
    s.description = "260 words (systems cut, references whole), ROUGE -m -n 2 -2 4 -u -p 0.5, F1, 1 reference";
  }
  if (bytes > 0) {
    // ROUGE -b N instead of -l: every summary is cut at N bytes.
    const std::string b = std::to_string(bytes);
    std::string d = s.description;
    const std::string words_part = std::to_string(s.words) + " words";
    if (d.rfind(words_part, 0) == 0) d = b + " bytes" + d.substr(words_part.size());
    if (std::size_t l = d.find("-l " + std::to_string(s.words)); l != std::string::npos) {
      d.replace(l, 3 + std::to_string(s.words).size(), "-b " + b);
    } else if (std::size_t r = d.find("ROUGE "); r != std::string::npos) {
      d.insert(r + 6, "-b " + b + " ");
    }
    s.description = d;
    s.bytes = bytes;
    s.words = 0;
    s.rouge.word_limit = 0;
    s.rouge.byte_limit = bytes;
  }
  return s;
}

// The sentences of `text` (a summary or a reference), one per line.
std::string OneSentencePerLine(const std::string& text) {
  std::string out;
  for (const Span& s : SplitSentences(text)) {
    out += text.substr(s.begin, s.size());
    out.push_back('\n');
  }
  return out;
}

// Cuts a summary to the budget as ROUGE counts words or bytes.
std::string Cut(const std::string& text, const Budget& budget) {
  std::string out;
  for (const std::string& unit : RougeUnits(text, budget.words, budget.bytes)) out += unit + "\n";
  return out;
}

std::size_t CountWords(const std::string& s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// Whole sentences from `sentences` in order until `words` is reached (the
// last one is cut by Cut()).
std::string TakeSentences(const std::vector<std::string>& sentences, const Budget& budget) {
  std::string out;
  std::size_t used = 0;
  for (const std::string& s : sentences) {
    if (budget.Reached(used, out.size())) break;
    out += s + "\n";
    used += CountWords(s);
  }
  return out;
}

std::vector<std::string> SentencesOf(const Article& a) {
  std::vector<std::string> out;
  for (const Span& s : SplitSentences(a.text)) out.push_back(a.text.substr(s.begin, s.size()));
  return out;
}

// Index of the article with the highest mean cosine (stemmed content-term
// counts) to the other articles: the one that best stands for the cluster.
std::size_t MostCentral(const std::vector<Article>& docs, Stemmer* stemmer) {
  std::vector<std::unordered_map<std::string, double>> tf(docs.size());
  std::vector<double> norm(docs.size(), 0);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    for (const std::string& t : ContentTerms(docs[i].text, stemmer)) tf[i][t] += 1;
    for (const auto& [t, c] : tf[i]) norm[i] += c * c;
    norm[i] = std::sqrt(norm[i]);
  }
  std::size_t best = 0;
  double best_score = -1;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < docs.size(); ++j) {
      if (i == j || norm[i] == 0 || norm[j] == 0) continue;
      double dot = 0;
      for (const auto& [t, c] : tf[i]) {
        auto it = tf[j].find(t);
        if (it != tf[j].end()) dot += c * it->second;
      }
      sum += dot / (norm[i] * norm[j]);
    }
    const double mean = docs.size() > 1 ? sum / static_cast<double>(docs.size() - 1) : 0;
    if (mean > best_score) {
      best_score = mean;
      best = i;
    }
  }
  return best;
}

// Graph-based baselines for the data sets that store none: sentences of
// all the articles ranked by PageRank (damping 0.85) over a similarity
// graph, then taken best first, skipping a sentence whose cosine to one
// already taken exceeds 0.5, until the budget is reached.
//  - LexRank (Erkan & Radev 2004, continuous variant): idf-weighted cosine
//    of stemmed content-term counts;
//  - TextRank (Mihalcea & Tarau 2004): shared content terms divided by
//    log|a| + log|b|.
enum class GraphKind { kLexRank, kTextRank };

std::string GraphBaseline(const std::vector<Article>& docs, GraphKind kind, const Budget& budget, Stemmer* stemmer) {
  std::vector<std::string> sentences;
  std::vector<std::unordered_map<std::string, double>> tf;
  for (const Article& a : docs) {
    for (std::string& s : SentencesOf(a)) {
      std::unordered_map<std::string, double> counts;
      for (const std::string& t : ContentTerms(s, stemmer)) counts[t] += 1;
      if (counts.empty()) continue;
      tf.push_back(std::move(counts));
      sentences.push_back(std::move(s));
    }
  }
  const std::size_t n = sentences.size();
  if (n == 0) return "";
  std::unordered_map<std::string, double> df;
  for (const auto& m : tf) {
    for (const auto& [t, c] : m) df[t] += 1;
  }
  auto idf = [&](const std::string& t) { return std::log(static_cast<double>(n) / df[t]); };
  std::vector<double> norm(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& [t, c] : tf[i]) norm[i] += (c * idf(t)) * (c * idf(t));
    norm[i] = std::sqrt(norm[i]);
  }
  auto cosine = [&](std::size_t i, std::size_t j) {
    if (norm[i] == 0 || norm[j] == 0) return 0.0;
    double dot = 0;
    for (const auto& [t, c] : tf[i]) {
      auto it = tf[j].find(t);
      if (it != tf[j].end()) dot += c * it->second * idf(t) * idf(t);
    }
    return dot / (norm[i] * norm[j]);
  };
  std::vector<std::vector<double>> w(n, std::vector<double>(n, 0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      double v = 0;
      if (kind == GraphKind::kLexRank) {
        v = cosine(i, j);
      } else {
        double shared = 0;
        for (const auto& [t, c] : tf[i]) shared += tf[j].count(t) ? 1 : 0;
        const double denom = std::log(static_cast<double>(tf[i].size()) + 1) + std::log(static_cast<double>(tf[j].size()) + 1);
        v = denom > 0 ? shared / denom : 0;
      }
      w[i][j] = w[j][i] = v;
    }
  }
  std::vector<double> out_sum(n, 0), rank(n, 1.0 / static_cast<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (double v : w[i]) out_sum[i] += v;
  }
  for (int iter = 0; iter < 50; ++iter) {
    std::vector<double> next(n, 0.15 / static_cast<double>(n));
    for (std::size_t j = 0; j < n; ++j) {
      if (out_sum[j] == 0) continue;
      for (std::size_t i = 0; i < n; ++i) next[i] += 0.85 * rank[j] * w[j][i] / out_sum[j];
    }
    rank = std::move(next);
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
  std::vector<std::size_t> taken;
  std::size_t used = 0;
  std::string summary;
  for (std::size_t i : order) {
    if (budget.Reached(used, summary.size())) break;
    bool redundant = false;
    for (std::size_t t : taken) redundant = redundant || cosine(i, t) > 0.5;
    if (redundant) continue;
    taken.push_back(i);
    summary += sentences[i] + "\n";
    used += CountWords(sentences[i]);
  }
  return summary;
}

struct SystemResult {
  std::string name;
  std::vector<std::pair<std::string, RougeScores>> per_cluster;  // (cluster id, scores)
  RougeScores average;
  double words = 0;  // summed, then mean length of the scored (cut) summaries in words
};

double Pick(const RougeScore& s, Setup::Measure m) { return m == Setup::kRecall ? s.recall : s.f; }

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  return out + "\"";
}

std::string JsonScore(const RougeScore& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "{\"recall\": %.5f, \"precision\": %.5f, \"f1\": %.5f}", s.recall, s.precision, s.f);
  return buf;
}

// Runs every system on one data set. Returns false (with the reason on
// stderr) when the data set cannot be loaded.
// When `write_dir` is not empty, our summary of each cluster is also written
// to <write_dir>/<dataset>/<cluster id> (as produced, before the cut).
bool RunDataset(const std::string& data_root, const std::string& dataset, const std::string& write_dir,
                std::size_t bytes, const std::string& half, std::vector<SystemResult>* results,
                std::vector<InputError>* errors, std::size_t* clusters_out) {
  Result<SummarizationDataset> loaded = dataset == "duc2003"   ? LoadDuc2003(data_root, errors)
                                        : dataset == "tac2011" ? LoadTac2011(data_root, errors)
                                                               : LoadMultiNewsSample(data_root, errors);
  if (!loaded.ok()) {
    std::cerr << "parallax: " << dataset << ": " << loaded.status().message() << "\n";
    return false;
  }
  SummarizationDataset& ds = *loaded;
  // The project's fixed split of a dev set by cluster id (core/split.h).
  if (half != "all") {
    std::erase_if(ds.clusters, [&](const SummarizationCluster& c) { return InTuningHalf(c.id) != (half == "tuning"); });
  }
  const Setup setup = SetupFor(dataset, bytes);
  RougeScorer scorer(setup.rouge);
  Stemmer stemmer;
  std::mt19937 rng(20240607);  // fixed: the random baseline must be reproducible

  std::map<std::string, SystemResult> by_name;
  std::vector<std::string> order = {"parallax", "lead", "random"};
  // Our LexRank and TextRank run only where the data set stores none.
  bool stored_graph_baselines = false;
  for (const PublishedSystem& p : ds.systems) {
    stored_graph_baselines = stored_graph_baselines || p.name == "lexrank" || p.name == "textrank";
  }
  if (!stored_graph_baselines) order.insert(order.end(), {"lexrank", "textrank"});
  for (const PublishedSystem& p : ds.systems) order.push_back(p.name);
  auto add = [&](const std::string& system, const std::string& cluster, const std::string& summary,
                 const std::vector<std::string>& refs) {
    SystemResult& r = by_name[system];
    r.name = system;
    const std::string cut = Cut(summary, setup.budget());
    // Shown beside the scores: a summary well under the budget loses
    // recall (and F1) whatever its quality.
    r.words += static_cast<double>(CountWords(cut));
    r.per_cluster.emplace_back(cluster, scorer.Score(cut, refs));
  };

  for (SummarizationCluster& c : ds.clusters) {
    CleanCorpus(&c.documents);
    std::vector<std::string> refs;
    for (const std::string& r : c.references) refs.push_back(setup.split_references ? OneSentencePerLine(r) : r);

    std::vector<const Article*> group;
    for (const Article& a : c.documents) {
      if (!a.text.empty()) group.push_back(&a);
    }
    if (group.empty()) {
      errors->push_back({c.id, "no article text left after cleaning; cluster skipped"});
      continue;
    }
    AnalyzeOptions aopt;
    aopt.summary_words = setup.bytes > 0 ? setup.bytes : setup.words;  // with bytes, the bytes decide
    aopt.summary_bytes = setup.bytes;
    const Story story = AnalyzeStory(group, aopt);
    std::string ours;
    for (const SummarySentence& s : story.summary) ours += s.text + "\n";
    add("parallax", c.id, ours, refs);
    if (!write_dir.empty()) {
      const std::filesystem::path dir = std::filesystem::path(write_dir) / dataset;
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      std::ofstream f(dir / c.id, std::ios::binary);
      f << ours;
      if (!f) errors->push_back({(dir / c.id).string(), "cannot write the summary"});
    }

    add("lead", c.id, TakeSentences(SentencesOf(c.documents[MostCentral(c.documents, &stemmer)]), setup.budget()), refs);

    std::vector<std::string> pool;
    for (const Article& a : c.documents) {
      for (std::string& s : SentencesOf(a)) pool.push_back(std::move(s));
    }
    std::shuffle(pool.begin(), pool.end(), rng);
    add("random", c.id, TakeSentences(pool, setup.budget()), refs);

    if (!stored_graph_baselines) {
      add("lexrank", c.id, GraphBaseline(c.documents, GraphKind::kLexRank, setup.budget(), &stemmer), refs);
      add("textrank", c.id, GraphBaseline(c.documents, GraphKind::kTextRank, setup.budget(), &stemmer), refs);
    }

    for (const PublishedSystem& p : ds.systems) {
      auto it = p.summaries.find(c.id);
      if (it != p.summaries.end()) add(p.name, c.id, OneSentencePerLine(it->second), refs);
    }
  }
  *clusters_out = ds.clusters.size();
  for (const std::string& name : order) {
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    SystemResult r = std::move(it->second);
    std::stable_sort(r.per_cluster.begin(), r.per_cluster.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<RougeScores> scores;
    for (const auto& pc : r.per_cluster) scores.push_back(pc.second);
    r.average = AverageScores(scores, 1000);
    r.words /= static_cast<double>(std::max<std::size_t>(1, r.per_cluster.size()));
    results->push_back(std::move(r));
  }
  return true;
}

}  // namespace

void RegisterEvalSummarize(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string dataset = "all";
    bool json = false;
    std::string write_dir;
    std::size_t bytes = 0;
    std::string half = "all";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "summarize",
      "Our summaries vs Lead, Random and published systems: ROUGE-1/2/SU4/L on DUC 2003, TAC 2011, Multi-News");
  cmd->add_option("--data", o->data_root, "Folder holding summarization/ (duc2003, tac2011, multinews-sample100)")
      ->capture_default_str();
  cmd->add_option("--dataset", o->dataset, "Which data set to run")
      ->check(CLI::IsMember({"duc2003", "tac2011", "multinews", "all"}))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->add_option("--half", o->half, "Only the clusters of this half of the project's fixed split (core/split.h)")
      ->check(CLI::IsMember({"all", "tuning", "validation"}))
      ->capture_default_str();
  cmd->add_option("--bytes", o->bytes,
                  "Budget every summary in bytes instead of the data set's words (ROUGE -b N; 665 is the DUC 2004 setup)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--write-summaries", o->write_dir,
                  "Also write our summary of each cluster to DIR/<dataset>/<cluster> (for eval rouge or reading)");
  cmd->callback([o, exit_code] {
    const std::vector<std::string> datasets = o->dataset == "all"
                                                  ? std::vector<std::string>{"duc2003", "tac2011", "multinews"}
                                                  : std::vector<std::string>{o->dataset};
    std::vector<InputError> errors;
    bool any = false, missing = false;
    std::string json = "{";
    for (const std::string& d : datasets) {
      std::vector<SystemResult> results;
      std::size_t clusters = 0;
      if (!RunDataset(o->data_root, d, o->write_dir, o->bytes, o->half, &results, &errors, &clusters)) {
        missing = true;
        continue;
      }
      any = true;
      const Setup setup = SetupFor(d, o->bytes);
      if (o->json) {
        if (json.size() > 1) json += ", ";
        json += JsonString(d) + ": {\"clusters\": " + std::to_string(clusters) +
                ", \"setup\": " + JsonString(setup.description) + ", \"systems\": [";
        for (std::size_t i = 0; i < results.size(); ++i) {
          const SystemResult& r = results[i];
          json += (i ? ", " : "") + std::string("{\"system\": ") + JsonString(r.name) +
                  ", \"summaries\": " + std::to_string(r.per_cluster.size()) +
                  ", \"mean_words\": " + std::to_string(static_cast<long>(std::lround(r.words))) +
                  ", \"rouge-1\": " + JsonScore(r.average.ngram[0]) +
                  ", \"rouge-2\": " + JsonScore(r.average.ngram[1]) + ", \"rouge-su4\": " + JsonScore(r.average.skip) +
                  ", \"rouge-l\": " + JsonScore(r.average.lcs) + "}";
        }
        json += "]}";
        continue;
      }
      std::printf("%s: %zu clusters; %s\n", d.c_str(), clusters, setup.description.c_str());
      const char* m = setup.measure == Setup::kRecall ? "R" : "F1";
      std::printf("%-10s %5s %6s  R-1 %-3s  R-2 %-3s  R-SU4 %-3s  R-L %-3s\n", "system", "n", "words", m, m, m, m);
      for (const SystemResult& r : results) {
        std::printf("%-10s %5zu %6.0f  %-8.4f  %-8.4f  %-10.4f  %-8.4f\n", r.name.c_str(), r.per_cluster.size(),
                    r.words, Pick(r.average.ngram[0], setup.measure), Pick(r.average.ngram[1], setup.measure),
                    Pick(r.average.skip, setup.measure), Pick(r.average.lcs, setup.measure));
      }
      std::printf("\n");
    }
    if (o->json && any) std::printf("%s}\n", json.c_str());
    PrintErrors(errors);
    if (!any) {
      *exit_code = kExitFatal;
      return;
    }
    *exit_code = missing || !errors.empty() ? kExitInputErrors : kExitOk;
  });
}

}  // namespace parallax::cli
