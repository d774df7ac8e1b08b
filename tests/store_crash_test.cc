// Tests of the story store through the built binary: kill -9 at random
// points of an ingest, a file-size limit (disk full), readers during a
// write, two writers at once, and the commands ingest, stories, story,
// search and export with their errors and exit codes.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "ingest/reader.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store_test_util.h"
#include "pg_test_util.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using namespace store_testing;

// --- Through the binary: crashes, a full disk, two writers -----------------

struct Child {
  pid_t pid = -1;
};

// Starts `parallax ingest --db DB DIR --at AT` with stdout and stderr to
// `log`; `fsize_limit` > 0 sets RLIMIT_FSIZE in the child.
Child StartIngest(const std::string& db, const std::vector<std::string>& dirs, const std::string& at,
                  const std::string& log, rlim_t fsize_limit = 0, long crash_after = 0) {
  Child c;
  c.pid = ::fork();
  if (c.pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    // Names by rules rather than the tagger: its model takes most of a small
    // ingest's time to load, and the kills are meant to land in the store's work.
    ::setenv("PARALLAX_NER_MODEL", "/nonexistent/parallax-store-test.model", 1);
    if (crash_after > 0) ::setenv("PARALLAX_STORE_CRASH_AFTER", std::to_string(crash_after).c_str(), 1);
    if (fsize_limit > 0) {
      rlimit r{fsize_limit, fsize_limit};
      ::setrlimit(RLIMIT_FSIZE, &r);
    }
    std::vector<std::string> args = {"parallax", "ingest", "--db", db, "--at", at, "--threads", "1"};
    args.insert(args.end(), dirs.begin(), dirs.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(Binary().c_str(), argv.data());
    ::_exit(127);
  }
  return c;
}

int Wait(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// PRAGMA integrity_check is "ok", every recorded batch has all its
// articles, and every live story's articles point back at it.
void ExpectConsistent(const std::string& db_path) {
  // Killed before it created the store (a kill that lands during start-up
  // on a loaded machine): nothing was committed, nothing to check.
  if (!fs::exists(db_path)) return;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  store_internal::RegisterStoreFunctions(db);  // the search's content views decompress and render
  auto one = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string out;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  };
  if (one("SELECT count(*) FROM sqlite_master") != "0") {
    EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(one("SELECT count(*) FROM batches b WHERE b.new_articles + b.duplicates != "
                  "(SELECT count(*) FROM articles a WHERE a.batch = b.id)"),
              "0");
    EXPECT_EQ(one("SELECT count(*) FROM articles WHERE batch NOT IN (SELECT id FROM batches)"), "0");
    EXPECT_EQ(one("SELECT count(*) FROM articles WHERE story IS NULL OR story NOT IN "
                  "(SELECT n FROM stories WHERE merged_into IS NULL AND report IS NOT NULL)"),
              "0");
    EXPECT_EQ(one("SELECT count(*) FROM stories WHERE merged_into IS NULL AND report IS NULL"), "0");
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)", nullptr,
                           nullptr, &err),
              SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
    err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, "INSERT INTO stories_fts(stories_fts, rank) VALUES('integrity-check', 1)", nullptr,
                           nullptr, &err),
              SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

// Three days of the examples, one directory each.
std::vector<std::string> DayDirs(const TempDir& dir) {
  std::map<std::string, std::vector<fs::path>> by_day;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::set<std::string> seen;
  for (const auto& a : in.articles) {
    fs::path file = a.path.substr(0, a.path.find(':'));
    if (!seen.insert(file.string()).second) continue;
    by_day[a.published.value_or("~").substr(0, 10)].push_back(file);
  }
  std::vector<std::string> out;
  for (const auto& [day, files] : by_day) {
    const std::string d = dir / ("day-" + day);
    fs::create_directories(d);
    for (const auto& f : files) fs::copy_file(f, d + "/" + f.filename().string(), fs::copy_options::skip_existing);
    out.push_back(d);
  }
  return out;
}

TEST(StoreCrash, KillNineDuringIngestLosesNoCommittedBatchAndTheNextIngestFinishes) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  ASSERT_GE(days.size(), 3u);
  // How long each day's ingest takes, to aim the kills inside it.
  const std::string db = dir / "news.db";
  const std::string ref = dir / "ref.db";
  std::vector<long> span_us;
  for (std::size_t d = 0; d < days.size(); ++d) {
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(Wait(StartIngest(ref, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log")), 0)
        << ReadFile(dir / "log");
    span_us.push_back(static_cast<long>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count()));
  }
  std::mt19937 rng(20261207);
  constexpr int kKills = 50;
  std::size_t next_day = 0;
  int killed = 0;
  for (int k = 0; k < kKills; ++k) {
    const std::size_t d = next_day % days.size();
    Child c = StartIngest(db, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log");
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<long>(0, span_us[d] * 9 / 10)(rng)));
    ::kill(c.pid, SIGKILL);
    int rc = Wait(c);
    if (rc == 0) ++next_day;  // finished before the kill
    if (rc == 128 + SIGKILL) ++killed;
    ExpectConsistent(db);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(killed, 0);  // how many land depends on the machine's speed
  // And at 50 chosen points of the store's own work, on a second store: the
  // process kills itself (SIGKILL) before its N-th SQL step
  // (PARALLAX_STORE_CRASH_AFTER), wherever that falls in the transaction.
  const std::string db2 = dir / "stepped.db";
  int self_killed = 0;
  std::size_t next_day2 = 0;
  std::uniform_int_distribution<long> step(1, 300);
  for (int k = 0; k < kKills && next_day2 < days.size(); ++k) {
    const std::size_t d = next_day2;
    int rc = Wait(StartIngest(db2, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log", 0,
                              step(rng)));
    if (rc == 0) ++next_day2;  // the batch needed fewer steps
    if (rc == 128 + SIGKILL) ++self_killed;
    ExpectConsistent(db2);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(self_killed, 10);
  // The next ingests finish the job: the same stories as never killed.
  for (std::size_t d = 0; d < days.size(); ++d) {
    ASSERT_EQ(Wait(StartIngest(db, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log")), 0)
        << ReadFile(dir / "log");
  }
  for (std::size_t d = 0; d < days.size(); ++d) {
    ASSERT_EQ(Wait(StartIngest(db2, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log")), 0)
        << ReadFile(dir / "log");
  }
  ExpectConsistent(db);
  ExpectConsistent(db2);
  auto c2 = OpenStore(db2, ReadOnly());
  ASSERT_TRUE(c2.ok());
  auto e2 = (*c2)->Export();
  ASSERT_TRUE(e2.ok());
  auto a = OpenStore(db, ReadOnly());
  auto b = OpenStore(ref, ReadOnly());
  ASSERT_TRUE(a.ok() && b.ok());
  auto ea = (*a)->Export();
  auto eb = (*b)->Export();
  ASSERT_TRUE(ea.ok() && eb.ok());
  EXPECT_EQ(ea->articles.size(), eb->articles.size());
  EXPECT_EQ(Memberships(ea->stories), Memberships(eb->stories));
  EXPECT_EQ(e2->articles.size(), eb->articles.size());
  EXPECT_EQ(Memberships(e2->stories), Memberships(eb->stories));
}

TEST(StoreCrash, AFileSizeLimitFailsTheBatchAndLeavesTheStoreIntact) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  ASSERT_EQ(Wait(StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  auto count = [&] {
    auto s = OpenStore(db, ReadOnly());
    EXPECT_TRUE(s.ok());
    auto e = (*s)->Export();
    return e.ok() ? e->articles.size() : 0;
  };
  const std::size_t before = count();
  // The other days' pages do not fit in a write-ahead log of 64 KiB (four
  // 16 KiB pages). The limit is per file and the store's own file is not
  // written before a checkpoint, so it may already be larger.
  ASSERT_FALSE(fs::exists(db + "-wal") && fs::file_size(db + "-wal") > 0);
  const std::vector<std::string> rest(days.begin() + 1, days.end());
  int rc = Wait(StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log", 4 * 16384));
  EXPECT_EQ(rc, 2) << ReadFile(dir / "log");
  const std::string log = ReadFile(dir / "log");
  EXPECT_TRUE(log.find("I/O error") != std::string::npos || log.find("disk full") != std::string::npos) << log;
  ExpectConsistent(db);
  EXPECT_EQ(count(), before);
  // Without the limit the same ingest goes through.
  ASSERT_EQ(Wait(StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  ExpectConsistent(db);
  EXPECT_GT(count(), before);
}

TEST(StoreCrash, ReadersDuringAnIngestSeeTheLastCommittedBatch) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  ASSERT_EQ(Wait(StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  auto count = [&](std::size_t* articles) {
    auto s = OpenStore(db, ReadOnly());
    if (!s.ok()) return false;
    auto e = (*s)->Export();
    if (!e.ok()) return false;
    *articles = e->articles.size();
    return true;
  };
  std::size_t before = 0;
  ASSERT_TRUE(count(&before));
  const std::vector<std::string> rest(days.begin() + 1, days.end());
  Child c = StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log");
  std::set<std::size_t> seen;
  int reads = 0;
  for (int i = 0; i < 2000; ++i) {
    int status = 0;
    if (::waitpid(c.pid, &status, WNOHANG) == c.pid) {
      c.pid = -1;
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir / "log");
      break;
    }
    std::size_t n = 0;
    ASSERT_TRUE(count(&n)) << "a reader failed while the ingest wrote";
    seen.insert(n);
    ++reads;
  }
  if (c.pid > 0) {
    EXPECT_EQ(Wait(c), 0);
  }
  std::size_t after = 0;
  ASSERT_TRUE(count(&after));
  EXPECT_GT(after, before);
  EXPECT_GT(reads, 0);
  // Every read saw the store before the batch or after it, nothing between.
  for (std::size_t n : seen) EXPECT_TRUE(n == before || n == after) << n;
}

TEST(StoreCrash, TwoIngestsAtOnceBothLand) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  Child a = StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log-a");
  Child b = StartIngest(db, {days[1]}, "2025-03-04T00:00:00Z", dir / "log-b");
  EXPECT_EQ(Wait(a), 0) << ReadFile(dir / "log-a");
  EXPECT_EQ(Wait(b), 0) << ReadFile(dir / "log-b");
  ExpectConsistent(db);
  auto s = OpenStore(db, ReadOnly());
  ASSERT_TRUE(s.ok());
  auto e = (*s)->Export();
  ASSERT_TRUE(e.ok());
  IngestResult in = ReadInputs({days[0], days[1]}, IngestOptions{});
  EXPECT_EQ(e->articles.size(), in.articles.size());
}


// Runs the binary through the shell; returns the exit status, fills out/err.
int RunCli(const std::string& args, std::string* out, std::string* err, const TempDir& dir) {
  const std::string o = dir / "cli.out", e = dir / "cli.err";
  int status = std::system((Binary() + " " + args + " >" + o + " 2>" + e).c_str());
  *out = ReadFile(o);
  *err = ReadFile(e);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The store's commands on each backend: "sqlite" (a file) and "postgresql"
// (a fresh database on the run's throw-away server; skipped with a message
// when there is none).
class StoreCliOn : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Backends, StoreCliOn, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(StoreCliOn, IngestStoriesStorySearchExportAndTheirErrors) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  WriteMergeInputs(dir);
  const bool sqlite = GetParam() == "sqlite";
  const std::string uri = sqlite ? std::string() : PG_TEST_DATABASE();
  if (!sqlite) PG_SKIP_IF_UNAVAILABLE(uri);
  // Quoted for the shell: a URI holds '?' and '&'.
  const std::string db = "'" + (sqlite ? dir / "news.db" : uri) + "'";
  std::string out, err;
  ASSERT_EQ(RunCli("ingest --db " + db + " " + (dir / "d1") + " --at 2025-04-01T12:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(err.find("2 new"), std::string::npos) << err;
  EXPECT_NE(err.find("2 stories created"), std::string::npos) << err;
  ASSERT_EQ(RunCli("ingest --db " + db + " - --at 2025-04-02T12:00:00Z <" + (dir / "d2/both.txt"), &out, &err, dir), 0)
      << err;
  EXPECT_NE(err.find("1 merged"), std::string::npos) << err;
  ASSERT_EQ(RunCli("stories --db " + db + " --format json", &out, &err, dir), 0) << err;
  auto list = nlohmann::json::parse(out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], "1");
  EXPECT_EQ(list[0]["articles"], 3);
  // The merged id says so and shows the surviving story, with what is new.
  ASSERT_EQ(RunCli("story --db " + db + " 2 --format json --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(err.find("merged into story 1"), std::string::npos) << err;
  auto story = nlohmann::json::parse(out);
  EXPECT_EQ(story["merged_into"], "1");
  EXPECT_EQ(story["stories"][0]["id"], "1");
  ASSERT_TRUE(story["changes"].is_array());
  bool new_outlet = false;
  for (const auto& c : story["changes"]) new_outlet = new_outlet || (c["kind"] == "new_outlet" && c["text"] == "Wendle Gazette");
  EXPECT_TRUE(new_outlet) << story["changes"].dump();
  ASSERT_EQ(RunCli("story --db " + db + " 1 --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(out.find("### New since 2025-04-01T18:00:00Z"), std::string::npos) << out;
  ASSERT_EQ(RunCli("story --db " + db + " 1 --format html --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(out.find("<h2>New since 2025-04-01T18:00:00Z</h2>"), std::string::npos);
  EXPECT_EQ(RunCli("story --db " + db + " 1 --since yesterday", &out, &err, dir), 2);
  EXPECT_NE(err.find("ISO 8601"), std::string::npos) << err;
  ASSERT_EQ(RunCli("story --db " + db + " 1 --format json --since '2025-04-01 18:00'", &out, &err, dir), 0) << err;
  EXPECT_EQ(nlohmann::json::parse(out)["since"], "2025-04-01T18:00");
  EXPECT_EQ(RunCli("story --db " + db + " 77", &out, &err, dir), 1);
  EXPECT_NE(err.find("no story '77'"), std::string::npos) << err;
  // Search: hits marked; a malformed query is exit 2 with a message, and
  // SQL in a query is only text.
  ASSERT_EQ(RunCli("search --db " + db + " '\"ferry sailings\" tolland' --format json", &out, &err, dir), 0) << err;
  auto hits = nlohmann::json::parse(out);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find("\u00ab"), std::string::npos);
  EXPECT_EQ(RunCli("search --db " + db + " '\"ferry sailings'", &out, &err, dir), 2);
  EXPECT_NE(err.find("unclosed quotation mark"), std::string::npos) << err;
  EXPECT_EQ(RunCli("search --db " + db + " \"x'); DROP TABLE articles; --\"", &out, &err, dir), 2);
  EXPECT_NE(err.find("')' without a matching '('"), std::string::npos) << err;
  EXPECT_EQ(RunCli("search --db " + db + " \"1; DROP TABLE articles; --\"", &out, &err, dir), 0) << err;
  ASSERT_EQ(RunCli("export --db " + db, &out, &err, dir), 0) << err;
  auto exported = nlohmann::json::parse(out);
  EXPECT_EQ(exported["articles"].size(), 3u);
  EXPECT_EQ(exported["stories"].size(), 1u);
  if (!sqlite) {
    // A database that is not a Parallax store: exit 2, left as it was.
    const std::string foreign = PG_TEST_DATABASE();
    store_internal::PgDb raw;
    ASSERT_TRUE(raw.Connect(foreign).ok());
    raw.Exec("CREATE TABLE notes(t text)");
    EXPECT_EQ(RunCli("ingest --db '" + foreign + "' " + (dir / "d1"), &out, &err, dir), 2);
    EXPECT_NE(err.find("not a Parallax store"), std::string::npos) << err;
    EXPECT_EQ(raw.Exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Int(0, 0), 1);
    return;
  }
  // A file that is not a store: exit 2, left as it was.
  WriteFile(dir / "notes.txt", "my notes\n");
  EXPECT_EQ(RunCli("ingest --db " + (dir / "notes.txt") + " " + (dir / "d1"), &out, &err, dir), 2);
  EXPECT_NE(err.find("not a Parallax store"), std::string::npos) << err;
  EXPECT_EQ(ReadFile(dir / "notes.txt"), "my notes\n");
  EXPECT_EQ(RunCli("stories --db " + (dir / "missing.db"), &out, &err, dir), 2);
}

}  // namespace
}  // namespace parallax
