// PgStore's report half of a batch (pg_ingest.cc does the rest): after the
// membership commit, outside the ingest lock, the touched stories are
// re-analysed and their reports, entities and revisions written set-based,
// each story only while its stories.stale_batch is still this batch's
// (compare-and-set: a later batch that changed the story writes it
// instead). A batch whose worker died leaves its stories stale; the next
// ingest repairs them (RepairStaleStories) unless the batch's report lock
// shows its worker is still alive (pg_store.h, docs/store.md).

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

void PgStore::ReleaseReportLock() {
  if (!report_lock_) return;
  try {
    db_.Exec("SELECT pg_advisory_unlock($1::integer, $2::integer)", {kReportLockClass, *report_lock_});
  } catch (...) {
  }
  report_lock_.reset();
}

std::size_t PgStore::WriteReports(std::int64_t batch, const std::string& at, const std::vector<ReportJob>& jobs,
                                  const StoreIngestOptions& options) {
  if (jobs.empty()) return 0;
  const unsigned threads = options.engine.threads;
  PhaseTimer timer;
  struct Work {
    std::vector<Article> members;
    std::vector<std::int64_t> rows;                   // per member: its article row
    std::vector<std::optional<ArticleAnalysis>> pre;  // per member: kept or computed here
    std::vector<std::string> dup_ids, dup_outlets;
    std::vector<std::optional<std::string>> dup_published;
    Story story;
    StoryRow row;
    std::string digest;
  };
  std::vector<Work> work(jobs.size());
  // Read with the memberships as they are now: when a later batch changed
  // a story meanwhile, its stale_batch is that batch's and the write below
  // skips it (that batch writes it).
  // All the jobs' members in one query, and their duplicates in another
  // (want.j: the job; want.k: the order, the jobs' member lists one after
  // the other).
  std::vector<std::int64_t> want_rows, want_jobs;
  for (std::size_t w = 0; w < jobs.size(); ++w) {
    for (std::int64_t row : jobs[w].member_rows) {
      want_rows.push_back(row);
      want_jobs.push_back(static_cast<std::int64_t>(w));
    }
  }
  const std::string want_n = PgIntArray(want_rows), want_j = PgIntArray(want_jobs);
  PgResult got = db_.Exec(
      "SELECT want.j, id, source, url, title, published, path, from_html, text, removed, n FROM articles "
      "JOIN unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS want(wn, j, k) ON articles.n = want.wn ORDER BY want.k",
      {want_n, want_j});
  for (int r = 0; r < got.rows(); ++r) {
    Work& job = work[static_cast<std::size_t>(got.Int(r, 0))];
    Article a;
    a.id = got.Text(r, 1);
    a.source = got.OptText(r, 2);
    a.url = got.Text(r, 3);
    a.title = got.Text(r, 4);
    a.published = got.OptText(r, 5);
    a.path = got.Text(r, 6);
    a.from_html = got.Int(r, 7) != 0;
    a.text = got.Text(r, 8);
    a.removed = DecodeRemoved(got.Text(r, 9));
    job.members.push_back(std::move(a));
    job.rows.push_back(got.Int(r, 10));
  }
  // Duplicates in the SQLite store's order: by canonical member, then row.
  PgResult dups = db_.Exec(
      "SELECT want.j, a.id, a.source, a.published FROM articles a "
      "JOIN unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS want(wn, j, k) "
      "ON a.duplicate_of = want.wn AND a.duplicate_of IS NOT NULL ORDER BY want.k, a.n",
      {want_n, want_j});
  for (int r = 0; r < dups.rows(); ++r) {
    Work& job = work[static_cast<std::size_t>(dups.Int(r, 0))];
    job.dup_ids.push_back(dups.Text(r, 1));
    job.dup_outlets.push_back(dups.IsNull(r, 2) ? dups.Text(r, 1) : dups.Text(r, 2));
    job.dup_published.push_back(dups.OptText(r, 3));
  }
  // Per member, its kept analysis (article_analysis, store/article_cache.h)
  // when made under this key from the same text; the others are computed
  // here and kept (before the reports: an entry is right whoever writes it).
  const std::int64_t analysis_key = static_cast<std::int64_t>(ArticleAnalysisKey(options.engine.analyze));
  struct Missing {
    std::size_t w, m;
  };
  std::vector<Missing> missing;
  {
    std::vector<std::int64_t> all_rows;
    for (const ReportJob& job : jobs) all_rows.insert(all_rows.end(), job.member_rows.begin(), job.member_rows.end());
    PgResult kept = db_.Exec(
        "SELECT article, text_hash, data FROM article_analysis WHERE article = ANY($1::bigint[]) AND key = $2",
        {PgIntArray(all_rows), analysis_key});
    std::unordered_map<std::int64_t, int> kept_row;
    for (int r = 0; r < kept.rows(); ++r) kept_row[kept.Int(r, 0)] = r;
    for (std::size_t w = 0; w < jobs.size(); ++w) {
      Work& job = work[w];
      job.pre.resize(job.members.size());
      for (std::size_t m = 0; m < job.members.size(); ++m) {
        const std::int64_t row = job.rows[m];
        auto it = kept_row.find(row);
        if (it != kept_row.end() && kept.Int(it->second, 1) == HashOfText(job.members[m].text)) {
          job.pre[m] = DecodeArticleAnalysis(kept.Bytes(it->second, 2));
        }
        if (!job.pre[m]) missing.push_back({w, m});
      }
    }
  }
  timer.Mark("report_read");
  ParallelFor(missing.size(), threads, [&](std::size_t k) {
    const Missing& m = missing[k];
    work[m.w].pre[m.m] = AnalyzeArticle(work[m.w].members[m.m], options.engine.analyze);
  });
  timer.Mark("tag");
  if (!missing.empty()) {
    // One statement in row order (two writers lock the rows in the same order).
    std::vector<std::size_t> by_row(missing.size());
    for (std::size_t k = 0; k < by_row.size(); ++k) by_row[k] = k;
    auto row_of = [&](std::size_t k) { return work[missing[k].w].rows[missing[k].m]; };
    std::sort(by_row.begin(), by_row.end(), [&](std::size_t x, std::size_t y) { return row_of(x) < row_of(y); });
    std::vector<std::int64_t> rows_out, hashes_out;
    std::vector<std::string> blobs;
    std::int64_t prev = -1;
    for (std::size_t k : by_row) {
      if (row_of(k) == prev) continue;
      prev = row_of(k);
      const Missing& m = missing[k];
      rows_out.push_back(prev);
      hashes_out.push_back(HashOfText(work[m.w].members[m.m].text));
      blobs.push_back(EncodeArticleAnalysis(*work[m.w].pre[m.m]));
    }
    db_.Exec(
        "INSERT INTO article_analysis(article, key, text_hash, data) "
        "SELECT a, $4::bigint, h, d FROM unnest($1::bigint[], $2::bigint[], $3::bytea[]) AS k(a, h, d) ORDER BY a "
        "ON CONFLICT (article) DO UPDATE SET key = EXCLUDED.key, text_hash = EXCLUDED.text_hash, data = EXCLUDED.data",
        {PgIntArray(rows_out), PgIntArray(hashes_out), PgByteaArray(blobs), analysis_key});
  }
  timer.Mark("keep");
  ParallelFor(work.size(), threads, [&](std::size_t w) {
    Work& job = work[w];
    std::vector<const Article*> ptrs;
    std::vector<const ArticleAnalysis*> pre;
    for (std::size_t m = 0; m < job.members.size(); ++m) {
      ptrs.push_back(&job.members[m]);
      pre.push_back(&*job.pre[m]);
    }
    job.story = AnalyzeStory(ptrs, options.engine.analyze, pre);
    Story& s = job.story;
    s.id = std::to_string(jobs[w].story);
    std::unordered_map<std::string, std::string> outlet;
    for (const Article& a : job.members) outlet[a.id] = OutletOf(a);
    for (std::size_t d = 0; d < job.dup_ids.size(); ++d) {
      s.articles.push_back(job.dup_ids[d]);
      outlet[job.dup_ids[d]] = job.dup_outlets[d];
    }
    job.row = SummariseStory(s, job.members, job.dup_outlets, job.dup_published);
    job.digest = StoryDigest(s, [&](const std::string& a) {
      auto it = outlet.find(a);
      return it == outlet.end() ? a : it->second;
    });
  });

  timer.Mark("analyse");
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t w = 0; w < order.size(); ++w) order[w] = w;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return jobs[x].story < jobs[y].story; });
  std::vector<std::int64_t> ids;
  for (std::size_t w : order) ids.push_back(jobs[w].story);
  // Set-based: one statement each for the reports, entities and revisions
  // of all the jobs (a few round trips a batch, not four per story).
  std::vector<std::string> titles, bodies, reports, digests;
  std::vector<std::int64_t> counts, outlets;
  std::vector<std::optional<std::string>> firsts, lasts;
  for (std::size_t w : order) {
    const Work& job = work[w];
    titles.push_back(job.story.title);
    counts.push_back(static_cast<std::int64_t>(job.story.articles.size()));
    outlets.push_back(static_cast<std::int64_t>(job.row.outlets));
    firsts.push_back(job.row.first_published);
    lasts.push_back(job.row.last_published);
    reports.push_back(EncodeStory(job.story));
    bodies.push_back(job.row.body);
  }
  const std::string report_params[] = {PgIntArray(ids),      PgTextArray(titles),    PgIntArray(counts),
                                       PgIntArray(outlets),  PgOptTextArray(firsts), PgOptTextArray(lasts),
                                       PgByteaArray(reports), PgTextArray(bodies)};
  std::size_t written = 0;
  InTransaction(db_, "READ COMMITTED", 3, [&] {
    written = 0;
    db_.Exec("SELECT n FROM stories WHERE n = ANY($1::bigint[]) ORDER BY n FOR UPDATE", {PgIntArray(ids)});
    // Compare-and-set: only the stories still stale from this batch.
    PgResult u = db_.Exec(
        "UPDATE stories s SET title = v.title, articles = v.articles, outlets = v.outlets, first_published = v.first, "
        "last_published = v.last, report = v.report, body = v.body, stale_batch = NULL "
        "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bytea[], $8::text[]) "
        "AS v(n, title, articles, outlets, first, last, report, body) WHERE s.n = v.n AND s.stale_batch = $9 RETURNING s.n",
        {report_params[0], report_params[1], report_params[2], report_params[3], report_params[4], report_params[5],
         report_params[6], report_params[7], batch});
    std::set<std::int64_t> done;
    for (int r = 0; r < u.rows(); ++r) done.insert(u.Int(r, 0));
    written = done.size();
    if (done.empty()) return;
    std::vector<std::int64_t> done_ids, entity_story, revision_story;
    std::vector<std::string> entity_names, revision_digests;
    for (std::size_t w : order) {
      const std::int64_t id = jobs[w].story;
      if (!done.count(id)) continue;
      done_ids.push_back(id);
      for (const Entity& e : work[w].story.entities) {
        entity_names.push_back(e.name);
        entity_story.push_back(id);
      }
      revision_story.push_back(id);
      revision_digests.push_back(work[w].digest);
    }
    db_.Exec("DELETE FROM story_entities WHERE story = ANY($1::bigint[])", {PgIntArray(done_ids)});
    if (!entity_names.empty()) {
      db_.Exec("INSERT INTO story_entities(name, story) SELECT * FROM unnest($1::text[], $2::bigint[]) "
               "ON CONFLICT DO NOTHING",
               {PgTextArray(entity_names), PgIntArray(entity_story)});
    }
    db_.Exec(
        "INSERT INTO revisions(story, batch, at, digest) SELECT v.story, $2, $3, v.digest "
        "FROM unnest($1::bigint[], $4::bytea[]) AS v(story, digest) "
        "ON CONFLICT (story, batch) DO UPDATE SET at = EXCLUDED.at, digest = EXCLUDED.digest",
        {PgIntArray(revision_story), batch, at, PgByteaArray(revision_digests)});
    db_.Exec("UPDATE store_revision SET rev = rev + 1");
  });
  timer.Mark("report_write");
  return written;
}

std::size_t PgStore::RepairStaleStories(const StoreIngestOptions& options) {
  std::size_t written = 0;
  PgResult stale = db_.Exec("SELECT DISTINCT stale_batch FROM stories WHERE stale_batch IS NOT NULL ORDER BY 1");
  for (int b = 0; b < stale.rows(); ++b) {
    const std::int64_t batch = stale.Int(b, 0);
    // Held by a live worker: its batch is still writing these reports.
    if (!db_.Exec("SELECT pg_try_advisory_lock($1::integer, $2::integer)", {kReportLockClass, batch}).Bool(0, 0)) continue;
    report_lock_ = batch;
    std::vector<ReportJob> jobs;
    PgResult s = db_.Exec("SELECT n FROM stories WHERE stale_batch = $1 AND merged_into IS NULL ORDER BY n", {batch});
    for (int i = 0; i < s.rows(); ++i) {
      ReportJob job{s.Int(i, 0), {}};
      PgResult m = db_.Exec(
          "SELECT n FROM articles WHERE story = $1 AND duplicate_of IS NULL ORDER BY cluster_group, cluster_seq", {job.story});
      for (int r = 0; r < m.rows(); ++r) job.member_rows.push_back(m.Int(r, 0));
      if (!job.member_rows.empty()) jobs.push_back(std::move(job));
    }
    PgResult when = db_.Exec("SELECT at FROM batches WHERE id = $1", {batch});
    written += WriteReports(batch, when.rows() ? when.Text(0, 0) : UtcNow(), jobs, options);
    ReleaseReportLock();
  }
  return written;
}

}  // namespace parallax::store_internal
