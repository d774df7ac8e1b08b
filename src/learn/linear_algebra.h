// Dense linear algebra for our small learners: Newton steps of logistic
// regressions (the paraphrase and same-event models) and the word vectors'
// randomized SVD.
//
//   std::vector<double> x = SolveLinear(a, b);   // a: n x n row-major, b: n
//   JacobiEigen(&m, &v, k);                      // symmetric k x k
//   Orthonormalise(&y, rows, k);                 // columns of rows x k
//
// Contract: deterministic (the same inputs give the same bits); a singular
// pivot gives 0 for that unknown instead of dividing by zero. Matrices are
// std::vector<double>, row-major. Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <vector>

namespace parallax {

// Solves A x = b (n x n with n = b.size(), row-major) by Gaussian
// elimination with partial pivoting.
std::vector<double> SolveLinear(std::vector<double> a, std::vector<double> b);

// Eigen-decomposition of a symmetric k x k matrix by cyclic Jacobi
// rotations: m becomes diagonal (the eigenvalues), v holds the
// eigenvectors as columns.
void JacobiEigen(std::vector<double>* m, std::vector<double>* v, std::size_t k);

// Orthonormalises the k columns of y (rows x k, row-major) in place by
// Cholesky QR, twice for accuracy.
void Orthonormalise(std::vector<double>* y, std::size_t rows, std::size_t k);

}  // namespace parallax
