// PgStore::Ingest: one batch into the PostgreSQL store, with the SQLite
// store's steps and semantics (sqlite_ingest.cc, docs/store.md): clean and
// budget the batch, sort inputs into unchanged / updated / fresh, find
// duplicates through the stored band keys and text hashes, add the fresh
// canonical articles to the saved story index (or replay the stored order
// when it cannot be loaded), give ids with store/assign.h, and commit that
// with the touched stories marked stale; then, outside the lock,
// re-analyse the touched stories and write their reports and revisions
// (compare-and-set on stories.stale_batch; pg_store.h).
//
// Concurrency: cleaning and band keys run before the transaction; the
// transaction then takes pg_advisory_xact_lock(kIngestLock) before it reads
// anything stored, so concurrent batches (other threads, processes or
// machines) run their stored-state part one after the other, each seeing
// every batch committed before it, exactly as successive batches would. A
// serialisable transaction with retries would also be correct, but every
// batch rewrites the one saved story index, so any two concurrent batches
// conflict and the loser would redo its whole clustering and analysis; the
// lock makes it wait instead. Waiting is bounded by the open options'
// busy_timeout_ms (lock_timeout): past it the batch fails, writing nothing.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "core/parallel.h"
#include "engine/budget.h"
#include "store/article_cache.h"
#include "store/assign.h"
#include "store/codec.h"
#include "store/pg_store.h"
#include "store/store_common.h"

namespace parallax::store_internal {

namespace {

constexpr std::size_t kStatePart = std::size_t{256} << 20;  // bytea holds up to 1 GB

std::vector<std::int64_t> AsInts(const std::vector<std::uint64_t>& keys) {
  return std::vector<std::int64_t>(keys.begin(), keys.end());
}

void SaveState(PgDb& db, std::int64_t batch, const StoryIndex& index, const std::vector<std::int64_t>& rows,
               const std::vector<std::int64_t>& stories) {
  db.Exec("DELETE FROM cluster_state");
  db.Exec("INSERT INTO cluster_state(part, batch, data) VALUES(0, $1, $2)",
          {batch, PgParam::Bytes(ZstdCompress(EncodeIndexMap(rows, stories)))});
  const std::string bytes = ZstdCompress(index.Save());
  std::int64_t part = 1;
  for (std::size_t at = 0; at < bytes.size() || part == 1; at += kStatePart, ++part) {
    db.Exec("INSERT INTO cluster_state(part, batch, data) VALUES($1, $2, $3)",
            {part, batch, PgParam::Bytes(bytes.substr(std::min(at, bytes.size()), kStatePart))});
  }
}

bool LoadState(PgDb& db, std::int64_t last_batch, StoryIndex* index, std::vector<std::int64_t>* rows,
               std::vector<std::optional<std::int64_t>>* stories) {
  PgResult q = db.Exec("SELECT part, batch, data FROM cluster_state ORDER BY part");
  std::string packed_map, packed;
  for (int i = 0; i < q.rows(); ++i) {
    if (q.Int(i, 0) != i || q.Int(i, 1) != last_batch) return false;
    if (i == 0) packed_map = q.Bytes(i, 2);
    else packed += q.Bytes(i, 2);
  }
  std::string map, bytes;
  if (q.rows() < 2 || !ZstdDecompress(packed_map, &map) || !ZstdDecompress(packed, &bytes)) return false;
  std::vector<std::int64_t> r;
  std::vector<std::optional<std::int64_t>> s;
  if (!DecodeIndexMap(map, &r, &s)) return false;
  if (!index->Load(bytes) || index->size() != r.size()) return false;
  *rows = std::move(r);
  *stories = std::move(s);
  return true;
}

void Rollback(PgDb& db) {
  try {
    db.Exec("ROLLBACK");
  } catch (...) {
  }
}

}  // namespace

Result<StoreIngestSummary> PgStore::Ingest(std::vector<Article> articles, std::vector<InputError> errors,
                                           const StoreIngestOptions& options) {
  if (options_.read_only) return InvalidArgument(RedactUri(uri_) + ": opened read-only");
  try {
    RepairStaleStories(options);
    return IngestBatch(std::move(articles), std::move(errors), options);
  } catch (const PgError& e) {
    Rollback(db_);
    ReleaseReportLock();
    if (e.sqlstate == "55P03") {
      return Status{StatusCode::kInternal, RedactUri(uri_) + ": the store is busy (another ingest held it for more than " +
                                               std::to_string(options_.busy_timeout_ms) + " ms); nothing was written"};
    }
    return StatusFromPg(e, uri_);
  } catch (const std::exception& e) {
    Rollback(db_);
    ReleaseReportLock();
    return Status{StatusCode::kInternal, RedactUri(uri_) + ": ingest failed: " + e.what()};
  }
}

StoreIngestSummary PgStore::IngestBatch(std::vector<Article> articles, std::vector<InputError> errors,
                                        const StoreIngestOptions& options) {
  StoreIngestSummary sum;
  sum.errors = std::move(errors);
  const std::string at = options.at.empty() ? UtcNow() : options.at;
  const unsigned threads = options.engine.threads;
  PhaseTimer timer;

  // --- Before the lock: cleaning, budgets, band keys (the CPU-heavy part
  // that does not depend on what is stored).
  std::vector<std::uint8_t> titled(articles.size());
  for (std::size_t i = 0; i < articles.size(); ++i) titled[i] = !articles[i].title.empty();
  CleanCorpus(&articles, options.engine.clean, threads);
  for (Article& a : articles) {
    for (std::string& why : ApplyTextBudgets(&a, options.engine.budgets)) sum.errors.push_back({a.path, std::move(why)});
  }
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < articles.size(); ++i) last[articles[i].id] = i;
  std::vector<std::size_t> current;  // the last version of each id
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (last[articles[i].id] == i) current.push_back(i);
  }
  std::vector<std::vector<std::uint64_t>> all_bands(articles.size());
  ParallelFor(current.size(), threads, [&](std::size_t k) { all_bands[current[k]] = BandKeys(articles[current[k]].text); });

  timer.Mark("prepare");
  db_.Exec("BEGIN ISOLATION LEVEL READ COMMITTED");
  db_.Exec("SELECT set_config('lock_timeout', $1, true)", {std::to_string(options_.busy_timeout_ms) + "ms"});
  db_.Exec("SELECT pg_advisory_xact_lock($1)", {kIngestLock});
  db_.Exec("SELECT set_config('lock_timeout', '0', true)");
  const std::int64_t batch = db_.Exec("SELECT coalesce(max(id), 0) + 1 FROM batches").Int(0, 0);
  timer.Mark("lock");
  // The band-key probes below need the planner to know how many articles
  // there are: a store that grew faster than autovacuum analyses it (a new
  // one has no statistics at all) is planned as a few dozen rows, and the
  // probes become a join filter over every row per key (5 s a batch at
  // 2,250 articles). ANALYZE when the estimate is under half the rows (so
  // about log2(articles) times while the store grows; autovacuum keeps it
  // current after that).
  if (db_.Exec("SELECT (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass) * 2 < "
               "(SELECT coalesce(max(n), 0) FROM articles)")
          .Bool(0, 0)) {
    db_.Exec("ANALYZE articles");
  }

  struct Update {
    std::size_t i;
    std::int64_t n;
    bool canonical;
    std::optional<std::int64_t> story;
  };
  std::vector<Update> updates;
  std::vector<std::size_t> fresh;
  {
    std::vector<std::string> ids;
    for (std::size_t i : current) ids.push_back(articles[i].id);
    PgResult found = db_.Exec(
        "SELECT id, n, title, text, source, published, url, duplicate_of, story FROM articles WHERE id = ANY($1::text[])",
        {PgTextArray(ids)});
    std::unordered_map<std::string, int> row_of;
    for (int r = 0; r < found.rows(); ++r) row_of[found.Text(r, 0)] = r;
    for (std::size_t i : current) {
      const Article& a = articles[i];
      const bool empty_page = a.text.empty() && !(titled[i] && !a.from_html);
      auto it = row_of.find(a.id);
      if (it != row_of.end()) {
        const int r = it->second;
        if (found.Text(r, 2) == a.title && found.Text(r, 3) == a.text && found.OptText(r, 4) == a.source &&
            found.OptText(r, 5) == a.published && found.Text(r, 6) == a.url) {
          ++sum.unchanged;
          continue;
        }
        if (empty_page) {
          sum.errors.push_back({a.path, "no article text left after cleaning (only page furniture); stored version kept"});
          continue;
        }
        std::optional<std::int64_t> story;
        if (!found.IsNull(r, 8)) story = found.Int(r, 8);
        updates.push_back({i, found.Int(r, 1), found.IsNull(r, 7), story});
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

  timer.Mark("lookup");
  // --- Duplicates of fresh articles, against the store and the batch.
  std::vector<Article> pool;
  std::vector<std::int64_t> pool_rows;
  {
    std::set<std::int64_t> keys, hashes;
    for (std::size_t i : fresh) {
      if (options.engine.dedup.near_threshold > 0) keys.insert(all_bands[i].begin(), all_bands[i].end());
      hashes.insert(HashOf(articles[i].text));
    }
    // One GIN probe per key (bands @> ARRAY[key]), not `bands && $1`: with
    // thousands of keys the planner estimates that overlap to match nearly
    // every row and scans the table, comparing each row's 32 keys with all
    // of them (2.2 s a batch at 5,000 articles, growing with the store;
    // 0.04 s this way; bench/results/2026-12-07-pg-2.md).
    PgResult cand = db_.Exec(
        "SELECT n, id, title, text, published FROM articles WHERE n IN ("
        "SELECT b.n FROM unnest($1::integer[]) AS k(key) CROSS JOIN LATERAL "
        "(SELECT n FROM articles WHERE bands @> ARRAY[k.key] AND duplicate_of IS NULL) b UNION "
        "SELECT n FROM articles WHERE text_hash = ANY($2::bigint[]) AND duplicate_of IS NULL) ORDER BY n",
        {PgIntArray({keys.begin(), keys.end()}), PgIntArray({hashes.begin(), hashes.end()})});
    for (int r = 0; r < cand.rows(); ++r) {
      pool_rows.push_back(cand.Int(r, 0));
      Article a;
      a.id = cand.Text(r, 1);
      a.title = cand.Text(r, 2);
      a.text = cand.Text(r, 3);
      a.published = cand.OptText(r, 4);
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
  const std::vector<std::optional<DupTarget>> dup_of = ResolveDuplicates(pool, pool_rows, options.engine.dedup, threads);
  pool = {};
  timer.Mark("duplicates");

  // --- Fresh articles' rows: canonical ones first, in cluster order, then
  // duplicates. Their numbers are taken from the sequence now and the rows
  // written once their stories are known (below), so a fresh row is not
  // written twice (an UPDATE of an articles row recomputes its search vector
  // and adds all its index entries again).
  const FreshOrder fresh_order = OrderFresh(articles, fresh, dup_of, options.by_day);
  const std::vector<std::size_t>& order = fresh_order.order;
  std::int64_t group =
      db_.Exec("SELECT coalesce(max(cluster_group), 0) FROM articles WHERE duplicate_of IS NULL").Int(0, 0);
  // A canonical article's band keys (NULL for none, and for a duplicate).
  auto bands_of = [](const std::vector<std::uint64_t>& keys) {
    return keys.empty() ? PgParam(std::nullopt) : PgParam(PgIntArray(AsInts(keys)));
  };
  std::vector<std::int64_t> row_of_fresh(fresh.size(), 0), group_of_fresh(fresh.size(), 0), seq_of_fresh(fresh.size(), 0);
  {
    PgResult numbers = db_.Exec(
        "SELECT nextval(pg_get_serial_sequence('articles', 'n')) FROM generate_series(1, $1::bigint) ORDER BY 1",
        {fresh.size()});
    std::size_t next = 0;
    std::int64_t seq = 0;
    for (std::size_t p = 0; p < order.size(); ++p) {
      const std::size_t k = order[p];
      if (fresh_order.NewGroup(p)) {
        ++group;
        seq = 0;
      }
      row_of_fresh[k] = numbers.Int(static_cast<int>(next++), 0);
      group_of_fresh[k] = group;
      seq_of_fresh[k] = seq++;
    }
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (dup_of[k]) row_of_fresh[k] = numbers.Int(static_cast<int>(next++), 0);
    }
  }
  std::set<std::int64_t> changed_rows;
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    if (dup_of[k]) changed_rows.insert(dup_of[k]->stored ? dup_of[k]->row : row_of_fresh[dup_of[k]->fresh]);
  }

  // --- Updated articles: new text under the old id and row (the search
  // vector follows by itself: a generated column).
  for (const Update& u : updates) {
    const Article& a = articles[u.i];
    // A canonical article's band keys follow its new text; a duplicate has none.
    db_.Exec(
        "UPDATE articles SET source = $2, url = $3, title = $4, published = $5, path = $6, from_html = $7, text = $8, "
        "removed = $9, text_hash = $10, updated_batch = $11, bands = $12::integer[] WHERE n = $1",
        {u.n, a.source, a.url, a.title, a.published, a.path, std::int64_t{a.from_html}, a.text, EncodeRemoved(a.removed),
         HashOf(a.text), batch, u.canonical ? bands_of(all_bands[u.i]) : PgParam(std::nullopt)});
    if (u.canonical) {
      changed_rows.insert(u.n);
    } else if (u.story) {
      changed_rows.insert(u.n);
    }
    ++sum.updated;
  }

  timer.Mark("insert");
  // --- Stories: the saved index (or a replay of the stored order), then this batch.
  std::vector<std::int64_t> rows;
  std::vector<std::optional<std::int64_t>> old_story;
  StoryIndex index(options.engine.cluster, threads);
  bool canonical_updated = false;
  for (const Update& u : updates) canonical_updated = canonical_updated || u.canonical;
  const bool loaded = !canonical_updated && LoadState(db_, batch - 1, &index, &rows, &old_story);
  timer.Mark("load_state");
  if (!loaded) {
    rows.clear();
    old_story.clear();
    PgResult all = db_.Exec(
        "SELECT n, title, text, published, story, cluster_group FROM articles WHERE duplicate_of IS NULL "
        "ORDER BY cluster_group, cluster_seq");
    std::vector<Article> light(all.rows());
    std::vector<std::size_t> group_start;
    for (int r = 0; r < all.rows(); ++r) {
      if (r == 0 || all.Int(r, 5) != all.Int(r - 1, 5)) group_start.push_back(r);
      light[r].title = all.Text(r, 1);
      light[r].text = all.Text(r, 2);
      light[r].published = all.OptText(r, 3);
      rows.push_back(all.Int(r, 0));
      old_story.push_back(all.IsNull(r, 4) ? std::nullopt : std::optional<std::int64_t>(all.Int(r, 4)));
    }
    group_start.push_back(light.size());
    ReplayGroups(light, group_start, &index);
  }
  // This batch's canonical articles, one group per day (their cluster_group
  // numbers follow every stored one, so a replay of the stored order puts
  // them last too).
  const std::size_t first_fresh_position = rows.size();
  AddFreshToIndex(fresh_order, articles, fresh, row_of_fresh, &index, &rows, &old_story);
  std::vector<std::vector<std::size_t>> groups = index.Stories();
  timer.Mark("cluster");

  std::set<std::int64_t> dirty_stories;
  for (const Update& u : updates) {
    if (!u.canonical && u.story) dirty_stories.insert(*u.story);
  }
  const StoryAssignment assigned = AssignStories(groups, rows, old_story, changed_rows, dirty_stories);
  const std::vector<std::uint8_t>& touched = assigned.touched;
  std::vector<std::int64_t> story_of_group(groups.size(), 0);
  // Story numbers without gaps: max + 1, safe under the ingest lock.
  std::int64_t next_story = db_.Exec("SELECT coalesce(max(n), 0) FROM stories").Int(0, 0);
  {
    // Row locks on the stored stories this batch changes, in id order (the
    // report writers take them in the same order: no deadlock).
    std::vector<std::int64_t> locked;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (assigned.kept[g] && touched[g]) locked.push_back(*assigned.kept[g]);
    }
    for (const auto& [id, g] : assigned.merged) locked.push_back(id);
    if (!locked.empty()) {
      db_.Exec("SELECT n FROM stories WHERE n = ANY($1::bigint[]) ORDER BY n FOR UPDATE", {PgIntArray(locked)});
    }
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (assigned.kept[g]) {
      story_of_group[g] = *assigned.kept[g];
      if (touched[g]) ++sum.stories_updated;
    } else {
      story_of_group[g] = ++next_story;
      db_.Exec("INSERT INTO stories(n, title, articles, outlets, created_batch, updated_batch, updated_at, stale_batch) "
               "VALUES($1, '', 0, 0, $2, $2, $3, $2)",
               {story_of_group[g], batch, at});
      ++sum.stories_created;
    }
  }
  for (const auto& [id, g] : assigned.merged) {
    db_.Exec("UPDATE stories SET merged_into = $2, updated_batch = $3, updated_at = $4, body = '', stale_batch = NULL "
             "WHERE n = $1",
             {id, story_of_group[g], batch, at});
    db_.Exec("DELETE FROM story_entities WHERE story = $1", {id});
    ++sum.stories_merged;
  }

  // --- Insert the fresh articles with their stories: a duplicate's is its
  // original's.
  {
    std::vector<std::int64_t> story_at(rows.size(), 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t i : groups[g]) story_at[i] = story_of_group[g];
    }
    std::unordered_map<std::int64_t, std::int64_t> story_of_row;
    for (std::size_t i = first_fresh_position; i < rows.size(); ++i) story_of_row[rows[i]] = story_at[i];
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (dup_of[k] && dup_of[k]->stored) story_of_row.emplace(dup_of[k]->row, 0);
    }
    for (std::size_t i = 0; i < first_fresh_position; ++i) {
      auto it = story_of_row.find(rows[i]);
      if (it != story_of_row.end()) it->second = story_at[i];
    }
    const char* insert_sql =
        "INSERT INTO articles(n, id, source, url, title, published, path, from_html, text, removed, text_hash, "
        "duplicate_of, similarity, story, batch, updated_batch, cluster_group, cluster_seq, bands) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, $18::integer[])";
    auto insert = [&](std::size_t k, PgParam dup, PgParam sim, std::int64_t story, PgParam grp, PgParam seq,
                      PgParam bands) {
      const Article& a = articles[fresh[k]];
      db_.Exec(insert_sql, {row_of_fresh[k], a.id, a.source, a.url, a.title, a.published, a.path,
                            std::int64_t{a.from_html}, a.text, EncodeRemoved(a.removed), HashOf(a.text), std::move(dup),
                            std::move(sim), story == 0 ? PgParam(std::nullopt) : PgParam(story), batch, std::move(grp),
                            std::move(seq), std::move(bands)});
    };
    for (std::size_t k : order) {
      insert(k, std::nullopt, std::nullopt, story_of_row[row_of_fresh[k]], group_of_fresh[k], seq_of_fresh[k],
             bands_of(all_bands[fresh[k]]));
      ++sum.new_articles;
    }
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (!dup_of[k]) continue;
      const std::int64_t target = dup_of[k]->stored ? dup_of[k]->row : row_of_fresh[dup_of[k]->fresh];
      insert(k, target, dup_of[k]->similarity, story_of_row[target], std::nullopt, std::nullopt, std::nullopt);
      ++sum.duplicates;
    }
  }

  timer.Mark("assign");
  // --- Memberships of the touched stories; their reports follow after the commit.
  // Set-based, and only rows whose story changes: a kept member's row is
  // not rewritten (an UPDATE of an articles row recomputes its search
  // vector and adds index entries for its band keys and words again).
  std::vector<ReportJob> jobs;
  std::vector<std::int64_t> member_rows, member_story, kept_touched;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!touched[g]) continue;
    ReportJob job{story_of_group[g], {}};
    for (std::size_t i : groups[g]) {
      job.member_rows.push_back(rows[i]);
      member_rows.push_back(rows[i]);
      member_story.push_back(job.story);
    }
    if (assigned.kept[g]) kept_touched.push_back(job.story);
    jobs.push_back(std::move(job));
  }
  if (!member_rows.empty()) {
    const std::string m = PgIntArray(member_rows), st = PgIntArray(member_story);
    db_.Exec("UPDATE articles a SET story = v.story FROM unnest($1::bigint[], $2::bigint[]) AS v(n, story) "
             "WHERE a.n = v.n AND a.story IS DISTINCT FROM v.story",
             {m, st});
    db_.Exec("UPDATE articles a SET story = v.story FROM unnest($1::bigint[], $2::bigint[]) AS v(n, story) "
             "WHERE a.duplicate_of = v.n AND a.duplicate_of IS NOT NULL AND a.story IS DISTINCT FROM v.story",
             {m, st});
  }
  if (!kept_touched.empty()) {
    db_.Exec("UPDATE stories SET updated_batch = $2, updated_at = $3, merged_into = NULL, stale_batch = $2 "
             "WHERE n = ANY($1::bigint[])",
             {PgIntArray(kept_touched), batch, at});
  }

  {
    std::vector<std::int64_t> story_at(rows.size(), 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t i : groups[g]) story_at[i] = story_of_group[g];
    }
    timer.Mark("memberships");
    SaveState(db_, batch, index, rows, story_at);
    timer.Mark("save_state");
  }
  db_.Exec(
      "INSERT INTO batches(id, at, new_articles, duplicates, updated, stories_created, stories_updated) "
      "VALUES($1, $2, $3, $4, $5, $6, $7)",
      {batch, at, sum.new_articles, sum.duplicates, sum.updated, sum.stories_created, sum.stories_updated});
  db_.Exec("UPDATE store_revision SET rev = rev + 1");
  // Held from before the commit until the reports are written: while it is
  // held, no other worker takes this batch's stale stories for orphans.
  db_.Exec("SELECT pg_advisory_lock($1::integer, $2::integer)", {kReportLockClass, batch});
  report_lock_ = batch;
  db_.Exec("COMMIT");
  sum.batch = batch;
  timer.Mark("commit");

  // --- Outside the lock: re-analyse the touched stories.
  if (g_pg_after_membership_commit) g_pg_after_membership_commit();
  WriteReports(batch, at, jobs, options);
  ReleaseReportLock();
  timer.Mark("reports");
  return sum;
}

}  // namespace parallax::store_internal
