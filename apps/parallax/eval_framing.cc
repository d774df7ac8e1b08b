// parallax eval framing: the words and phrases that set apart the left,
// centre and right outlets of the AllSides roundups (eval/cluster_data.h)
// over all stories, by the weighted log-odds of analyze/framing.h: each
// stance against the others pooled, prior from all stances pooled. Also how
// often framing finds something per story, as `analyze` does.

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyze/framing.h"
#include "clean/cleaner.h"
#include "commands.h"
#include "eval/cluster_data.h"

namespace parallax::cli {
namespace {

// The loader names articles "allsides-<story id>-<stance>".
std::string StanceOf(const std::string& id) {
  const std::size_t dash = id.rfind('-');
  return dash == std::string::npos ? id : id.substr(dash + 1);
}

struct PerStory {
  std::size_t stories = 0;           // stories with two or more outlets
  std::size_t outlets = 0;           // outlets in them
  std::size_t outlets_with_terms = 0;
  std::size_t terms = 0;
};

}  // namespace

void RegisterEvalFraming(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::size_t top = 20;
    int min_count = 5;
    double prior_weight = FramingOptions{}.prior_weight;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "framing", "Distinctive words of left, centre and right outlets on the AllSides roundups (weighted log-odds, z)");
  cmd->add_option("--data", o->data_root, "Folder holding summarization/allsides-roundups")->capture_default_str();
  cmd->add_option("--top", o->top, "Terms listed per stance")->check(CLI::Range(1, 1000))->capture_default_str();
  cmd->add_option("--min-count", o->min_count, "Uses a term needs in a stance over the corpus")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--prior-weight", o->prior_weight, "Prior pseudo-count total as a fraction of the compared counts")
      ->check(CLI::Range(0.001, 1000.0))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    auto loaded = LoadAllSidesStories(o->data_root, &errors);
    if (!loaded.ok()) {
      PrintErrors(errors);
      std::cerr << "parallax: allsides: " << loaded.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    std::vector<Article> articles;
    std::vector<std::string> story_of;
    for (LabeledArticle& la : *loaded) {
      story_of.push_back(la.event_key);
      articles.push_back(std::move(la.article));
    }
    CleanCorpus(&articles);

    // Corpus counts per stance.
    std::map<std::string, TermCounts> stance_counts;
    std::map<std::string, std::size_t> stance_articles;
    for (const Article& a : articles) {
      TermCounts& c = stance_counts[StanceOf(a.id)];
      ++stance_articles[StanceOf(a.id)];
      if (!a.title.empty()) CountFramingTerms(a.title, true, &c);
      CountFramingTerms(a.text, true, &c);
    }
    TermCounts pooled;
    for (const auto& [s, c] : stance_counts) AddCounts(c, &pooled);
    FramingOptions fo;
    fo.max_terms = o->top;
    fo.min_count = o->min_count;
    fo.prior_weight = o->prior_weight;
    std::map<std::string, std::vector<FramingTerm>> distinctive;
    for (const auto& [s, c] : stance_counts) {
      TermCounts rest;
      for (const auto& [t, other] : stance_counts) {
        if (t != s) AddCounts(other, &rest);
      }
      distinctive[s] = DistinctiveTerms(c, rest, pooled, fo);
    }

    // Per story, as `analyze` reports it (outlet = source).
    PerStory per;
    std::map<std::string, std::vector<const Article*>> stories;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      if (!articles[i].text.empty()) stories[story_of[i]].push_back(&articles[i]);
    }
    for (const auto& [key, members] : stories) {
      std::vector<OutletFraming> f = FramingByOutlet(members);
      if (f.empty()) continue;
      ++per.stories;
      for (const OutletFraming& of : f) {
        ++per.outlets;
        const auto significant = static_cast<std::size_t>(
            std::count_if(of.terms.begin(), of.terms.end(), [](const FramingTerm& t) { return t.significant; }));
        per.outlets_with_terms += significant > 0;
        per.terms += significant;
      }
    }

    PrintErrors(errors);
    if (o->json) {
      nlohmann::ordered_json j;
      j["dataset"] = "allsides";
      j["stories"] = stories.size();
      for (const auto& [s, terms] : distinctive) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const FramingTerm& t : terms) list.push_back({{"term", t.term}, {"z", t.z}, {"count", t.count}});
        j["stances"][s] = {{"articles", stance_articles[s]}, {"terms", list}};
      }
      j["per_story"] = {{"stories", per.stories},
                        {"outlets", per.outlets},
                        {"outlets_with_terms", per.outlets_with_terms},
                        {"terms", per.terms}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf("AllSides roundups: %zu stories; distinctive terms per stance against the other stances pooled\n"
                  "(weighted log-odds, informative Dirichlet prior from all stances, prior weight %.2f, "
                  "count >= %d, z >= %.2f)\n\n",
                  stories.size(), o->prior_weight, o->min_count, fo.min_z);
      std::printf("| rank |");
      for (const auto& [s, terms] : distinctive) std::printf(" %s (%zu articles) |", s.c_str(), stance_articles[s]);
      std::printf("\n|---:|");
      for (std::size_t k = 0; k < distinctive.size(); ++k) std::printf("---|");
      std::printf("\n");
      std::size_t rows = 0;
      for (const auto& [s, terms] : distinctive) rows = std::max(rows, terms.size());
      for (std::size_t r = 0; r < rows; ++r) {
        std::printf("| %zu |", r + 1);
        for (const auto& [s, terms] : distinctive) {
          if (r < terms.size()) {
            std::printf(" %s (z %.1f, %d) |", terms[r].term.c_str(), terms[r].z, terms[r].count);
          } else {
            std::printf(" |");
          }
        }
        std::printf("\n");
      }
      std::printf("\nPer story (outlets of one story against each other, as `analyze` does): %zu stories with two "
                  "or more outlets, %zu outlets, %zu (%.1f%%) with at least one distinctive term, %.2f terms per "
                  "outlet.\n",
                  per.stories, per.outlets, per.outlets_with_terms,
                  per.outlets ? 100.0 * static_cast<double>(per.outlets_with_terms) / static_cast<double>(per.outlets)
                              : 0.0,
                  per.outlets ? static_cast<double>(per.terms) / static_cast<double>(per.outlets) : 0.0);
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
