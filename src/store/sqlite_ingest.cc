// SqliteStore::Ingest: one batch into the store, in one transaction.
//
// 1. clean the batch and apply the engine's text budgets; sort each input into unchanged (same id, same text),
//    updated (same id, new text) and fresh;
// 2. duplicates of fresh articles: candidates from the stored LSH bands and
//    exact text hashes (indexed lookups, not a scan), decided by dedup's
//    FindDuplicates over those candidates and the batch;
// 3. stories: the story index the last batch saved is loaded (or, when it
//    cannot be, rebuilt by replaying the stored order of addition, one
//    StoryIndex::Add per recorded group) and the fresh canonical articles
//    are added in one Add (as analyze clusters), or with by_day one
//    publication day at a time (as ClusterArticlesInDateOrder); the index
//    is saved again in the same transaction;
// 4. ids: each new story keeps the oldest stored id among its articles'
//    stories; a stored story that lost all its articles to another is
//    recorded as merged into it;
// 5. only stories whose articles or texts changed are re-analysed, with a
//    revision (digest) for `story --since`.

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>


#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "dedup/dedup.h"
#include "engine/budget.h"
#include "store/article_cache.h"
#include "store/assign.h"
#include "store/codec.h"
#include "store/sqlite_store.h"
#include "store/store_common.h"

namespace parallax::store_internal {

namespace {

// The story index's state (table cluster_state, docs/store.md): part 0
// holds, per index position, the article row and its story (8 + 8 bytes);
// parts 1... hold StoryIndex::Save's bytes in pieces of at most kStatePart
// bytes (an SQLite value holds at most a billion bytes). Both are stored
// zstd-compressed at level 1 (11.1 MB -> about 7 MB for 10,000 articles,
// tens of milliseconds).
constexpr std::size_t kStatePart = std::size_t{256} << 20;

void PutInt64(std::string* out, std::int64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out->append(b, 8);
}

void SaveClusterState(SqliteDb& db, std::int64_t batch, const StoryIndex& index, const std::vector<std::int64_t>& rows,
                      const std::vector<std::int64_t>& stories) {
  db.Exec("DELETE FROM cluster_state");
  Stmt put = db.Prepare("INSERT INTO cluster_state(part, batch, data) VALUES(?1, ?2, ?3)");
  std::string map;
  map.reserve(rows.size() * 16);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    PutInt64(&map, rows[i]);
    PutInt64(&map, stories[i]);
  }
  put.Bind(1, std::int64_t{0}).Bind(2, batch).BindBlob(3, ZstdCompress(map)).Step();
  map = {};
  const std::string bytes = ZstdCompress(index.Save());
  std::int64_t part = 1;
  for (std::size_t at = 0; at < bytes.size() || part == 1; at += kStatePart, ++part) {
    put.Reset();
    put.Bind(1, part).Bind(2, batch).BindBlob(3, std::string_view(bytes).substr(at, kStatePart)).Step();
  }
}

// Loads the state saved by batch `last_batch` into *index, *rows and
// *stories; false (outputs empty, index untouched) when there is none, it
// is from another batch (a store written before cluster_state existed,
// or by a build that did not save it), or it does not load (damaged, or
// saved under other cluster options).
bool LoadClusterState(SqliteDb& db, std::int64_t last_batch, StoryIndex* index, std::vector<std::int64_t>* rows,
                      std::vector<std::optional<std::int64_t>>* stories) {
  Stmt q = db.Prepare("SELECT part, batch, data FROM cluster_state ORDER BY part");
  std::string packed_map, packed;
  std::int64_t expect = 0;
  while (q.Step()) {
    if (q.Int(0) != expect++ || q.Int(1) != last_batch) return false;
    if (q.Int(0) == 0) packed_map = q.Blob(2);
    else packed += q.Blob(2);
  }
  q.Reset();
  std::string map, bytes;
  if (expect < 2 || !ZstdDecompress(packed_map, &map) || map.size() % 16 != 0 || !ZstdDecompress(packed, &bytes)) return false;
  packed = {};
  const std::size_t n = map.size() / 16;
  if (!index->Load(bytes) || index->size() != n) return false;
  rows->resize(n);
  stories->assign(n, std::nullopt);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t row, story;
    std::memcpy(&row, map.data() + 16 * i, 8);
    std::memcpy(&story, map.data() + 16 * i + 8, 8);
    (*rows)[i] = row;
    if (story != 0) (*stories)[i] = story;
  }
  return true;
}

// An article text as the store keeps it (codec.h): zstd-compressed when
// that is smaller, else plain; read back through parallax_text.
void BindText(Stmt& st, int i, const std::string& text) {
  if (std::optional<std::string> packed = CompressText(text)) st.BindBlob(i, *packed);
  else st.Bind(i, text);
}

// Takes a story out of the story search and the entity names while its
// row still holds what was indexed (the search's content is the
// stories_text view of the live reports; story_entities has no index by
// story, so its rows are found by the old report's names): call before
// the story's report or merged_into changes.
class StoryUnindexer {
 public:
  explicit StoryUnindexer(SqliteDb& db)
      : old_(db.Prepare("SELECT title, report FROM stories WHERE n = ?1 AND merged_into IS NULL AND report IS NOT NULL")),
        fts_delete_(db.Prepare("INSERT INTO stories_fts(stories_fts, rowid, title, body) VALUES('delete', ?1, ?2, ?3)")),
        entity_delete_(db.Prepare("DELETE FROM story_entities WHERE name = ?1 AND story = ?2")) {}

  void Unindex(std::int64_t id) {
    old_.Reset();
    old_.Bind(1, id);
    if (!old_.Step()) return;  // not indexed (new, or merged)
    const std::string title = old_.Text(0);
    Result<Story> story = DecodeStory(old_.Blob(1));
    old_.Reset();
    if (!story.ok()) throw SqlError(SQLITE_CORRUPT, "story " + std::to_string(id) + ": damaged report");
    fts_delete_.Reset();
    fts_delete_.Bind(1, id).Bind(2, title).Bind(3, StorySearchBody(*story)).Step();
    for (const Entity& e : story->entities) {
      entity_delete_.Reset();
      entity_delete_.Bind(1, e.name).Bind(2, id).Step();
    }
  }

 private:
  Stmt old_, fts_delete_, entity_delete_;
};

void Rollback(SqliteDb& db) {
  try {
    db.Exec("ROLLBACK");
  } catch (...) {
  }
}

}  // namespace

Result<StoreIngestSummary> SqliteStore::Ingest(std::vector<Article> articles, std::vector<InputError> errors,
                                               const StoreIngestOptions& options) {
  if (read_only_) return InvalidArgument(path_ + ": opened read-only");
  try {
    return IngestBatch(std::move(articles), std::move(errors), options);
  } catch (const SqlError& e) {
    Rollback(db_);
    return StatusFromSql(e, path_);
  } catch (const std::exception& e) {
    Rollback(db_);
    return Status{StatusCode::kInternal, path_ + ": ingest failed: " + e.what()};
  }
}

StoreIngestSummary SqliteStore::IngestBatch(std::vector<Article> articles, std::vector<InputError> errors,
                                            const StoreIngestOptions& options) {
  StoreIngestSummary sum;
  sum.errors = std::move(errors);
  const std::string at = options.at.empty() ? UtcNow() : options.at;
  const unsigned threads = options.engine.threads;

  // An input that gave a headline (metadata, a record field) and whose
  // body cleans away is kept by its title, as the engine does.
  std::vector<std::uint8_t> titled(articles.size());
  for (std::size_t i = 0; i < articles.size(); ++i) titled[i] = !articles[i].title.empty();
  CleanCorpus(&articles, options.engine.clean, threads);
  // The engine's size budgets, each one exceeded reported (engine/budget.h).
  for (Article& a : articles) {
    for (std::string& why : ApplyTextBudgets(&a, options.engine.budgets)) sum.errors.push_back({a.path, std::move(why)});
  }
  // One id twice in a batch: the last one is the current version.
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < articles.size(); ++i) last[articles[i].id] = i;

  db_.Exec("BEGIN IMMEDIATE");  // the write lock now (busy timeout), not half-way
  Stmt next_batch = db_.Prepare("SELECT coalesce(max(id), 0) + 1 FROM batches");
  next_batch.Step();
  const std::int64_t batch = next_batch.Int(0);

  struct Update {
    std::size_t i;
    std::int64_t n;
    std::string old_title, old_text;
    bool canonical;
    std::optional<std::int64_t> story;
  };
  std::vector<Update> updates;
  std::vector<std::size_t> fresh;
  {
    Stmt find = db_.Prepare(
        "SELECT n, title, parallax_text(text), source, published, url, duplicate_of, story FROM articles WHERE id = ?1");
    for (std::size_t i = 0; i < articles.size(); ++i) {
      if (last[articles[i].id] != i) continue;
      const Article& a = articles[i];
      const bool empty_page = a.text.empty() && !(titled[i] && !a.from_html);
      find.Reset();
      find.Bind(1, a.id);
      if (find.Step()) {
        if (find.Text(1) == a.title && find.Text(2) == a.text && find.OptText(3) == a.source &&
            find.OptText(4) == a.published && find.Text(5) == a.url) {
          ++sum.unchanged;
          continue;
        }
        if (empty_page) {
          sum.errors.push_back({a.path, "no article text left after cleaning (only page furniture); stored version kept"});
          continue;
        }
        std::optional<std::int64_t> story;
        if (!find.IsNull(7)) story = find.Int(7);
        updates.push_back({i, find.Int(0), find.Text(1), find.Text(2), find.IsNull(6), story});
      } else if (empty_page) {
        sum.errors.push_back({a.path, "no article text left after cleaning (only page furniture)"});
      } else {
        fresh.push_back(i);
      }
    }
  }
  if (fresh.empty() && updates.empty()) {
    db_.Exec("ROLLBACK");  // nothing new: the store does not change at all
    return sum;
  }

  // --- Duplicates of fresh articles, against the store and the batch.
  std::vector<std::vector<std::uint64_t>> bands(fresh.size());
  ParallelFor(fresh.size(), threads, [&](std::size_t k) { bands[k] = BandKeys(articles[fresh[k]].text); });
  std::set<std::int64_t> candidate_rows;
  {
    Stmt by_band = db_.Prepare("SELECT article FROM bands WHERE key = ?1");
    Stmt by_hash = db_.Prepare("SELECT n FROM articles WHERE text_hash = ?1 AND duplicate_of IS NULL");
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (options.engine.dedup.near_threshold > 0) {
        for (std::uint64_t key : bands[k]) {
          by_band.Reset();
          by_band.Bind(1, static_cast<std::int64_t>(key));
          while (by_band.Step()) candidate_rows.insert(by_band.Int(0));
        }
      }
      by_hash.Reset();
      by_hash.Bind(1, HashOf(articles[fresh[k]].text));
      while (by_hash.Step()) candidate_rows.insert(by_hash.Int(0));
    }
  }
  std::vector<Article> pool;
  std::vector<std::int64_t> pool_rows(candidate_rows.begin(), candidate_rows.end());
  {
    Stmt load = db_.Prepare("SELECT id, title, parallax_text(text), published FROM articles WHERE n = ?1");
    for (std::int64_t n : pool_rows) {
      load.Reset();
      load.Bind(1, n);
      load.Step();
      Article a;
      a.id = load.Text(0);
      a.title = load.Text(1);
      a.text = load.Text(2);
      a.published = load.OptText(3);
      pool.push_back(std::move(a));
    }
  }
  for (std::size_t k : fresh) {
    Article a;
    a.id = articles[k].id;
    a.text = articles[k].text;
    a.published = articles[k].published;
    pool.push_back(std::move(a));
  }
  // Per fresh article: its stored or fresh original, or none (store_common.h).
  const std::vector<std::optional<DupTarget>> dup_of = ResolveDuplicates(pool, pool_rows, options.engine.dedup, threads);

  // --- Insert fresh articles: canonical ones first (one cluster group for
  // the batch in input order, as analyze; or with by_day one per
  // publication day, undated last, as analyze --incremental), then their
  // duplicates.
  const FreshOrder fresh_order = OrderFresh(articles, fresh, dup_of, options.by_day);
  const std::vector<std::size_t>& order = fresh_order.order;
  // Through the partial index on (cluster_group, cluster_seq): no scan.
  Stmt max_group = db_.Prepare("SELECT coalesce(max(cluster_group), 0) FROM articles WHERE duplicate_of IS NULL");
  max_group.Step();
  std::int64_t group = max_group.Int(0);
  Stmt insert = db_.Prepare(
      "INSERT INTO articles(id, source, url, title, published, path, from_html, text, removed, text_hash, "
      "duplicate_of, similarity, story, batch, updated_batch, cluster_group, cluster_seq) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16)");
  Stmt fts_insert = db_.Prepare("INSERT INTO articles_fts(rowid, title, text) VALUES(?1, ?2, ?3)");
  Stmt band_insert = db_.Prepare("INSERT OR IGNORE INTO bands(key, article) VALUES(?1, ?2)");
  auto write_index = [&](std::int64_t n, const Article& a, const std::vector<std::uint64_t>& keys) {
    fts_insert.Reset();
    fts_insert.Bind(1, n).Bind(2, a.title).Bind(3, a.text).Step();
    for (std::uint64_t key : keys) {
      band_insert.Reset();
      band_insert.Bind(1, static_cast<std::int64_t>(key)).Bind(2, n).Step();
    }
  };
  std::vector<std::int64_t> row_of_fresh(fresh.size(), 0);
  std::set<std::int64_t> changed_rows;  // canonical rows whose story must be re-analysed
  std::int64_t seq = 0;
  for (std::size_t p = 0; p < order.size(); ++p) {
    const std::size_t k = order[p];
    const Article& a = articles[fresh[k]];
    if (fresh_order.NewGroup(p)) {
      ++group;
      seq = 0;
    }
    insert.Reset();
    insert.Bind(1, a.id).Bind(2, a.source).Bind(3, a.url).Bind(4, a.title).Bind(5, a.published).Bind(6, a.path);
    insert.Bind(7, std::int64_t{a.from_html}).Bind(9, EncodeRemoved(a.removed)).Bind(10, HashOf(a.text));
    BindText(insert, 8, a.text);
    insert.BindNull(11).BindNull(12).BindNull(13).Bind(14, batch).Bind(15, group).Bind(16, seq++);
    insert.Step();
    row_of_fresh[k] = db_.LastInsertRowid();
    write_index(row_of_fresh[k], a, bands[k]);
    ++sum.new_articles;
  }
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    if (!dup_of[k]) continue;
    const Article& a = articles[fresh[k]];
    const std::int64_t target = dup_of[k]->stored ? dup_of[k]->row : row_of_fresh[dup_of[k]->fresh];
    insert.Reset();
    insert.Bind(1, a.id).Bind(2, a.source).Bind(3, a.url).Bind(4, a.title).Bind(5, a.published).Bind(6, a.path);
    insert.Bind(7, std::int64_t{a.from_html}).Bind(9, EncodeRemoved(a.removed)).Bind(10, HashOf(a.text));
    BindText(insert, 8, a.text);
    insert.Bind(11, target).Bind(12, dup_of[k]->similarity).BindNull(13).Bind(14, batch).BindNull(15).BindNull(16);
    insert.Step();
    changed_rows.insert(target);  // its story now cites one more copy
    ++sum.duplicates;
  }

  // --- Updated articles: new text under the old id and row.
  {
    Stmt upd = db_.Prepare(
        "UPDATE articles SET source = ?2, url = ?3, title = ?4, published = ?5, path = ?6, from_html = ?7, text = ?8, "
        "removed = ?9, text_hash = ?10, updated_batch = ?11 WHERE n = ?1");
    Stmt fts_delete = db_.Prepare("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES('delete', ?1, ?2, ?3)");
    Stmt band_delete = db_.Prepare("DELETE FROM bands WHERE key = ?1 AND article = ?2");
    for (const Update& u : updates) {
      const Article& a = articles[u.i];
      if (u.canonical) {
        fts_delete.Reset();
        fts_delete.Bind(1, u.n).Bind(2, u.old_title).Bind(3, u.old_text).Step();
        // The old text's band keys (bands has no index by article: it would double its size).
        for (std::uint64_t key : BandKeys(u.old_text)) {
          band_delete.Reset();
          band_delete.Bind(1, static_cast<std::int64_t>(key)).Bind(2, u.n).Step();
        }
      }
      upd.Reset();
      upd.Bind(1, u.n).Bind(2, a.source).Bind(3, a.url).Bind(4, a.title).Bind(5, a.published).Bind(6, a.path);
      BindText(upd, 8, a.text);
      upd.Bind(7, std::int64_t{a.from_html}).Bind(9, EncodeRemoved(a.removed)).Bind(10, HashOf(a.text));
      upd.Bind(11, batch).Step();
      if (u.canonical) {
        write_index(u.n, a, BandKeys(a.text));
        changed_rows.insert(u.n);
      } else if (u.story) {
        changed_rows.insert(u.n);  // a duplicate's story lists it: refresh that story
      }
      ++sum.updated;
    }
  }

  // --- Stories: the story index as the last batch left it (or, when it
  // cannot be used, rebuilt by replaying the stored order of addition),
  // then this batch's groups.
  std::vector<std::int64_t> rows;  // index position -> article row
  std::vector<std::optional<std::int64_t>> old_story;
  StoryIndex index(options.engine.cluster, threads);
  // An updated canonical text changes its vector: replay then.
  bool canonical_updated = false;
  for (const Update& u : updates) canonical_updated = canonical_updated || u.canonical;
  const bool loaded = !canonical_updated && LoadClusterState(db_, batch - 1, &index, &rows, &old_story);
  if (loaded) {
    AddFreshToIndex(fresh_order, articles, fresh, row_of_fresh, &index, &rows, &old_story);
  } else {
    std::vector<Article> light;
    std::vector<std::size_t> group_start;
    Stmt all = db_.Prepare(
        "SELECT n, title, parallax_text(text), published, story, cluster_group FROM articles WHERE duplicate_of IS NULL "
        "ORDER BY cluster_group, cluster_seq");
    std::int64_t prev = -1;
    while (all.Step()) {
      if (all.Int(5) != prev) {
        group_start.push_back(light.size());
        prev = all.Int(5);
      }
      Article a;
      a.title = all.Text(1);
      a.text = all.Text(2);
      a.published = all.OptText(3);
      rows.push_back(all.Int(0));
      old_story.push_back(all.IsNull(4) ? std::nullopt : std::optional<std::int64_t>(all.Int(4)));
      light.push_back(std::move(a));
    }
    group_start.push_back(light.size());
    ReplayGroups(light, group_start, &index);
  }
  std::vector<std::vector<std::size_t>> groups = index.Stories();

  // Stories whose duplicates changed (an updated duplicate) need re-analysis too.
  std::set<std::int64_t> dirty_stories;
  for (const Update& u : updates) {
    if (!u.canonical && u.story) dirty_stories.insert(*u.story);
  }
  // Ids: which stored story each group continues (store/assign.h).
  const StoryAssignment assigned = AssignStories(groups, rows, old_story, changed_rows, dirty_stories);
  const std::vector<std::uint8_t>& touched = assigned.touched;
  std::vector<std::int64_t> story_of_group(groups.size(), 0);
  Stmt new_story = db_.Prepare(
      "INSERT INTO stories(title, articles, outlets, created_batch, updated_batch, updated_at) "
      "VALUES('', 0, 0, ?1, ?1, ?2)");
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (assigned.kept[g]) {
      story_of_group[g] = *assigned.kept[g];
      if (touched[g]) ++sum.stories_updated;
    } else {
      new_story.Reset();
      new_story.Bind(1, batch).Bind(2, at).Step();
      story_of_group[g] = db_.LastInsertRowid();
      ++sum.stories_created;
    }
  }
  {
    Stmt merge = db_.Prepare(
        "UPDATE stories SET merged_into = ?2, updated_batch = ?3, updated_at = ?4 WHERE n = ?1");
    StoryUnindexer unindex(db_);
    for (const auto& [id, g] : assigned.merged) {
      unindex.Unindex(id);
      merge.Reset();
      merge.Bind(1, id).Bind(2, story_of_group[g]).Bind(3, batch).Bind(4, at).Step();
      ++sum.stories_merged;
    }
  }

  // --- Re-analyse touched stories.
  std::vector<std::size_t> work;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (touched[g]) work.push_back(g);
  }
  Stmt load = db_.Prepare(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE n = ?1");
  Stmt dups = db_.Prepare("SELECT n, id, source, published FROM articles WHERE duplicate_of = ?1 ORDER BY n");
  struct Work {
    std::vector<Article> members;
    std::vector<std::int64_t> dup_rows;
    std::vector<std::string> dup_ids;
    std::vector<std::string> dup_outlets;
    std::vector<std::optional<std::string>> dup_published;
    Story story;
  };
  std::vector<Work> jobs(work.size());
  // Per member, its kept per-article analysis (store/article_cache.h) when
  // it was made from the same text under the same key; the others are
  // computed here and kept.
  const std::int64_t analysis_key = static_cast<std::int64_t>(ArticleAnalysisKey(options.engine.analyze));
  Stmt cached = db_.Prepare("SELECT key, text_hash, data FROM article_analysis WHERE article = ?1");
  std::vector<std::vector<std::optional<ArticleAnalysis>>> pre(work.size());
  struct Missing {
    std::size_t w, m;
  };
  std::vector<Missing> missing;
  for (std::size_t w = 0; w < work.size(); ++w) {
    for (std::size_t i : groups[work[w]]) {
      load.Reset();
      load.Bind(1, rows[i]);
      load.Step();
      jobs[w].members.push_back(ReadArticle(load, 0));
      cached.Reset();
      cached.Bind(1, rows[i]);
      std::optional<ArticleAnalysis> kept;
      if (cached.Step() && cached.Int(0) == analysis_key && cached.Int(1) == HashOfText(jobs[w].members.back().text)) {
        kept = DecodeArticleAnalysis(cached.Blob(2));
      }
      if (!kept) missing.push_back({w, pre[w].size()});
      pre[w].push_back(std::move(kept));
      dups.Reset();
      dups.Bind(1, rows[i]);
      while (dups.Step()) {
        jobs[w].dup_rows.push_back(dups.Int(0));
        jobs[w].dup_ids.push_back(dups.Text(1));
        jobs[w].dup_outlets.push_back(dups.IsNull(2) ? dups.Text(1) : dups.Text(2));
        jobs[w].dup_published.push_back(dups.OptText(3));
      }
    }
  }
  ParallelFor(missing.size(), threads, [&](std::size_t k) {
    const Missing& m = missing[k];
    pre[m.w][m.m] = AnalyzeArticle(jobs[m.w].members[m.m], options.engine.analyze);
  });
  ParallelFor(jobs.size(), threads, [&](std::size_t w) {
    std::vector<const Article*> ptrs;
    std::vector<const ArticleAnalysis*> kept;
    for (std::size_t m = 0; m < jobs[w].members.size(); ++m) {
      ptrs.push_back(&jobs[w].members[m]);
      kept.push_back(&*pre[w][m]);
    }
    jobs[w].story = AnalyzeStory(ptrs, options.engine.analyze, kept);
  });
  {
    Stmt keep = db_.Prepare("INSERT OR REPLACE INTO article_analysis(article, key, text_hash, data) VALUES(?1, ?2, ?3, ?4)");
    for (const Missing& m : missing) {
      keep.Reset();
      keep.Bind(1, rows[groups[work[m.w]][m.m]]).Bind(2, analysis_key).Bind(3, HashOfText(jobs[m.w].members[m.m].text));
      keep.BindBlob(4, EncodeArticleAnalysis(*pre[m.w][m.m])).Step();
    }
  }

  Stmt set_story = db_.Prepare("UPDATE articles SET story = ?2 WHERE n = ?1");
  Stmt set_dup_story = db_.Prepare("UPDATE articles SET story = ?2 WHERE duplicate_of = ?1");
  Stmt write_story = db_.Prepare(
      "UPDATE stories SET title = ?2, articles = ?3, outlets = ?4, first_published = ?5, last_published = ?6, "
      "updated_batch = ?7, updated_at = ?8, merged_into = NULL, report = ?9 WHERE n = ?1");
  StoryUnindexer unindex(db_);
  Stmt fts_add = db_.Prepare("INSERT INTO stories_fts(rowid, title, body) VALUES(?1, ?2, ?3)");
  Stmt ent_add = db_.Prepare("INSERT OR IGNORE INTO story_entities(name, story) VALUES(?1, ?2)");
  Stmt revision = db_.Prepare("INSERT OR REPLACE INTO revisions(story, batch, at, digest) VALUES(?1, ?2, ?3, ?4)");
  for (std::size_t w = 0; w < work.size(); ++w) {
    const std::size_t g = work[w];
    const std::int64_t id = story_of_group[g];
    Work& job = jobs[w];
    Story& s = job.story;
    s.id = std::to_string(id);
    std::unordered_map<std::string, std::string> outlet;
    std::set<std::string> outlets;
    std::optional<std::string> first, last_date;
    auto see_date = [&](const std::optional<std::string>& d) {
      if (!d) return;
      if (!first || *d < *first) first = d;
      if (!last_date || *d > *last_date) last_date = d;
    };
    for (const Article& a : job.members) {
      outlet[a.id] = OutletOf(a);
      outlets.insert(OutletOf(a));
      see_date(a.published);
    }
    for (std::size_t d = 0; d < job.dup_ids.size(); ++d) {
      s.articles.push_back(job.dup_ids[d]);
      outlet[job.dup_ids[d]] = job.dup_outlets[d];
      outlets.insert(job.dup_outlets[d]);
      see_date(job.dup_published[d]);
    }
    for (std::size_t i : groups[g]) {
      set_story.Reset();
      set_story.Bind(1, rows[i]).Bind(2, id).Step();
      set_dup_story.Reset();
      set_dup_story.Bind(1, rows[i]).Bind(2, id).Step();
    }
    unindex.Unindex(id);
    write_story.Reset();
    write_story.Bind(1, id).Bind(2, s.title).Bind(3, static_cast<std::int64_t>(s.articles.size()));
    write_story.Bind(4, static_cast<std::int64_t>(outlets.size())).Bind(5, first).Bind(6, last_date);
    write_story.Bind(7, batch).Bind(8, at).BindBlob(9, EncodeStory(s)).Step();
    fts_add.Reset();
    fts_add.Bind(1, id).Bind(2, s.title).Bind(3, StorySearchBody(s)).Step();
    for (const Entity& e : s.entities) {
      ent_add.Reset();
      ent_add.Bind(1, e.name).Bind(2, id).Step();
    }
    revision.Reset();
    revision.Bind(1, id).Bind(2, batch).Bind(3, at);
    revision.BindBlob(4, StoryDigest(s, [&](const std::string& a) {
      auto it = outlet.find(a);
      return it == outlet.end() ? a : it->second;
    }));
    revision.Step();
  }

  {
    std::vector<std::int64_t> story_at(rows.size(), 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t i : groups[g]) story_at[i] = story_of_group[g];
    }
    SaveClusterState(db_, batch, index, rows, story_at);
  }
  db_.Prepare(
         "INSERT INTO batches(id, at, new_articles, duplicates, updated, stories_created, stories_updated) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .Bind(1, batch)
      .Bind(2, at)
      .Bind(3, static_cast<std::int64_t>(sum.new_articles))
      .Bind(4, static_cast<std::int64_t>(sum.duplicates))
      .Bind(5, static_cast<std::int64_t>(sum.updated))
      .Bind(6, static_cast<std::int64_t>(sum.stories_created))
      .Bind(7, static_cast<std::int64_t>(sum.stories_updated))
      .Step();
  db_.Exec("COMMIT");
  sum.batch = batch;
  return sum;
}

}  // namespace parallax::store_internal
