// Dense linear algebra for the paraphrase model's training and the word
// vectors' SVD (declared in analyze/paraphrase_internal.h).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "analyze/paraphrase_internal.h"

namespace parallax::paraphrase_detail {

// Solves A x = b (n x n, row-major) by Gaussian elimination with partial
// pivoting. A and b are overwritten.
std::vector<double> Solve(std::vector<double> a, std::vector<double> b, std::size_t n) {
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[p * n + c])) p = r;
    }
    if (p != c) {
      for (std::size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[p * n + k]);
      std::swap(b[c], b[p]);
    }
    const double d = a[c * n + c];
    if (std::fabs(d) < 1e-300) continue;
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / d;
      if (f == 0) continue;
      for (std::size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n, 0.0);
  for (std::size_t c = n; c-- > 0;) {
    double s = b[c];
    for (std::size_t k = c + 1; k < n; ++k) s -= a[c * n + k] * x[k];
    x[c] = std::fabs(a[c * n + c]) < 1e-300 ? 0.0 : s / a[c * n + c];
  }
  return x;
}

// Eigen-decomposition of a symmetric k x k matrix by cyclic Jacobi
// rotations: m becomes diagonal (the eigenvalues), v holds the
// eigenvectors as columns.
void JacobiEigen(std::vector<double>* m, std::vector<double>* v, std::size_t k) {
  std::vector<double>& a = *m;
  v->assign(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) (*v)[i * k + i] = 1.0;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0;
    for (std::size_t p = 0; p < k; ++p) {
      for (std::size_t q = p + 1; q < k; ++q) off += a[p * k + q] * a[p * k + q];
    }
    if (off < 1e-22) break;
    for (std::size_t p = 0; p < k; ++p) {
      for (std::size_t q = p + 1; q < k; ++q) {
        const double apq = a[p * k + q];
        if (std::fabs(apq) < 1e-300) continue;
        const double theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t r = 0; r < k; ++r) {
          const double arp = a[r * k + p], arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (std::size_t r = 0; r < k; ++r) {
          const double apr = a[p * k + r], aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (std::size_t r = 0; r < k; ++r) {
          const double vrp = (*v)[r * k + p], vrq = (*v)[r * k + q];
          (*v)[r * k + p] = c * vrp - s * vrq;
          (*v)[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
}

// Orthonormalises the k columns of y (rows x k, row-major) in place by
// Cholesky QR, twice for accuracy.
void Orthonormalise(std::vector<double>* y, std::size_t rows, std::size_t k) {
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> g(k * k, 0.0);
    for (std::size_t i = 0; i < rows; ++i) {
      const double* r = &(*y)[i * k];
      for (std::size_t p = 0; p < k; ++p) {
        for (std::size_t q = p; q < k; ++q) g[p * k + q] += r[p] * r[q];
      }
    }
    double trace = 0;
    for (std::size_t p = 0; p < k; ++p) trace += g[p * k + p];
    // Cholesky G = R^T R (upper R).
    std::vector<double> rr(k * k, 0.0);
    for (std::size_t p = 0; p < k; ++p) {
      double d = g[p * k + p] + 1e-12 * trace;
      for (std::size_t t = 0; t < p; ++t) d -= rr[t * k + p] * rr[t * k + p];
      d = std::sqrt(std::max(d, 1e-300));
      rr[p * k + p] = d;
      for (std::size_t q = p + 1; q < k; ++q) {
        double s = g[p * k + q];
        for (std::size_t t = 0; t < p; ++t) s -= rr[t * k + p] * rr[t * k + q];
        rr[p * k + q] = s / d;
      }
    }
    // Q = Y R^-1: each row solves x R = y.
    for (std::size_t i = 0; i < rows; ++i) {
      double* r = &(*y)[i * k];
      for (std::size_t q = 0; q < k; ++q) {
        double s = r[q];
        for (std::size_t t = 0; t < q; ++t) s -= r[t] * rr[t * k + q];
        r[q] = s / rr[q * k + q];
      }
    }
  }
}

}  // namespace parallax::paraphrase_detail
