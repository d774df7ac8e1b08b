#pragma once
// ResponseCache (internal to src/serve): finished replies of read requests,
// kept per request (path and query) with the store revision they were made
// from, least recently used dropped first past a byte budget.
//
//   ResponseCache cache(64 << 20);
//   if (auto hit = cache.Get(key, revision)) send(*hit);
//   else { Reply r = render(); cache.Put(key, revision, r); send(r); }
//
// Contract: Get answers only a reply stored with the same revision (a reply
// of an older revision is a miss, and is replaced by the next Put). A reply
// larger than an eighth of the budget is not kept. max_bytes 0: nothing is
// kept. Thread-safe (one mutex; the work under it is a hash lookup and a
// list splice).

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "serve/handlers.h"

namespace parallax::serve_internal {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const Reply> Get(const std::string& key, std::int64_t revision);
  void Put(const std::string& key, std::int64_t revision, std::shared_ptr<const Reply> reply);

  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::int64_t revision;
    std::shared_ptr<const Reply> reply;
    std::size_t bytes;
  };
  void DropLocked(std::list<Entry>::iterator it);

  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

}  // namespace parallax::serve_internal
