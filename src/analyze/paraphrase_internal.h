// Helpers shared by the paraphrase model's files (paraphrase.cc,
// word_vectors.cc, word_weights.cc, linear_algebra.cc). Not a public
// interface: include it only from src/analyze.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/segment.h"

namespace parallax::paraphrase_detail {

// SIF weighting constant a in a / (a + p(word)) (Arora et al. 2017).
constexpr double kSifA = 1e-3;

inline bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

inline std::string Lower(std::string_view s) {
  if (!IsAscii(s)) return ToLower(s);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

inline double Dot(const float* a, const float* b, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

// Solves A x = b (n x n, row-major) by Gaussian elimination with partial
// pivoting.
std::vector<double> Solve(std::vector<double> a, std::vector<double> b, std::size_t n);

// Eigen-decomposition of a symmetric k x k matrix by cyclic Jacobi
// rotations: m becomes diagonal (the eigenvalues), v holds the
// eigenvectors as columns.
void JacobiEigen(std::vector<double>* m, std::vector<double>* v, std::size_t k);

// Orthonormalises the k columns of y (rows x k, row-major) in place by
// Cholesky QR, twice for accuracy.
void Orthonormalise(std::vector<double>* y, std::size_t rows, std::size_t k);

// Reads lines one at a time, counting them for error messages.
class LineReader {
 public:
  explicit LineReader(std::string_view text, std::size_t first_line = 1) : text_(text), number_(first_line - 1) {}
  bool Next(std::string_view* line) {
    if (text_.empty()) return false;
    const std::size_t nl = text_.find('\n');
    *line = text_.substr(0, nl);
    text_.remove_prefix(nl == std::string_view::npos ? text_.size() : nl + 1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t number_ = 0;
};

}  // namespace parallax::paraphrase_detail
