// parallax serve: the JSON API and the pages, through a real server on an
// ephemeral port of 127.0.0.1, over a store filled with the examples. Every
// JSON answer is checked against docs/openapi.json (the response schema of
// its path, method and status) with a small validator for the part of JSON
// Schema that file uses: $ref, type (one or a list), properties, required,
// items, enum, minimum, minItems, maxItems.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <regex>
#include <sstream>
#include <thread>

#include "report/report.h"
#include "serve/cache.h"
#include "serve/serve.h"
#include "store_test_util.h"

namespace parallax {
namespace {

using json = nlohmann::json;
using namespace store_testing;

// --- the validator -----------------------------------------------------------

class SchemaValidator {
 public:
  explicit SchemaValidator(json doc) : doc_(std::move(doc)) {}

  // Problems of `value` against `schema`, one per line ("" = valid).
  std::string Check(const json& schema, const json& value, const std::string& where = "$") const {
    std::string out;
    Validate(schema, value, where, &out, 0);
    return out;
  }

  // The response schema of an operation, or null when the file has none.
  json ResponseSchema(const std::string& method, const std::string& path, int status) const {
    for (const auto& [templ, item] : doc_["paths"].items()) {
      // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on "literal" + a temporary.
      std::string pattern = "^";
      pattern += std::regex_replace(templ, std::regex(R"(\{[^}]+\})"), "[^/]+");
      pattern += "$";
      const std::regex re(pattern);
      if (!std::regex_match(path, re) || !item.contains(method)) continue;
      const json& responses = item[method]["responses"];
      const std::string code = std::to_string(status);
      if (!responses.contains(code)) return json();
      const json& r = responses[code];
      if (!r.contains("content")) return json::object();
      return r["content"]["application/json"]["schema"];
    }
    return json();
  }

 private:
  static bool IsType(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer() || v.is_number_unsigned();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
  }

  void Validate(const json& schema, const json& v, const std::string& where, std::string* out, int depth) const {
    if (depth > 64) return;
    if (schema.contains("$ref")) {
      const std::string ref = schema["$ref"];
      const std::string prefix = "#/components/schemas/";
      ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
      ASSERT_TRUE(doc_["components"]["schemas"].contains(ref.substr(prefix.size()))) << "dangling " << ref;
      Validate(doc_["components"]["schemas"][ref.substr(prefix.size())], v, where, out, depth + 1);
      return;
    }
    if (schema.contains("type")) {
      std::vector<std::string> types;
      if (schema["type"].is_array()) {
        for (const auto& t : schema["type"]) types.push_back(t);
      } else {
        types.push_back(schema["type"]);
      }
      if (std::none_of(types.begin(), types.end(), [&](const std::string& t) { return IsType(v, t); })) {
        *out += where + ": expected " + json(types).dump() + ", got " + v.type_name() + "\n";
        return;
      }
    }
    if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
      *out += where + ": " + v.dump() + " not in " + schema["enum"].dump() + "\n";
    }
    if (schema.contains("minimum") && v.is_number() && v.get<double>() < schema["minimum"].get<double>()) {
      *out += where + ": below the minimum\n";
    }
    if (v.is_object()) {
      if (schema.contains("required")) {
        for (const auto& k : schema["required"]) {
          if (!v.contains(k.get<std::string>())) *out += where + ": missing " + k.get<std::string>() + "\n";
        }
      }
      if (schema.contains("properties")) {
        for (const auto& [k, sub] : schema["properties"].items()) {
          if (v.contains(k)) Validate(sub, v[k], where + "." + k, out, depth + 1);
        }
      }
    }
    if (v.is_array()) {
      if (schema.contains("minItems") && v.size() < schema["minItems"].get<std::size_t>()) *out += where + ": too few items\n";
      if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<std::size_t>()) *out += where + ": too many items\n";
      if (schema.contains("items")) {
        for (std::size_t i = 0; i < v.size(); ++i) Validate(schema["items"], v[i], where + "[" + std::to_string(i) + "]", out, depth + 1);
      }
    }
  }

  json doc_;
};

TEST(SchemaValidator, RejectsWhatTheSchemaForbids) {
  SchemaValidator val(json::parse(R"({"components":{"schemas":{"E":{"type":"object","properties":{"error":{"type":"string"}},"required":["error"]}}}})"));
  const json ref = {{"$ref", "#/components/schemas/E"}};
  EXPECT_EQ(val.Check(ref, json{{"error", "x"}}), "");
  EXPECT_NE(val.Check(ref, json{{"message", "x"}}), "");
  EXPECT_NE(val.Check(ref, json{{"error", 3}}), "");
  EXPECT_NE(val.Check(json{{"type", json::array({"string", "null"})}}, json(1)), "");
  EXPECT_EQ(val.Check(json{{"type", json::array({"string", "null"})}}, json(nullptr)), "");
  EXPECT_NE(val.Check(json{{"type", "array"}, {"items", {{"type", "integer"}}}}, json::array({1, "a"})), "");
}

// --- kept answers ---------------------------------------------------------------

std::shared_ptr<const serve_internal::Reply> Page(std::size_t bytes, char fill) {
  serve_internal::Reply r;
  r.content_type = "text/html";
  r.body.assign(bytes, fill);
  return std::make_shared<const serve_internal::Reply>(std::move(r));
}

TEST(ResponseCache, AnswersOnlyTheSameRevisionAndDropsTheLeastRecentlyUsedFirst) {
  serve_internal::ResponseCache cache(16000);
  cache.Put("/stories/1", 7, Page(1000, 'a'));
  cache.Put("/stories/2", 7, Page(1000, 'b'));
  ASSERT_NE(cache.Get("/stories/1", 7), nullptr);
  EXPECT_EQ(cache.Get("/stories/1", 7)->body, std::string(1000, 'a'));
  EXPECT_EQ(cache.Get("/stories/1", 8), nullptr) << "a newer revision never gets an older answer";
  EXPECT_EQ(cache.Get("/stories/1", 7), nullptr) << "the stale answer was dropped";
  EXPECT_EQ(cache.entries(), 1u);
  // Over budget: the least recently used goes first ("/stories/2" was
  // read last, so "/stories/3" goes).
  cache.Put("/stories/3", 8, Page(1900, 'c'));
  ASSERT_NE(cache.Get("/stories/2", 7), nullptr);
  for (int i = 4; i < 20; ++i) cache.Put("/stories/" + std::to_string(i), 8, Page(1000, 'x'));
  EXPECT_LE(cache.bytes(), 16000u);
  EXPECT_EQ(cache.Get("/stories/3", 8), nullptr);
  EXPECT_NE(cache.Get("/stories/19", 8), nullptr);
  // An answer over an eighth of the budget is not kept; budget 0 keeps none.
  cache.Put("/big", 8, Page(2100, 'z'));
  EXPECT_EQ(cache.Get("/big", 8), nullptr);
  serve_internal::ResponseCache off(0);
  off.Put("/", 1, Page(10, 'h'));
  EXPECT_EQ(off.Get("/", 1), nullptr);
  EXPECT_EQ(off.bytes(), 0u);
}

// --- the server ----------------------------------------------------------------

constexpr const char* kToken = "test-token-7f3a";

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_ / "news.db";
    {
      auto store = MustOpen(db_);
      ASSERT_NE(store, nullptr);
      MustIngest(*store, {ExamplesDir()});
      WriteFile(dir_ / "hostile.jsonl", HostileLine() + "\n");
      MustIngest(*store, {dir_ / "hostile.jsonl"});
    }
    spec_ = json::parse(ReadFile(std::string(PARALLAX_SOURCE_DIR) + "/docs/openapi.json"));
    validator_ = std::make_unique<SchemaValidator>(spec_);
    Start(Options());
  }
  void TearDown() override { StopServer(); }

  ServeOptions Options() const {
    ServeOptions o;
    o.db = db_;
    o.port = 0;
    o.ingest_token = kToken;
    o.max_body_bytes = 1 << 20;
    o.threads = 4;
    return o;
  }
  // (Re)starts the server on the test's store with these options.
  void Start(const ServeOptions& o) {
    StopServer();
    server_ = std::make_unique<WebServer>(o, &log_);
    Status s = server_->Bind();
    ASSERT_TRUE(s.ok()) << s.message();
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(60, 0);
  }
  void StopServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  static std::string HostileLine() {
    return json{{"id", "hostile\"><svg onload=alert(1)>"},
                {"source", "<img src=x onerror=alert('outlet')>"},
                {"url", "javascript:alert(document.domain)"},
                {"title", "<script>alert('title')</script> Harbour \u202Egnp.exe\u202C cranes"},
                {"published", "2025-03-05"},
                {"text",
                 "The harbour cranes at Port <b onmouseover=alert(1)>Velmar</b> stood idle on Wednesday.\n\n"
                 "\"</blockquote><script>alert('quote')</script>\", said Ana <i>Brezic</i>."}}
        .dump();
  }

  // GET or POST `path`; checks the security headers, the status, and for a
  // JSON answer its schema in docs/openapi.json. Returns the parsed body
  // (null for HTML).
  json Call(const std::string& method, const std::string& path, int want, const std::string& body = "",
            const httplib::Headers& headers = {}) {
    httplib::Result r = method == "post" ? client_->Post(path, headers, body, "application/x-ndjson")
                                         : client_->Get(path, headers);
    EXPECT_TRUE(r) << method << " " << path << ": no answer";
    if (!r) return json();
    EXPECT_EQ(r->status, want) << method << " " << path << ": " << r->body.substr(0, 300);
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    const std::string type = r->get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
      EXPECT_NE(path.rfind("/api/", 0), 0u) << path << " answered " << type;
      last_html_ = r->body;
      return json();
    }
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path << ": not JSON";
    const std::string bare = path.substr(0, path.find('?'));
    json schema = validator_->ResponseSchema(method, bare, r->status);
    if (schema.is_null() && r->status == 404 && validator_->ResponseSchema(method, bare, 200).is_null()) {
      schema = {{"$ref", "#/components/schemas/Error"}};  // a path the API does not have
    }
    EXPECT_FALSE(schema.is_null()) << method << " " << bare << " " << r->status << " is not in docs/openapi.json";
    if (!schema.is_null()) {
      EXPECT_EQ(validator_->Check(schema, j), "") << method << " " << path;
    }
    last_location_ = r->get_header_value("Location");
    return j;
  }

  TempDir dir_;
  std::string db_;
  std::ostringstream log_;
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  json spec_;
  std::unique_ptr<SchemaValidator> validator_;
  std::string last_html_, last_location_;
};

std::string Enc(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST_F(ServeTest, EveryEndpointAnswersAsTheOpenApiFileSays) {
  json served = Call("get", "/api/openapi.json", 200);
  EXPECT_EQ(served, spec_) << "the served OpenAPI document is not docs/openapi.json";

  json list = Call("get", "/api/stories?limit=100", 200);
  ASSERT_GE(list["stories"].size(), 3u);
  const std::string story = list["stories"][0]["id"];
  json one = Call("get", "/api/stories/" + story, 200);
  Call("get", "/api/stories/999999", 404);
  Call("get", "/api/stories/not-a-number", 404);

  const std::string article = one["articles"][0]["id"];
  json a = Call("get", "/api/articles/" + Enc(article), 200);
  EXPECT_EQ(a["article"]["id"], article);
  EXPECT_EQ(a["story"]["id"], story);
  Call("get", "/api/articles/no-such-article", 404);

  json hits = Call("get", "/api/search?q=strike", 200);
  EXPECT_FALSE(hits["articles"].empty());
  EXPECT_FALSE(hits["stories"].empty());
  EXPECT_NE(hits["articles"][0]["snippet"].get<std::string>().find("\u00ab"), std::string::npos);

  json entities = Call("get", "/api/entities", 200);
  ASSERT_FALSE(entities["entities"].empty());
  const std::string name = entities["entities"][0]["name"];
  json prefixed = Call("get", "/api/entities?q=" + Enc(name.substr(0, 3)) + "&limit=5", 200);
  EXPECT_FALSE(prefixed["entities"].empty());
  json entity = Call("get", "/api/entities/" + Enc(name), 200);
  EXPECT_FALSE(entity["stories"].empty());
  Call("get", "/api/entities/" + Enc("Nobody Atall"), 404);

  json outlets = Call("get", "/api/outlets", 200);
  ASSERT_GE(outlets["outlets"].size(), 5u);
  json outlet = Call("get", "/api/outlets/" + Enc("The Northern Ledger"), 200);
  EXPECT_EQ(outlet["articles"], 1);
  EXPECT_EQ(outlet["stories"].size(), 1u);
  Call("get", "/api/outlets/" + Enc("No Such Outlet"), 404);
}

TEST_F(ServeTest, MalformedParametersAreA400NeverACrash) {
  for (const char* path : {"/api/stories?limit=abc", "/api/stories?limit=0", "/api/stories?limit=101",
                           "/api/stories?limit=-1", "/api/stories?since=yesterday", "/api/stories?until=2025-13",
                           "/api/stories?sort=random", "/api/stories?cursor=garbage", "/api/stories?cursor=n.zz.1",
                           "/api/stories?sort=coverage&cursor=n.00.1", "/api/stories?q=%22unclosed",
                           "/api/search", "/api/search?q=", "/api/search?q=%22unclosed", "/api/search?q=NOT",
                           "/api/search?q=strike&limit=x", "/api/entities?limit=1000"}) {
    Call("get", path, 400);
  }
  Call("get", "/api/nothing-here", 404);
  Call("get", "/no-such-page", 404);
  EXPECT_NE(last_html_.find("<h1>Not found</h1>"), std::string::npos);
}

TEST_F(ServeTest, CursorPagesListEveryStoryOnceInBothSorts) {
  auto store = OpenStore(db_, ReadOnly());
  ASSERT_TRUE(store.ok());
  const std::size_t total = (*store)->ListStories({}).value().size();
  for (const std::string sort : {"newest", "coverage"}) {
    std::set<std::string> seen;
    std::string cursor;
    std::vector<std::pair<std::string, int>> keys;
    for (int page = 0; page < 100; ++page) {
      json j = Call("get", "/api/stories?limit=2&sort=" + sort + (cursor.empty() ? "" : "&cursor=" + cursor), 200);
      for (const auto& s : j["stories"]) {
        EXPECT_TRUE(seen.insert(s["id"].get<std::string>()).second) << sort << ": story " << s["id"] << " twice";
        keys.push_back({s["last_published"].is_null() ? "" : s["last_published"].get<std::string>(), s["outlets"].get<int>()});
      }
      if (j["next_cursor"].is_null()) break;
      cursor = j["next_cursor"];
    }
    EXPECT_EQ(seen.size(), total) << sort;
    for (std::size_t i = 1; i < keys.size(); ++i) {
      if (sort == "newest") {
        EXPECT_GE(keys[i - 1].first, keys[i].first) << i;
      } else {
        EXPECT_GE(keys[i - 1].second, keys[i].second) << i;
      }
    }
  }
  json filtered = Call("get", "/api/stories?outlet=" + Enc("The Northern Ledger"), 200);
  ASSERT_EQ(filtered["stories"].size(), 1u);
  json found = Call("get", "/api/stories?q=hailstorm", 200);
  ASSERT_EQ(found["stories"].size(), 1u);
  json none = Call("get", "/api/stories?since=2099-01-01", 200);
  EXPECT_TRUE(none["stories"].empty());
}

TEST_F(ServeTest, StoryJsonIsWhatTheStoreGivesAnalyzeShaped) {
  auto store = OpenStore(db_, ReadOnly());
  ASSERT_TRUE(store.ok());
  auto list = (*store)->ListStories({});
  ASSERT_TRUE(list.ok());
  for (const StoryListing& l : *list) {
    auto view = (*store)->GetStory(l.id, std::nullopt);
    ASSERT_TRUE(view.ok());
    auto r = client_->Get("/api/stories/" + l.id);
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body), json::parse(RenderJson(view->report))) << "story " << l.id;
  }
}

TEST_F(ServeTest, AMergedStoryIdRedirectsToTheSurvivingStory) {
  server_->Stop();
  thread_.join();
  WriteMergeInputs(dir_);
  {
    auto store = MustOpen(db_);
    MustIngest(*store, {dir_ / "d1"}, "2025-04-01T12:00:00Z");
    MustIngest(*store, {dir_ / "d2"}, "2025-04-02T12:00:00Z");
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT n, merged_into FROM stories WHERE merged_into IS NOT NULL", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW) << "the merge scenario merged nothing";
  const std::string merged = std::to_string(sqlite3_column_int64(st, 0));
  const std::string live = std::to_string(sqlite3_column_int64(st, 1));
  sqlite3_finalize(st);
  sqlite3_close(db);

  ServeOptions o;
  o.db = db_;
  o.port = 0;
  server_ = std::make_unique<WebServer>(o, &log_);
  ASSERT_TRUE(server_->Bind().ok());
  thread_ = std::thread([this] { server_->Run(); });
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  json j = Call("get", "/api/stories/" + merged, 308);
  EXPECT_EQ(j["merged_into"], live);
  EXPECT_EQ(last_location_, "/api/stories/" + live);
  auto page = client_->Get("/stories/" + merged);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 301);
  EXPECT_EQ(page->get_header_value("Location"), "/stories/" + live);
  // Without the token option, POST is off.
  Call("post", "/api/articles", 403, HostileLine());
}

TEST_F(ServeTest, PostIngestsJsonLinesOnlyWithTheBearerToken) {
  const std::string line =
      json{{"id", "posted-1"}, {"source", "Posted Daily"}, {"title", "Velmar dock strike enters its third day"},
           {"published", "2025-03-06"},
           {"text", "The dock strike at the port of Velmar entered its third day on Thursday, with union leader Ana "
                    "Brezic saying workers would not back down.\n\nShipping companies said dozens of vessels were "
                    "waiting outside the harbour."}}
          .dump();
  Call("post", "/api/articles", 401, line);
  Call("post", "/api/articles", 401, line, {{"Authorization", "Bearer wrong"}});
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  Call("post", "/api/articles", 400, "not json at all\n", auth);
  Call("post", "/api/articles", 413, std::string(2 << 20, 'x'), auth);
  json done = Call("post", "/api/articles", 200, line + "\n{broken\n", auth);
  EXPECT_EQ(done["new_articles"], 1);
  EXPECT_EQ(done["errors"].size(), 1u) << "the broken line is reported";
  ASSERT_EQ(done["stories"].size(), 1u);
  // Readers see the batch at once.
  json a = Call("get", "/api/articles/posted-1", 200);
  EXPECT_EQ(a["story"]["id"], done["stories"][0]);
  json again = Call("post", "/api/articles", 200, line, auth);
  EXPECT_EQ(again["unchanged"], 1);
}

TEST_F(ServeTest, KeptAnswersFollowEveryIngestEvenFromAnotherProcess) {
  // The server keeps rendered answers per store revision; a batch written
  // by another writer (here a second connection, as `parallax ingest` would)
  // must show at once, in the JSON and in the pages.
  json before = Call("get", "/api/search?q=Quorvath", 200);
  EXPECT_TRUE(before["articles"].empty());
  Call("get", "/search?q=Quorvath", 200);
  EXPECT_EQ(last_html_.find("Quorvath turbine"), std::string::npos);
  json list = Call("get", "/api/stories?limit=100", 200);
  Call("get", "/api/stories?limit=100", 200);  // a kept answer
  {
    auto writer = MustOpen(db_);
    ASSERT_NE(writer, nullptr);
    WriteFile(dir_ / "later.jsonl",
              json{{"id", "later-1"}, {"source", "Later Post"}, {"title", "Quorvath turbine hall reopens"},
                   {"published", "2025-03-09"},
                   {"text", "The Quorvath turbine hall reopened on Sunday after a month of repairs, the operator "
                            "said.\n\nEngineers replaced two of its four generators."}}
                      .dump() + "\n");
    MustIngest(*writer, {dir_ / "later.jsonl"});
  }
  json after = Call("get", "/api/search?q=Quorvath", 200);
  ASSERT_EQ(after["articles"].size(), 1u);
  EXPECT_EQ(after["articles"][0]["id"], "later-1");
  Call("get", "/search?q=Quorvath", 200);
  EXPECT_NE(last_html_.find("Quorvath turbine"), std::string::npos);
  json list_after = Call("get", "/api/stories?limit=100", 200);
  EXPECT_EQ(list_after["stories"].size(), list["stories"].size() + 1);
}

TEST_F(ServeTest, ABacklogOfConnectionsIsAnswered429WithRetryAfter) {
  // Two workers, no waiting allowed: two stalled connections hold both
  // workers, three requests queue behind them. When the stalled clients
  // leave, requests still finding others waiting get 429; the rest 200.
  ServeOptions o = Options();
  o.threads = 2;
  o.max_waiting = 0;
  Start(o);
  const int port = server_->port();
  auto stall = [port] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    return fd;
  };
  const int s1 = stall(), s2 = stall();
  for (int i = 0; i < 10000 && server_->busy() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const long held = server_->busy();
  const std::vector<std::string> paths = {"/api/stories", "/api/outlets", "/"};
  std::vector<int> status(paths.size(), 0);
  std::vector<std::string> retry(paths.size()), body(paths.size());
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    clients.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(60, 0);
      if (auto r = c.Get(paths[i])) {
        status[i] = r->status;
        retry[i] = r->get_header_value("Retry-After");
        body[i] = r->body;
      }
    });
  }
  for (int i = 0; i < 10000 && server_->waiting() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const long queued = server_->waiting();
  ::close(s1);
  ::close(s2);
  for (std::thread& t : clients) t.join();
  ASSERT_EQ(held, 2) << "both workers hold a stalled connection";
  ASSERT_EQ(queued, 3) << "the three requests queue behind the stalled connections";
  int refused = 0, served = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (status[i] == 429) {
      ++refused;
      EXPECT_EQ(retry[i], "1") << paths[i];
      if (paths[i].rfind("/api/", 0) == 0) {
        json j = json::parse(body[i], nullptr, false);
        EXPECT_TRUE(j.contains("error")) << body[i];
        EXPECT_EQ(validator_->Check({{"$ref", "#/components/schemas/Error"}}, j), "");
      } else {
        EXPECT_NE(body[i].find("<h1>"), std::string::npos) << "a page answers with an HTML page";
      }
    } else {
      EXPECT_EQ(status[i], 200) << paths[i];
      ++served;
    }
  }
  EXPECT_GE(refused, 1);
  EXPECT_GE(served, 1) << "the last one in the queue finds no one waiting";
  // The backlog gone, the next request is served.
  Call("get", "/api/stories", 200);
}

TEST_F(ServeTest, AQueryPastTheTimeLimitIsA503NeverAHang) {
  // A limit of 0 ms: every query long enough for SQLite to look at the clock
  // (every few thousand steps) is stopped. The answer is a 503 with a JSON
  // error (or an HTML page), and the worker serves the next request.
  ServeOptions o = Options();
  o.time_limit = std::chrono::milliseconds(0);
  o.cache_bytes = 0;
  Start(o);
  // A search over every article's words, ranked: far more than a few
  // thousand steps.
  const std::string everything = "/api/search?q=" + Enc("t* OR a* OR s* OR w* OR p* OR c* OR m*") + "&limit=100";
  json j = Call("get", everything, 503);
  ASSERT_TRUE(j.contains("error"));
  EXPECT_NE(j["error"].get<std::string>().find("limit"), std::string::npos) << j.dump();
  Call("get", "/search?q=" + Enc("t* OR a* OR s* OR w* OR p* OR c* OR m*") + "&limit=100", 503);
  EXPECT_NE(last_html_.find("limit"), std::string::npos);
  // The connection and its worker still serve: the same server with a
  // normal limit answers (its stores were given back, not left stopped).
  Call("get", "/api/openapi.json", 200);
  StopServer();  // the log is written after the answer is sent: read it once the server is gone
  EXPECT_NE(log_.str().find(" 503 "), std::string::npos) << "the 503 is in the request log";
}

TEST_F(ServeTest, PagesEscapeEveryFieldAndLinkOnlyHttpUrls) {
  auto store = OpenStore(db_, ReadOnly());
  ASSERT_TRUE(store.ok());
  auto article = (*store)->GetArticle("hostile\"><svg onload=alert(1)>");
  ASSERT_TRUE(article.ok()) << article.status().message();
  ASSERT_TRUE(article->story);
  const std::vector<std::string> pages = {
      "/", "/?sort=coverage", "/stories/" + *article->story, "/articles/" + Enc(article->article.id), "/outlets",
      "/outlets/" + Enc(*article->article.source), "/search?q=cranes", "/search?q=" + Enc("<script>"),
      "/entities/" + Enc("Ana Brezic"), "/stories/424242"};
  for (const std::string& p : pages) {
    Call("get", p, p == "/stories/424242" ? 404 : 200);
    const std::string& html = last_html_;
    EXPECT_EQ(html.find("<script"), std::string::npos) << p;
    EXPECT_EQ(html.find("<svg"), std::string::npos) << p;
    EXPECT_EQ(html.find("<img"), std::string::npos) << p;
    EXPECT_EQ(html.find("<b onmouseover"), std::string::npos) << p;
    EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos) << p;
    EXPECT_EQ(html.find("style=\""), std::string::npos) << p << ": an inline style the CSP would block";
    EXPECT_NE(html.find("<h1>"), std::string::npos) << p;
  }
  // Ingest strips tags from titles and texts but keeps the outlet name as
  // given: the pages show it as text.
  ASSERT_EQ(*article->article.source, "<img src=x onerror=alert('outlet')>");
  Call("get", "/articles/" + Enc(article->article.id), 200);
  EXPECT_NE(last_html_.find("&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;"), std::string::npos);
  Call("get", "/stories/" + *article->story, 200);
  EXPECT_NE(last_html_.find("&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;"), std::string::npos);
  // One log line per request: method, path, status, time (written after
  // the answer, so read once the server has stopped).
  server_->Stop();
  thread_.join();
  EXPECT_NE(log_.str().find(" GET /stories/424242 404 "), std::string::npos) << log_.str();
}

}  // namespace
}  // namespace parallax
