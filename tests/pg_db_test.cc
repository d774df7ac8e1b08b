// PgDb (src/store/pg_db.h) against a throw-away PostgreSQL server.
#include "store/pg_db.h"

#include <gtest/gtest.h>

#include <string>

#include "pg_test_util.h"

namespace parallax::store_internal {
namespace {

TEST(PgDb, HostileTextAndBytesReachTheTableUnchangedAsBoundParameters) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  db.Exec("CREATE TABLE t (id bigint PRIMARY KEY, title text, body bytea)");
  const std::string title = "Robert'); DROP TABLE t; -- $1 \\x00 «quoted» \xF0\x9F\x93\xB0";
  std::string bytes;
  for (int c = 0; c < 256; ++c) bytes.push_back(static_cast<char>(c));
  db.Exec("INSERT INTO t (id, title, body) VALUES ($1, $2, $3)", {std::int64_t{7}, title, PgParam::Bytes(bytes)});
  PgResult r = db.Exec("SELECT id, title, body FROM t WHERE title = $1", {title});
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.Int(0, 0), 7);
  EXPECT_EQ(r.Text(0, 1), title);
  EXPECT_EQ(r.Bytes(0, 2), bytes);
  EXPECT_EQ(db.Exec("SELECT count(*) FROM t").Int(0, 0), 1);
}

TEST(PgDb, NullParametersAndColumns) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  db.Exec("CREATE TABLE t (id bigint, note text)");
  db.Exec("INSERT INTO t VALUES ($1, $2)", {std::int64_t{1}, std::optional<std::string>()});
  PgResult r = db.Exec("SELECT note FROM t");
  ASSERT_EQ(r.rows(), 1);
  EXPECT_TRUE(r.IsNull(0, 0));
  EXPECT_FALSE(r.OptText(0, 0).has_value());
}

TEST(PgDb, AUniqueViolationCarriesItsSqlState) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok());
  db.Exec("CREATE TABLE t (id text PRIMARY KEY)");
  db.Exec("INSERT INTO t VALUES ($1)", {"a"});
  try {
    db.Exec("INSERT INTO t VALUES ($1)", {"a"});
    FAIL() << "a duplicate key was accepted";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate, "23505");
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
  }
  // The connection is still usable after the error.
  EXPECT_EQ(db.Exec("SELECT count(*) FROM t").Int(0, 0), 1);
}

TEST(PgDb, ARefusedConnectionIsAStatusThatHidesThePassword) {
  PgDb db;
  Status s = db.Connect("postgresql://reader:s3cret@/nodb?host=/nonexistent-parallax-socket&connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("s3cret"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("reader:***@"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("cannot connect"), std::string::npos) << s.message();
  EXPECT_EQ(RedactUri("host=db user=a password=xyz dbname=n"), "host=db user=a password=*** dbname=n");
}

TEST(PgDb, ATransactionIsRetriedAfterASerializationFailureAndRolledBackOnOtherErrors) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  PgDb a, b;
  ASSERT_TRUE(a.Connect(uri).ok());
  ASSERT_TRUE(b.Connect(uri).ok());
  a.Exec("CREATE TABLE counter (n bigint)");
  a.Exec("INSERT INTO counter VALUES (0)");
  // Two serialisable read-modify-write transactions interleaved on purpose:
  // the second to commit fails with 40001 and is run again from the start.
  int runs = 0;
  InTransaction(a, "SERIALIZABLE", 5, [&] {
    ++runs;
    std::int64_t n = a.Exec("SELECT n FROM counter").Int(0, 0);
    if (runs == 1) {
      InTransaction(b, "SERIALIZABLE", 1, [&] {
        std::int64_t m = b.Exec("SELECT n FROM counter").Int(0, 0);
        b.Exec("UPDATE counter SET n = $1", {m + 10});
      });
    }
    a.Exec("UPDATE counter SET n = $1", {n + 1});
  });
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(a.Exec("SELECT n FROM counter").Int(0, 0), 11);  // neither update lost

  EXPECT_THROW(InTransaction(a, "READ COMMITTED", 5,
                             [&] {
                               a.Exec("UPDATE counter SET n = 0");
                               a.Exec("SELECT no_such_column FROM counter");
                             }),
               PgError);
  EXPECT_EQ(a.Exec("SELECT n FROM counter").Int(0, 0), 11);  // rolled back
}

}  // namespace
}  // namespace parallax::store_internal
