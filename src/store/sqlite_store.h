#pragma once
// SqliteStore: the SQLite backend of Store (internal to src/store; use
// OpenStore). Schema and guarantees: docs/store.md.

#include <memory>
#include <string>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace parallax::store_internal {

// Version of the schema this build writes; a store with a higher
// PRAGMA user_version is refused.
inline constexpr int kSchemaVersion = 8;
// PRAGMA application_id of a Parallax store ("PRLX").
inline constexpr std::int64_t kApplicationId = 0x50524C58;

// The articles columns that make an Article, for a SELECT list, and the
// Article read from them: columns [first, first + 9) of the current row.
// The text reads through parallax_text (kept plain or compressed).
inline constexpr const char* kArticleColumns =
    "id, source, url, title, published, path, from_html, parallax_text(text), removed";
Article ReadArticle(const Stmt& row, int first);

class SqliteStore : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOpenOptions& options);

  Result<StoreIngestSummary> Ingest(std::vector<Article> articles, std::vector<InputError> errors,
                                    const StoreIngestOptions& options) override;
  Result<std::vector<StoryListing>> ListStories(const StoryFilter& filter) override;
  Result<StoryView> GetStory(const std::string& id, const std::optional<std::string>& since) override;
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override;
  Result<Report> Export() override;

 private:
  SqliteStore(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {}
  void Initialise();  // the schema, in one transaction
  void Migrate(int from);
  StoreIngestSummary IngestBatch(std::vector<Article> articles, std::vector<InputError> errors,
                                 const StoreIngestOptions& options);
  // The stored articles with these ids, in that order (unknown ids are
  // skipped); per article also its row, and the row of its canonical copy
  // (0 when canonical) with the similarity to it.
  std::vector<Article> LoadArticles(const std::vector<std::string>& ids, std::vector<std::int64_t>* dup_of,
                                    std::vector<double>* similarity, std::vector<std::int64_t>* rowids);

  std::string path_;
  bool read_only_;
  SqliteDb db_;

 public:
  // Browse queries (sqlite_browse.cc).
  Result<StoryCardPage> ListStoryCards(const StoryCardQuery& query) override;
  Result<ArticleView> GetArticle(const std::string& id) override;
  Result<std::vector<EntityListing>> ListEntities(const std::string& prefix, std::size_t limit) override;
  Result<EntityView> GetEntity(const std::string& name) override;
  Result<std::vector<OutletListing>> ListOutlets() override;
  Result<OutletView> GetOutlet(const std::string& name) override;
  void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) override;
  std::optional<std::int64_t> Revision() override;  // the last batch's id

 private:
  // rows: n, title, articles, outlets, first, last, updated_at, report. The
  // decoded stories go to *stories when given.
  std::vector<StoryCard> CardsOf(Stmt& rows, std::vector<Story>* stories = nullptr);
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace parallax::store_internal
