// The same-event model's file format and its probability (cluster.h).

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <sstream>

#include "cluster/cluster.h"
#include "core/file.h"

namespace parallax {

const char* const kPairFeatureNames[SameEventModel::kFeatures] = {
    "cosine", "log_cosine", "names", "title", "cosine_ratio", "lead", "numbers", "dated", "log_day_gap", "damped_cosine",
    "log_words", "numbers_min"};

double SameEventModel::Probability(const float* features) const {
  double z = bias;
  for (std::size_t k = 0; k < kFeatures; ++k) z += weights[k] * features[k];
  return 1.0 / (1.0 + std::exp(-z));
}

namespace {

std::string Exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string SameEventModel::Serialise() const {
  std::string out = "# Parallax same-event model (docs/clustering.md): logistic regression over pair features\n";
  out += "features";
  for (const char* name : kPairFeatureNames) {
    out += ' ';
    out += name;
  }
  out += "\nweights";
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive)
  // on "literal" + std::string temporaries here.
  for (double w : weights) {
    out += ' ';
    out += Exact(w);
  }
  out += "\nbias ";
  out += Exact(bias);
  out += "\nthreshold ";
  out += Exact(threshold);
  out += "\ntrained_on ";
  out += trained_on;
  out += '\n';
  return out;
}

Result<SameEventModel> SameEventModel::Parse(std::string_view text, const std::string& origin) {
  SameEventModel m;
  bool seen_features = false, seen_weights = false, seen_bias = false, seen_threshold = false;
  std::istringstream in{std::string(text)};
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    auto fail = [&](const std::string& what) {
      return InvalidInput(origin + ":" + std::to_string(number) + ": " + what);
    };
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "features") {
      for (const char* name : kPairFeatureNames) {
        std::string got;
        if (!(fields >> got) || got != name) return fail(std::string("expected feature '") + name + "'");
      }
      std::string extra;
      if (fields >> extra) return fail("unknown feature '" + extra + "'");
      seen_features = true;
    } else if (key == "weights") {
      for (double& w : m.weights) {
        if (!(fields >> w) || !std::isfinite(w)) return fail("expected " + std::to_string(kFeatures) + " weights");
      }
      std::string extra;
      if (fields >> extra) return fail("more weights than features");
      seen_weights = true;
    } else if (key == "bias" || key == "threshold") {
      double v;
      if (!(fields >> v) || !std::isfinite(v)) return fail("expected a number after " + key);
      if (key == "bias") {
        m.bias = v;
        seen_bias = true;
      } else {
        if (v <= 0 || v >= 1) return fail("threshold must be between 0 and 1");
        m.threshold = v;
        seen_threshold = true;
      }
    } else if (key == "trained_on") {
      m.trained_on = line.size() > key.size() + 1 ? line.substr(key.size() + 1) : "";
    } else {
      return fail("unknown line '" + key + "'");
    }
  }
  if (!seen_features || !seen_weights || !seen_bias || !seen_threshold) {
    return InvalidInput(origin + ": truncated same-event model (needs features, weights, bias and threshold)");
  }
  return m;
}

std::string DefaultSameEventModelPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_SAME_EVENT_MODEL", "same-event.model", models);
}

Result<SameEventModel> LoadSameEventModel(const std::string& path) {
  auto text = DefaultFileSystem().ReadFile(path, 1 << 20);
  if (!text.ok()) return text.status();
  return SameEventModel::Parse(*text, path);
}

std::shared_ptr<const SameEventModel> DefaultSameEventModel(std::string* why) {
  return LoadModelOnce<SameEventModel>(
      "PARALLAX_SAME_EVENT_MODEL", [] { return LoadSameEventModel(DefaultSameEventModelPath()); }, why);
}

}  // namespace parallax
