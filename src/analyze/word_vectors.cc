// WordVectors (analyze/word_vectors.h): learning from bulk text, the
// vector file's format, loading.
#include "analyze/word_vectors.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyze/paraphrase_internal.h"
#include "core/file.h"
#include "core/parallel.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax {
namespace {

using paraphrase_detail::JacobiEigen;
using paraphrase_detail::kSifA;
using paraphrase_detail::Lower;
using paraphrase_detail::Orthonormalise;

double Sign(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = seed ^ (a * 0x9e3779b97f4a7c15ULL) ^ (b + 0x632be59bd9b4e019ULL);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (x & 1) ? 1.0 : -1.0;
}

constexpr char kMagic[] = "PXWVEC1\n";

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
bool Get(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

}  // namespace

// ------------------------------------------------------------ WordVectors

void WordVectors::Index() {
  index_.clear();
  index_.reserve(words_.size() * 2);
  for (std::uint32_t i = 0; i < words_.size(); ++i) index_.emplace(words_[i], i);
}

const float* WordVectors::Find(std::string_view lower) const {
  auto it = index_.find(lower);
  return it == index_.end() ? nullptr : &vectors_[static_cast<std::size_t>(it->second) * dims_];
}

double WordVectors::Probability(std::string_view lower) const {
  if (total_count_ == 0) return 0;
  auto it = index_.find(lower);
  const double c = it == index_.end() ? 1.0 : counts_[it->second];
  return c / static_cast<double>(total_count_);
}

double WordVectors::Idf(std::string_view lower) const {
  if (documents_ == 0) return 1.0;
  auto it = index_.find(lower);
  const double df = it == index_.end() ? 1.0 : std::max<double>(1.0, dfs_[it->second]);
  return std::log((static_cast<double>(documents_) + 1.0) / df);
}

WordVectors WordVectors::Learn(const std::vector<std::string>& texts, const LearnOptions& options,
                               const std::function<void(const std::string&)>& log) {
  const unsigned threads = ResolveThreads(options.threads);
  constexpr std::uint32_t kBoundary = 0xffffffffu;
  // 1. Token stream (lower-case words and numbers; sentence punctuation is a
  // boundary) and counts.
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::string> vocab;
  std::vector<std::uint64_t> counts, dfs;
  std::vector<std::uint32_t> stream;
  constexpr std::size_t kChunk = 8192;
  for (std::size_t start = 0; start < texts.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, texts.size() - start);
    std::vector<std::vector<std::string>> tokens(n);
    ParallelFor(n, threads, [&](std::size_t i) {
      std::string_view text = texts[start + i];
      for (const Token& t : Tokenize(text)) {
        std::string_view w = text.substr(t.span.begin, t.span.size());
        if (t.kind == TokenKind::kPunct) {
          if (w == "." || w == "!" || w == "?" || w == ";") tokens[i].emplace_back();
          continue;
        }
        tokens[i].push_back(Lower(w));
      }
    });
    for (auto& doc : tokens) {
      std::vector<std::uint32_t> seen;
      for (std::string& w : doc) {
        if (w.empty()) {
          if (!stream.empty() && stream.back() != kBoundary) stream.push_back(kBoundary);
          continue;
        }
        auto [it, inserted] = ids.emplace(std::move(w), static_cast<std::uint32_t>(vocab.size()));
        if (inserted) {
          vocab.push_back(it->first);
          counts.push_back(0);
          dfs.push_back(0);
        }
        ++counts[it->second];
        seen.push_back(it->second);
        stream.push_back(it->second);
      }
      if (!stream.empty() && stream.back() != kBoundary) stream.push_back(kBoundary);
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (std::uint32_t id : seen) ++dfs[id];
    }
    if (log && (start / kChunk) % 10 == 0) {
      log("read " + std::to_string(start + n) + " texts, " + std::to_string(stream.size()) + " tokens");
    }
  }
  std::uint64_t total = 0;
  for (auto c : counts) total += c;

  // 2. Rows: the most frequent words; columns: the most frequent contexts.
  std::vector<std::uint32_t> order(vocab.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : vocab[a] < vocab[b];
  });
  const std::size_t rows = std::min(options.vocabulary, order.size());
  const std::size_t cols = std::min(options.contexts, order.size());
  std::vector<std::int32_t> row_of(vocab.size(), -1), col_of(vocab.size(), -1);
  for (std::size_t r = 0; r < rows; ++r) row_of[order[r]] = static_cast<std::int32_t>(r);
  for (std::size_t c = 0; c < cols; ++c) col_of[order[c]] = static_cast<std::int32_t>(c);
  if (log) log(std::to_string(total) + " tokens, " + std::to_string(vocab.size()) + " distinct; " +
               std::to_string(rows) + " words x " + std::to_string(cols) + " contexts");

  // 3. Co-occurrences weighted 1/distance within a sentence.
  std::vector<float> m(rows * cols, 0.0f);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const std::uint32_t id = stream[i];
    if (id == kBoundary || row_of[id] < 0) continue;
    float* row = &m[static_cast<std::size_t>(row_of[id]) * cols];
    for (int d = 1; d <= options.window; ++d) {
      if (i < static_cast<std::size_t>(d)) break;
      const std::uint32_t c = stream[i - d];
      if (c == kBoundary) break;
      if (col_of[c] >= 0) row[col_of[c]] += 1.0f / d;
    }
    for (int d = 1; d <= options.window; ++d) {
      if (i + d >= stream.size()) break;
      const std::uint32_t c = stream[i + d];
      if (c == kBoundary) break;
      if (col_of[c] >= 0) row[col_of[c]] += 1.0f / d;
    }
  }
  // 4. Positive PMI with smoothed context distribution.
  {
    std::vector<double> row_total(rows, 0.0), col_total(cols, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        row_total[r] += m[r * cols + c];
        col_total[c] += m[r * cols + c];
      }
    }
    double smoothed = 0;
    for (double c : col_total) smoothed += std::pow(c, 0.75);
    std::vector<double> col_p(cols);
    for (std::size_t c = 0; c < cols; ++c) col_p[c] = std::pow(col_total[c], 0.75) / smoothed;
    ParallelFor(rows, threads, [&](std::size_t r) {
      for (std::size_t c = 0; c < cols; ++c) {
        float& x = m[r * cols + c];
        if (x <= 0 || row_total[r] <= 0) {
          x = 0;
          continue;
        }
        const double pmi = std::log((x / row_total[r]) / col_p[c]);
        x = pmi > 0 ? static_cast<float>(pmi) : 0.0f;
      }
    });
  }
  // 5. Randomized truncated SVD (Halko, Martinsson & Tropp 2011).
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(options.dimensions) + 20, std::min(rows, cols));
  auto times = [&](const std::vector<double>& omega) {  // A (rows x cols) * omega (cols x k)
    std::vector<double> y(rows * k, 0.0);
    ParallelFor(rows, threads, [&](std::size_t r) {
      double* out = &y[r * k];
      const float* a = &m[r * cols];
      for (std::size_t c = 0; c < cols; ++c) {
        if (a[c] == 0) continue;
        const double* o = &omega[c * k];
        for (std::size_t j = 0; j < k; ++j) out[j] += a[c] * o[j];
      }
    });
    return y;
  };
  auto transpose_times = [&](const std::vector<double>& q) {  // A^T (cols x rows) * q (rows x k)
    const std::size_t parts = threads;
    std::vector<std::vector<double>> partial(parts, std::vector<double>(cols * k, 0.0));
    ParallelFor(parts, threads, [&](std::size_t p) {
      std::vector<double>& z = partial[p];
      for (std::size_t r = p; r < rows; r += parts) {
        const float* a = &m[r * cols];
        const double* qr = &q[r * k];
        for (std::size_t c = 0; c < cols; ++c) {
          if (a[c] == 0) continue;
          double* zc = &z[c * k];
          for (std::size_t j = 0; j < k; ++j) zc[j] += a[c] * qr[j];
        }
      }
    });
    for (std::size_t p = 1; p < parts; ++p) {
      for (std::size_t i = 0; i < cols * k; ++i) partial[0][i] += partial[p][i];
    }
    return std::move(partial[0]);
  };
  std::vector<double> omega(cols * k);
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t j = 0; j < k; ++j) omega[c * k + j] = Sign(options.seed, c, j);
  }
  std::vector<double> q = times(omega);
  Orthonormalise(&q, rows, k);
  for (int it = 0; it < options.power_iterations; ++it) {
    if (log) log("power iteration " + std::to_string(it + 1));
    std::vector<double> z = transpose_times(q);
    Orthonormalise(&z, cols, k);
    q = times(z);
    Orthonormalise(&q, rows, k);
  }
  std::vector<double> z = transpose_times(q);  // B^T = A^T Q, cols x k
  std::vector<double> bbt(k * k, 0.0);         // B B^T = Z^T Z
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t p = 0; p < k; ++p) {
      for (std::size_t s = 0; s < k; ++s) bbt[p * k + s] += z[c * k + p] * z[c * k + s];
    }
  }
  std::vector<double> w;
  JacobiEigen(&bbt, &w, k);
  std::vector<std::size_t> by_value(k);
  for (std::size_t i = 0; i < k; ++i) by_value[i] = i;
  std::sort(by_value.begin(), by_value.end(), [&](std::size_t a, std::size_t b) { return bbt[a * k + a] > bbt[b * k + b]; });

  WordVectors out;
  out.dims_ = options.dimensions;
  out.total_count_ = total;
  out.documents_ = texts.size();
  const std::size_t dims = static_cast<std::size_t>(options.dimensions);
  // Rows in spelling order, so the file is stable.
  std::vector<std::uint32_t> kept(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(rows));
  std::sort(kept.begin(), kept.end(), [&](std::uint32_t a, std::uint32_t b) { return vocab[a] < vocab[b]; });
  out.vectors_.assign(rows * dims, 0.0f);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint32_t id = kept[i];
    const std::size_t r = static_cast<std::size_t>(row_of[id]);
    out.words_.push_back(vocab[id]);
    out.counts_.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(counts[id], 0xffffffffu)));
    out.dfs_.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(dfs[id], 0xffffffffu)));
    double norm = 0;
    for (std::size_t d = 0; d < dims; ++d) {
      const std::size_t e = by_value[d];
      double u = 0;
      for (std::size_t j = 0; j < k; ++j) u += q[r * k + j] * w[j * k + e];
      // U * Sigma^0.5 (Sigma = sqrt of the eigenvalue).
      u *= std::pow(std::max(bbt[e * k + e], 0.0), 0.25);
      out.vectors_[i * dims + d] = static_cast<float>(u);
      norm += u * u;
    }
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (std::size_t d = 0; d < dims; ++d) out.vectors_[i * dims + d] = static_cast<float>(out.vectors_[i * dims + d] / norm);
    }
  }
  out.Index();
  // 6. Common direction of SIF sentence vectors (uncentred, first
  // principal component by power iteration).
  {
    std::vector<double> cov(dims * dims, 0.0);
    std::vector<double> sv(dims);
    std::size_t sentences = 0;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= stream.size() && sentences < 200000; ++i) {
      if (i < stream.size() && stream[i] != kBoundary) continue;
      if (i - begin >= 5) {
        std::fill(sv.begin(), sv.end(), 0.0);
        for (std::size_t t = begin; t < i; ++t) {
          const std::string& word = vocab[stream[t]];
          const float* v = out.Find(word);
          if (v == nullptr) continue;
          const double a = kSifA / (kSifA + out.Probability(word));
          for (std::size_t d = 0; d < dims; ++d) sv[d] += a * v[d];
        }
        for (std::size_t p = 0; p < dims; ++p) {
          for (std::size_t s = 0; s < dims; ++s) cov[p * dims + s] += sv[p] * sv[s];
        }
        ++sentences;
      }
      begin = i + 1;
    }
    std::vector<double> u(dims, 1.0 / std::sqrt(static_cast<double>(dims)));
    for (int it = 0; it < 100; ++it) {
      std::vector<double> nu(dims, 0.0);
      for (std::size_t p = 0; p < dims; ++p) {
        for (std::size_t s = 0; s < dims; ++s) nu[p] += cov[p * dims + s] * u[s];
      }
      double norm = 0;
      for (double x : nu) norm += x * x;
      norm = std::sqrt(norm);
      if (norm <= 0) break;
      for (std::size_t p = 0; p < dims; ++p) u[p] = nu[p] / norm;
    }
    out.common_.assign(u.begin(), u.end());
  }
  return out;
}

Status WordVectors::Save(const std::string& path) const {
  std::string out(kMagic);
  Put<std::uint32_t>(&out, static_cast<std::uint32_t>(dims_));
  Put<std::uint64_t>(&out, total_count_);
  Put<std::uint64_t>(&out, documents_);
  Put<std::uint32_t>(&out, static_cast<std::uint32_t>(words_.size()));
  for (std::size_t d = 0; d < static_cast<std::size_t>(dims_); ++d) Put<float>(&out, d < common_.size() ? common_[d] : 0.0f);
  for (std::size_t i = 0; i < words_.size(); ++i) {
    const std::size_t len = std::min<std::size_t>(words_[i].size(), 255);
    out.push_back(static_cast<char>(len));
    out.append(words_[i], 0, len);
    Put<std::uint32_t>(&out, counts_[i]);
    Put<std::uint32_t>(&out, dfs_[i]);
    for (int d = 0; d < dims_; ++d) {
      const float x = vectors_[i * static_cast<std::size_t>(dims_) + static_cast<std::size_t>(d)];
      out.push_back(static_cast<char>(static_cast<std::int8_t>(std::lround(std::clamp(x, -1.0f, 1.0f) * 127.0f))));
    }
  }
  std::ofstream f(path, std::ios::binary);
  if (!f) return {StatusCode::kPermissionDenied, path + ": cannot open for writing"};
  f.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!f) return {StatusCode::kInternal, path + ": write failed"};
  return Status::Ok();
}

Result<WordVectors> WordVectors::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(StatusCode::kNotFound, path + ": word vectors not found");
  std::ostringstream s;
  s << f.rdbuf();
  const std::string data = s.str();
  std::string_view in = data;
  auto bad = [&] { return Status(StatusCode::kInvalidInput, path + ": not a Parallax word-vector file"); };
  if (in.substr(0, sizeof kMagic - 1) != kMagic) return bad();
  in.remove_prefix(sizeof kMagic - 1);
  WordVectors v;
  std::uint32_t dims = 0, n = 0;
  if (!Get(&in, &dims) || !Get(&in, &v.total_count_) || !Get(&in, &v.documents_) || !Get(&in, &n)) return bad();
  if (dims == 0 || dims > 4096 || n > 10000000) return bad();
  v.dims_ = static_cast<int>(dims);
  v.common_.resize(dims);
  for (auto& x : v.common_) {
    if (!Get(&in, &x)) return bad();
  }
  v.words_.reserve(n);
  v.vectors_.resize(static_cast<std::size_t>(n) * dims);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint8_t len = 0;
    if (!Get(&in, &len) || in.size() < len) return bad();
    v.words_.emplace_back(in.substr(0, len));
    in.remove_prefix(len);
    std::uint32_t c = 0, df = 0;
    if (!Get(&in, &c) || !Get(&in, &df) || in.size() < dims) return bad();
    v.counts_.push_back(c);
    v.dfs_.push_back(df);
    float* row = &v.vectors_[static_cast<std::size_t>(i) * dims];
    double norm = 0;
    for (std::uint32_t d = 0; d < dims; ++d) {
      row[d] = static_cast<float>(static_cast<std::int8_t>(in[d])) / 127.0f;
      norm += static_cast<double>(row[d]) * row[d];
    }
    in.remove_prefix(dims);
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (std::uint32_t d = 0; d < dims; ++d) row[d] = static_cast<float>(row[d] / norm);
    }
  }
  if (!in.empty()) return bad();
  v.Index();
  return v;
}

}  // namespace parallax
