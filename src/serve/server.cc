// WebServer: cpp-httplib routes onto the handlers (handlers.h), with the
// limits, headers, logging and store connections of serve.h's contract.

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "serve/cache.h"
#include "serve/handlers.h"
#include "serve/serve.h"

namespace parallax {

namespace {

using serve_internal::Reply;
using Clock = std::chrono::steady_clock;

// Everything this server sends is its own HTML, its own stylesheet and JSON:
// no script may run, nothing is framed, forms post only back here.
constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

// A worker pool that counts the connections waiting for a worker, so that a
// backlog is answered with 429 instead of ever slower pages.
class CountingPool : public httplib::TaskQueue {
 public:
  CountingPool(std::size_t threads, std::atomic<long>* waiting, std::atomic<long>* busy)
      : pool_(threads), waiting_(waiting), busy_(busy) {}
  void enqueue(std::function<void()> fn) override {
    waiting_->fetch_add(1);
    pool_.enqueue([fn = std::move(fn), w = waiting_, b = busy_] {
      b->fetch_add(1);
      w->fetch_sub(1);
      fn();
      b->fetch_sub(1);
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<long>* waiting_;
  std::atomic<long>* busy_;
};

thread_local Clock::time_point t_request_start;

// A path as it may appear in a log line: control bytes escaped, cut at 300 bytes.
std::string LogSafe(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 300)) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > 300) out += "...";
  return out;
}

std::string UtcStamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsApi(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

// The cache key of a read request: its path and its decoded query
// parameters, each string length-prefixed so that no two requests share one.
std::string CacheKey(const httplib::Request& req) {
  std::string key = req.path;
  for (const auto& [k, v] : req.params) {
    key += '\0';
    key += std::to_string(k.size()) + ":" + k + std::to_string(v.size()) + ":" + v;
  }
  return key;
}

bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

struct WebServer::Impl {
  ServeOptions options;
  std::ostream* log;
  std::mutex log_mu;
  httplib::Server http;
  std::atomic<long> waiting{0}, busy{0};
  int port = -1;
  bool bound = false;
  std::atomic<bool> running{false}, stopping{false};

  std::mutex pool_mu;
  std::vector<std::unique_ptr<Store>> pool;  // idle read-only connections
  std::unique_ptr<Store> writer;
  std::mutex writer_mu;
  std::unique_ptr<serve_internal::ResponseCache> cache;

  // A read-only store connection for one request, back to the pool after.
  Result<std::unique_ptr<Store>> Lease() {
    {
      std::lock_guard<std::mutex> l(pool_mu);
      if (!pool.empty()) {
        auto s = std::move(pool.back());
        pool.pop_back();
        return s;
      }
    }
    StoreOpenOptions o;
    o.read_only = true;
    o.busy_timeout_ms = 2000;
    o.mmap_bytes = options.mmap_bytes;
    return OpenStore(options.db, o);
  }
  void Return(std::unique_ptr<Store> s) {
    std::lock_guard<std::mutex> l(pool_mu);
    pool.push_back(std::move(s));
  }

  static void Send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
    if (!r.location.empty()) res.set_header("Location", r.location);
    if (r.status == 429) res.set_header("Retry-After", "1");
  }

  Reply Failure(const std::string& path, int status, const std::string& message) {
    return IsApi(path) ? serve_internal::JsonError(status, message) : serve_internal::PageError(status, message);
  }

  // Runs a read handler with a leased store and the per-request time limit.
  template <typename Fn>
  void Read(const httplib::Request& req, httplib::Response& res, Fn&& fn) {
    if (waiting.load() > static_cast<long>(options.max_waiting)) {
      Send(res, Failure(req.path, 429, "too many requests waiting; try again in a second"));
      return;
    }
    auto store = Lease();
    if (!store.ok()) {
      Send(res, Failure(req.path, 500, store.status().message()));
      return;
    }
    const Clock::time_point deadline = Clock::now() + options.time_limit;
    (*store)->SetDeadline(deadline);
    std::optional<std::int64_t> revision;
    std::string key;
    if (cache) {
      revision = (*store)->Revision();
      if (revision) {
        key = CacheKey(req);
        if (std::shared_ptr<const Reply> hit = cache->Get(key, *revision)) {
          (*store)->SetDeadline(std::nullopt);
          Return(std::move(*store));
          Send(res, *hit);
          return;
        }
      }
    }
    Reply r;
    try {
      r = fn(**store, req);
      // Kept only when no batch committed while it was made: it is then
      // exactly what the store held at that revision.
      if (revision && (r.status == 200 || !r.location.empty()) && (*store)->Revision() == revision) {
        cache->Put(key, *revision, std::make_shared<const Reply>(r));
      }
    } catch (...) {
      (*store)->SetDeadline(std::nullopt);
      throw;
    }
    (*store)->SetDeadline(std::nullopt);
    Return(std::move(*store));
    if (r.status == 500 && Clock::now() > deadline) {
      r = Failure(req.path, 503,
                  "the request took longer than the server's limit of " +
                      std::to_string(options.time_limit.count()) + " ms");
    }
    Send(res, r);
  }

  void Ingest(const httplib::Request& req, httplib::Response& res) {
    if (!writer) {
      Send(res, serve_internal::JsonError(403, "ingest over HTTP is off (start parallax serve with --ingest-token)"));
      return;
    }
    const std::string auth = req.get_header_value("Authorization");
    if (!SameSecret(auth, "Bearer " + options.ingest_token)) {
      Send(res, serve_internal::JsonError(401, "missing or wrong bearer token (Authorization: Bearer TOKEN)"));
      res.set_header("WWW-Authenticate", "Bearer");
      return;
    }
    std::unique_lock<std::mutex> l(writer_mu, std::try_to_lock);
    if (!l.owns_lock()) {
      Send(res, serve_internal::JsonError(429, "another ingest is running; try again when it has finished"));
      return;
    }
    Send(res, serve_internal::ApiIngest(*writer, req.body));
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    const double ms =
        std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.1fms", ms);
    std::lock_guard<std::mutex> l(log_mu);
    *log << UtcStamp() << " " << LogSafe(req.method.empty() ? "-" : req.method) << " "
         << LogSafe(req.path.empty() ? "-" : req.path) << " " << res.status << " " << took << "\n"
         << std::flush;
  }

  void Routes() {
    using serve_internal::Params;
    auto read = [this](auto fn) {
      return [this, fn](const httplib::Request& req, httplib::Response& res) { Read(req, res, fn); };
    };
    auto arg = [](const httplib::Request& req) { return req.matches.size() > 1 ? req.matches[1].str() : std::string(); };
    namespace si = serve_internal;
    http.Get("/api/openapi.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(si::OpenApiJson(), "application/json");
    });
    http.Get("/api/stories", read([](Store& s, const httplib::Request& r) { return si::ApiStories(s, r.params); }));
    http.Get(R"(/api/stories/([^/]+))", read([arg](Store& s, const httplib::Request& r) { return si::ApiStory(s, arg(r)); }));
    http.Get(R"(/api/articles/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::ApiArticle(s, arg(r)); }));
    http.Post("/api/articles", [this](const httplib::Request& req, httplib::Response& res) { Ingest(req, res); });
    http.Get("/api/search", read([](Store& s, const httplib::Request& r) { return si::ApiSearch(s, r.params); }));
    http.Get("/api/entities", read([](Store& s, const httplib::Request& r) { return si::ApiEntities(s, r.params); }));
    http.Get(R"(/api/entities/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::ApiEntity(s, arg(r)); }));
    http.Get("/api/outlets", read([](Store& s, const httplib::Request&) { return si::ApiOutlets(s); }));
    http.Get(R"(/api/outlets/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::ApiOutlet(s, arg(r)); }));

    http.Get("/", read([](Store& s, const httplib::Request& r) { return si::PageHome(s, r.params); }));
    http.Get(R"(/stories/([^/]+))", read([arg](Store& s, const httplib::Request& r) { return si::PageStory(s, arg(r)); }));
    http.Get(R"(/articles/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::PageArticle(s, arg(r)); }));
    http.Get("/outlets", read([](Store& s, const httplib::Request&) { return si::PageOutlets(s); }));
    http.Get(R"(/outlets/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::PageOutlet(s, arg(r)); }));
    http.Get(R"(/entities/(.+))", read([arg](Store& s, const httplib::Request& r) { return si::PageEntity(s, arg(r)); }));
    http.Get("/search", read([](Store& s, const httplib::Request& r) { return si::PageSearch(s, r.params); }));
    http.Get("/static/style.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(si::StyleSheet(), "text/css; charset=utf-8");
      res.set_header("Cache-Control", "max-age=3600");
    });
    for (const char* icon : {"/static/icon.svg", "/favicon.ico"}) {
      http.Get(icon, [](const httplib::Request&, httplib::Response& res) {
        res.set_content(si::Icon(), "image/svg+xml");
        res.set_header("Cache-Control", "max-age=86400");
      });
    }
  }
};

WebServer::WebServer(ServeOptions options, std::ostream* log) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->log = log;
}

WebServer::~WebServer() {
  if (impl_->bound) impl_->http.stop();
}

int WebServer::port() const { return impl_->port; }

long WebServer::waiting() const { return impl_->waiting.load(); }

long WebServer::busy() const { return impl_->busy.load(); }

Status WebServer::Bind() {
  Impl& m = *impl_;
  if (!m.options.ingest_token.empty()) {
    auto w = OpenStore(m.options.db);  // creates the store when missing
    if (!w.ok()) return w.status();
    m.writer = std::move(*w);
  }
  if (m.options.cache_bytes > 0) m.cache = std::make_unique<serve_internal::ResponseCache>(m.options.cache_bytes);
  auto probe = m.Lease();  // the store must be readable before we listen
  if (!probe.ok()) return probe.status();
  m.Return(std::move(*probe));

  const std::size_t threads = std::max(2u, m.options.threads);
  m.http.new_task_queue = [&m, threads] { return new CountingPool(threads, &m.waiting, &m.busy); };
  m.http.set_read_timeout(m.options.read_timeout_s, 0);
  m.http.set_write_timeout(m.options.read_timeout_s, 0);
  // A reply goes out as two writes (headers, body): with Nagle's algorithm
  // the second waits for the client's delayed ACK, 40 ms on Linux, which
  // capped every kept-alive connection at ~23 requests/s.
  m.http.set_tcp_nodelay(true);
  m.http.set_keep_alive_timeout(2);
  m.http.set_keep_alive_max_count(10);  // a kept-alive connection holds a worker: let others in
  m.http.set_payload_max_length(m.options.max_body_bytes);
  m.http.set_default_headers({{"Content-Security-Policy", kCsp},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"}});
  m.http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  m.http.set_logger([&m](const httplib::Request& req, const httplib::Response& res) { m.Log(req, res); });
  m.http.set_error_handler(httplib::Server::HandlerWithResponse([&m](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string why = "HTTP error " + std::to_string(res.status);
    if (res.status == 400) why = "malformed request";
    if (res.status == 414) why = "URL longer than 8 KiB";
    if (res.status == 405) why = "method not allowed";
    if (res.status == 404) why = "no such page or resource: " + LogSafe(req.path);
    if (res.status == 413) why = "request body larger than " + std::to_string(m.options.max_body_bytes) + " bytes";
    Impl::Send(res, IsApi(req.path) ? serve_internal::JsonError(res.status, why)
                                    : serve_internal::PageError(res.status, why));
    return httplib::Server::HandlerResponse::Handled;
  }));
  m.http.set_exception_handler([&m](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    Impl::Send(res, m.Failure(req.path, 500, what));
  });
  m.Routes();
  if (m.options.port == 0) {
    m.port = m.http.bind_to_any_port(m.options.host);
  } else {
    m.port = m.http.bind_to_port(m.options.host, m.options.port) ? m.options.port : -1;
  }
  if (m.port < 0) {
    return InvalidArgument("cannot listen on " + m.options.host + ":" + std::to_string(m.options.port) +
                           " (address in use, or not an address of this machine)");
  }
  m.bound = true;
  return Status::Ok();
}

void WebServer::Run() {
  Impl& m = *impl_;
  m.running = true;  // before reading `stopping`: Stop() sees one or the other
  if (m.bound && !m.stopping) m.http.listen_after_bind();
  m.running = false;
}

void WebServer::Stop() {
  Impl& m = *impl_;
  m.stopping = true;
  // cpp-httplib's stop() does nothing before the accept loop has started:
  // wait for it when Run() is on its way there.
  while (m.running && !m.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  m.http.stop();
}

int ServeUntilSignal(const ServeOptions& options, std::ostream& log) {
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals, old;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Blocked here, so in every thread started after: only the waiter below
  // takes them, outside any signal handler.
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old);
  int code = 0;
  {
    WebServer server(options, &log);
    if (Status s = server.Bind(); !s.ok()) {
      log << "parallax: serve: " << s.message() << "\n";
      pthread_sigmask(SIG_SETMASK, &old, nullptr);
      return 2;
    }
    log << "parallax: serve: listening on http://" << options.host << ":" << server.port() << "/ ("
        << (options.ingest_token.empty() ? "read-only" : "POST /api/articles on") << "); Ctrl-C stops\n"
        << std::flush;
    std::atomic<bool> finished{false}, signalled{false};
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      signalled = true;
      if (!finished.load()) log << "parallax: serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
      server.Stop();
    });
    server.Run();
    finished = true;
    // Wakes the waiter when no signal came (the signals stay blocked in
    // this process from here on, so a late one is never fatal).
    if (!signalled.load()) pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    log << "parallax: serve: stopped\n" << std::flush;
  }
  (void)old;
  return code;
}

}  // namespace parallax
