#include "eval/extraction_train.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "eval/extraction.h"
#include "eval/extraction_sets.h"
#include "ingest/charset.h"
#include "ingest/html.h"

namespace parallax {
namespace {

// The word n-grams (n = 1..4) of a text, keyed by the words joined with spaces.
std::unordered_set<std::string> NGrams(const std::vector<std::string>& tokens) {
  std::unordered_set<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string key = tokens[i];
    out.insert(key);
    for (std::size_t j = i + 1; j < std::min(tokens.size(), i + 4); ++j) {
      key += ' ';
      key += tokens[j];
      out.insert(key);
    }
  }
  return out;
}

// 1 article text, 0 boilerplate, -1 no label.
int GoldLabel(const std::unordered_set<std::string>& gold, std::string_view block) {
  const std::vector<std::string> t = WordTokens(block);
  if (t.empty()) return -1;
  if (t.size() < 4) {
    std::string key = t[0];
    for (std::size_t j = 1; j < t.size(); ++j) key += ' ' + t[j];
    return gold.count(key) != 0 ? 1 : 0;
  }
  std::size_t hit = 0, all = 0;
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    const std::string key = t[i] + ' ' + t[i + 1] + ' ' + t[i + 2] + ' ' + t[i + 3];
    hit += gold.count(key);
    ++all;
  }
  return hit * 2 >= all ? 1 : 0;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

int SnippetLabel(const SetPage& page, std::string_view block) {
  const std::string b = Collapse(block);
  for (const std::string& w : page.with) {
    const std::string s = Collapse(w);
    if (!s.empty() && b.find(s) != std::string::npos) return 1;
  }
  for (const std::string& w : page.without) {
    const std::string s = Collapse(w);
    if (!s.empty() && b.find(s) != std::string::npos) return 0;
  }
  return -1;
}

struct TrainPage {
  std::size_t set = 0;
  std::size_t page = 0;
  std::size_t first_row = 0;  // into the feature rows (every block, labelled or not)
  std::vector<std::string> texts;
  std::vector<char> rules;
  int fold = 0;  // for the cross-fitted probabilities
};

}  // namespace

Result<std::string> TrainBlockModel(const std::string& extraction_root, const BlockTrainingOptions& options,
                                    std::ostream* log) {
  const std::vector<std::string> dirs = ListExtractionSets(extraction_root);
  if (dirs.empty()) return Status(StatusCode::kNotFound, extraction_root + ": no extraction sets");
  std::vector<ExtractionSet> sets;
  std::vector<std::vector<double>> all_rows;  // every tuning block
  std::vector<TrainPage> pages;
  std::vector<std::vector<double>> rows;  // labelled blocks
  std::vector<int> labels;
  std::vector<int> row_fold;
  for (const std::string& dir : dirs) {
    Result<ExtractionSet> set = LoadExtractionSet(dir);
    if (!set.ok()) return set.status();
    std::size_t set_rows = 0, set_pages = 0, positives = 0;
    for (std::size_t i = 0; i < set->pages.size(); ++i) {
      const SetPage& p = set->pages[i];
      if (!p.tuning) continue;
      Result<std::string> bytes = ReadGzipFile(p.html_path);
      if (!bytes.ok()) continue;
      Result<std::string> utf8 = HtmlToUtf8(*bytes, "");
      Result<std::vector<HtmlBlockRow>> blocks = HtmlBlockRows(utf8.ok() ? std::string_view(*utf8) : *bytes);
      if (!blocks.ok()) continue;
      ++set_pages;
      TrainPage tp{sets.size(), i, all_rows.size(), {}, {}, DevHalfOf(p.id + "/fold") == DevHalf::kTuning ? 0 : 1};
      std::unordered_set<std::string> gold;
      if (set->metric == ExtractionMetric::kShingles) gold = NGrams(WordTokens(p.truth));
      for (HtmlBlockRow& b : *blocks) {
        const int label =
            set->metric == ExtractionMetric::kShingles ? GoldLabel(gold, b.text) : SnippetLabel(p, b.text);
        if (label >= 0) {
          rows.push_back(b.features);
          labels.push_back(label);
          row_fold.push_back(tp.fold);
          positives += label;
          ++set_rows;
        }
        all_rows.push_back(std::move(b.features));
        tp.texts.push_back(std::move(b.text));
        tp.rules.push_back(b.kept_by_rules ? 1 : 0);
      }
      pages.push_back(std::move(tp));
    }
    if (log) {
      *log << set->name << ": " << set_pages << " tuning pages, " << set_rows << " labelled blocks (" << positives
           << " article text)\n";
    }
    sets.push_back(std::move(*set));
  }
  if (rows.empty()) return Status(StatusCode::kNotFound, extraction_root + ": no labelled blocks in the tuning halves");
  const BoostedTrees trees = BoostedTrees::Fit(rows, labels, options.trees);
  // The thresholds are chosen on probabilities from models that did not see
  // the page (two folds of the tuning pages), so that they are not fitted to
  // the trees' own training error.
  std::vector<double> prob(all_rows.size());
  for (int fold = 0; fold < 2; ++fold) {
    std::vector<std::vector<double>> fold_rows;
    std::vector<int> fold_labels;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (row_fold[r] == fold) continue;
      fold_rows.push_back(rows[r]);
      fold_labels.push_back(labels[r]);
    }
    const BoostedTrees held = BoostedTrees::Fit(fold_rows, fold_labels, options.trees);
    for (const TrainPage& tp : pages) {
      if (tp.fold != fold) continue;
      for (std::size_t k = 0; k < tp.texts.size(); ++k) prob[tp.first_row + k] = held.Probability(all_rows[tp.first_row + k]);
    }
  }

  auto scores_at = [&](double keep_in, double add_out) {
    std::vector<double> f1(sets.size());
    std::vector<std::vector<PageScore>> scores(sets.size());
    for (std::size_t s = 0; s < sets.size(); ++s) scores[s].resize(sets[s].pages.size());
    for (const TrainPage& tp : pages) {
      std::string text;
      for (std::size_t k = 0; k < tp.texts.size(); ++k) {
        const double p = prob[tp.first_row + k];
        if (tp.rules[k] ? p < keep_in : p < add_out) continue;
        if (!text.empty()) text += "\n\n";
        text += tp.texts[k];
      }
      scores[tp.set][tp.page] = ScoreSetPage(sets[tp.set], sets[tp.set].pages[tp.page], text);
    }
    for (std::size_t s = 0; s < sets.size(); ++s) f1[s] = AggregateHalf(sets[s], scores[s], DevHalf::kTuning).f1;
    return f1;
  };
  auto mean = [](const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m += x;
    return v.empty() ? 0.0 : m / static_cast<double>(v.size());
  };
  // The rules alone: nothing dropped, nothing added.
  const std::vector<double> rules = scores_at(0.0, 1.01);
  double best_in = 0.0, best_out = 1.01, best_mean = mean(rules);
  if (log) {
    char line[96];
    std::snprintf(line, sizeof(line), "rules alone: mean tuning F1 over %zu sets %.4f\n", sets.size(), best_mean);
    *log << line;
  }
  for (double keep_in : {0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}) {
    for (double add_out : {0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01}) {
      const std::vector<double> f1 = scores_at(keep_in, add_out);
      // A choice may not make any set worse on its tuning half (the
      // project's rule for keeping a change, applied where we may look).
      bool ok = true;
      for (std::size_t s = 0; s < sets.size(); ++s) ok = ok && f1[s] >= rules[s] - 1e-9;
      const double m = mean(f1);
      if (log) {
        char line[128];
        std::snprintf(line, sizeof(line), "keep_in %.2f add_out %.2f: mean tuning F1 %.4f%s\n", keep_in, add_out, m,
                      ok ? "" : " (a set gets worse)");
        *log << line;
        for (std::size_t s = 0; s < sets.size(); ++s) {
          std::snprintf(line, sizeof(line), "    %-24s %+.4f\n", sets[s].name.c_str(), f1[s] - rules[s]);
          *log << line;
        }
      }
      if (ok && m > best_mean + 1e-12) {
        best_mean = m;
        best_in = keep_in;
        best_out = add_out;
      }
    }
  }
  if (log) {
    const std::vector<double> f1 = scores_at(best_in, best_out);
    char line[96];
    std::snprintf(line, sizeof(line), "chosen: keep_in %.2f add_out %.2f\n", best_in, best_out);
    *log << line;
    for (std::size_t s = 0; s < sets.size(); ++s) {
      std::snprintf(line, sizeof(line), "  %-24s tuning F1 rules %.4f -> %.4f\n", sets[s].name.c_str(), rules[s], f1[s]);
      *log << line;
    }
  }
  return BlockModelText(trees.Serialise(), best_in, best_out);
}

}  // namespace parallax
