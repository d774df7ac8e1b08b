// parallax eval quotes: direct quotes and their speakers on PolNeAR.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "core/split.h"
#include "eval/polnear.h"

namespace parallax::cli {
namespace {

std::string Excerpt(const std::string& text, Span s) {
  std::string out = text.substr(s.begin, std::min<std::size_t>(s.size(), 160));
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return s.size() > 160 ? out + "..." : out;
}

// One line per miss, false alarm and wrong speaker, for error analysis.
void PrintDetails(const PolnearArticle& a, const std::vector<PredictedQuote>& predicted) {
  const QuoteEvalOptions options;
  for (const GoldQuote& g : a.quotes) {
    double best = 0;
    const PredictedQuote* bp = nullptr;
    for (const PredictedQuote& p : predicted) {
      const double c = GoldWordCoverage(a.text, g.span, p.span);
      if (c > best) { best = c; bp = &p; }
    }
    if (bp == nullptr || best < 0.5) {
      std::printf("MISS  %s | %s | \"%s\"\n", a.id.c_str(), g.speaker.c_str(), Excerpt(a.text, g.span).c_str());
      continue;
    }
    const SourceKind kind = ClassifySource(g.speaker, a.text, g.source.begin);
    if (kind == SourceKind::kName && !SpeakerMatches(g.speaker, kind, bp->speaker)) {
      std::printf("SPKR  %s | gold %s | ours %s | \"%s\"\n", a.id.c_str(), g.speaker.c_str(),
                  bp->speaker.empty() ? "(none)" : bp->speaker.c_str(), Excerpt(a.text, g.span).c_str());
    }
  }
  for (const PredictedQuote& p : predicted) {
    if (QuoteWordCount(a.text, p.span) < options.min_words) continue;
    bool hit = false;
    for (const GoldQuote& g : a.quotes) hit = hit || GoldWordCoverage(a.text, g.span, p.span) >= 0.5;
    if (!hit) {
      std::printf("FALSE %s | ours %s | \"%s\"\n", a.id.c_str(), p.speaker.empty() ? "(none)" : p.speaker.c_str(),
                  Excerpt(a.text, p.span).c_str());
    }
  }
}

}  // namespace

void RegisterEvalQuotes(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string split = "dev";
    std::string half = "all";
    bool json = false;
    bool details = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "quotes", "Direct quotes and speakers on PolNeAR: quote precision/recall/F1 (exact, 50% overlap), speaker accuracy");
  cmd->add_option("--data", o->data_root, "Folder holding quotes/polnear/data/<split>/{text,attributions}")
      ->capture_default_str();
  cmd->add_option("--split", o->split, "PolNeAR split (dev; train also works; test is held out)")
      ->check(CLI::IsMember({"dev", "train", "test"}))
      ->capture_default_str();
  cmd->add_option("--half", o->half,
                  "Only the articles of one half of the split (core/split.h, by article id): tuning, validation, all")
      ->check(CLI::IsMember({"tuning", "validation", "all"}))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->add_flag("--details", o->details, "Also list every missed quote, false alarm and wrong speaker");
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    auto loaded = LoadPolnear(o->data_root + "/quotes/polnear", o->split, &errors);
    if (!loaded.ok()) {
      std::cerr << "parallax: " << loaded.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    PrintErrors(errors);
    QuoteScores s;
    for (const PolnearArticle& a : *loaded) {
      if (o->half != "all" && InTuningHalf(a.id) != (o->half == "tuning")) continue;
      std::size_t unmapped = 0;
      const std::vector<PredictedQuote> predicted = PredictQuotes(a, &unmapped);
      s.unmapped += unmapped;
      ScoreQuotes(a.text, a.quotes, predicted, &s);
      if (o->details && !o->json) PrintDetails(a, predicted);
    }
    if (o->json) {
      nlohmann::ordered_json j;
      j["split"] = o->split;
      j["half"] = o->half;
      j["articles"] = s.articles;
      j["gold_quotes"] = s.gold;
      j["predicted_quotes"] = s.predicted;
      j["unmapped_predictions"] = s.unmapped;
      j["exact"] = {{"matched", s.exact},
                    {"precision", s.ExactPrecision()},
                    {"recall", s.ExactRecall()},
                    {"f1", s.ExactF1()}};
      j["overlap50"] = {{"matched", s.overlap},
                        {"precision", s.OverlapPrecision()},
                        {"recall", s.OverlapRecall()},
                        {"f1", s.OverlapF1()}};
      j["speaker"] = {{"judged", s.speaker_pairs},
                      {"correct", s.speaker_correct},
                      {"accuracy", s.SpeakerAccuracy()},
                      {"no_speaker_given", s.no_speaker},
                      {"description_judged", s.description_pairs},
                      {"description_correct", s.description_correct},
                      {"excluded_pronoun_source", s.pronoun_pairs},
                      {"excluded_no_source", s.no_source_pairs}};
      j["published"] = {{"gender_gap_tracker_quote_f1", 0.837},
                        {"gender_gap_tracker_speaker_accuracy", 0.865},
                        {"quootstrap_precision", 0.90}};
      std::cout << j.dump(2) << "\n";
    } else {
      std::printf("PolNeAR %s%s%s: %zu articles, %zu gold direct quotes, %zu predicted (%zu could not be placed)\n",
                  o->split.c_str(), o->half == "all" ? "" : ", ", o->half == "all" ? "" : (o->half + " half").c_str(),
                  s.articles, s.gold, s.predicted, s.unmapped);
      std::printf("  %-22s %8s %8s %8s %8s\n", "quotes", "P", "R", "F1", "matched");
      std::printf("  %-22s %8.3f %8.3f %8.3f %8zu\n", "exact span", s.ExactPrecision(), s.ExactRecall(), s.ExactF1(),
                  s.exact);
      std::printf("  %-22s %8.3f %8.3f %8.3f %8zu\n", ">=50% of gold words", s.OverlapPrecision(), s.OverlapRecall(),
                  s.OverlapF1(), s.overlap);
      std::printf("  speaker accuracy %.3f (%zu/%zu matched quotes whose gold source holds a name; we gave no "
                  "speaker for %zu)\n",
                  s.SpeakerAccuracy(), s.speaker_correct, s.speaker_pairs, s.no_speaker);
      std::printf("    not judged: %zu descriptive sources (containment alone agrees on %zu, a lower bound), %zu "
                  "pronoun sources (no gold coreference), %zu without source\n",
                  s.description_pairs, s.description_correct, s.pronoun_pairs, s.no_source_pairs);
      std::printf("Published (other data sets, for scale): Gender Gap Tracker quote F1 0.837, speaker accuracy 0.865; "
                  "Quootstrap precision 0.90.\nPolNeAR itself lists no model baselines (annotator agreement: "
                  "Krippendorff's alpha 75.4%%, attribution-wise 92.3%%).\n");
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
