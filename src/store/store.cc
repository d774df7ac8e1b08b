#include "store/store.h"

#include <ctime>

#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace parallax {

Result<std::unique_ptr<Store>> OpenStore(const std::string& path, const StoreOpenOptions& options) {
  if (store_internal::IsPostgresUri(path)) return store_internal::PgStore::Open(path, options);
  return store_internal::SqliteStore::Open(path, options);
}

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace parallax
