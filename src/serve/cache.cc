#include "serve/cache.h"

namespace parallax::serve_internal {

namespace {
// What an entry costs besides its strings: list node, hash node, Reply.
constexpr std::size_t kOverhead = 160;
}  // namespace

std::shared_ptr<const Reply> ResponseCache::Get(const std::string& key, std::int64_t revision) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (it->second->revision != revision) {
    DropLocked(it->second);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->reply;
}

void ResponseCache::Put(const std::string& key, std::int64_t revision, std::shared_ptr<const Reply> reply) {
  const std::size_t size = 2 * key.size() + reply->body.size() + reply->content_type.size() +
                           reply->location.size() + kOverhead;
  if (size > max_bytes_ / 8) return;
  std::lock_guard<std::mutex> l(mu_);
  if (auto it = index_.find(key); it != index_.end()) DropLocked(it->second);
  lru_.push_front({key, revision, std::move(reply), size});
  index_.emplace(key, lru_.begin());
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) DropLocked(std::prev(lru_.end()));
}

void ResponseCache::DropLocked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

std::size_t ResponseCache::bytes() const {
  std::lock_guard<std::mutex> l(mu_);
  return bytes_;
}

std::size_t ResponseCache::entries() const {
  std::lock_guard<std::mutex> l(mu_);
  return lru_.size();
}

}  // namespace parallax::serve_internal
