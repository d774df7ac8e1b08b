#pragma once
// ParallelFor: runs fn(i) for i in [0, n) on up to `threads` threads.
//
// Work is handed out one index at a time from a shared counter, so uneven
// items (a 200-article story next to single-article ones) balance. fn must
// be safe to call concurrently for different i; results must be written to
// per-index slots, which keeps output identical for any thread count.
// threads == 0 means one per hardware thread. Exceptions thrown by fn are
// rethrown (the first one) after all threads have stopped.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace parallax {

inline unsigned ResolveThreads(unsigned threads) {
  if (threads != 0) return threads;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

template <typename Fn>
void ParallelFor(std::size_t n, unsigned threads, Fn&& fn) {
  const unsigned t = std::min<std::size_t>(ResolveThreads(threads), std::max<std::size_t>(n, 1));
  if (t <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto worker = [&] {
    for (;;) {
      std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        next.store(n);
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  for (unsigned k = 1; k < t; ++k) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace parallax
