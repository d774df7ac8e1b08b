#pragma once
// Serve: the story store over HTTP, as a JSON API (docs/api.md,
// docs/openapi.json) and as server-rendered web pages.
//
//   ServeOptions o;  o.db = "news.db";  o.port = 8080;
//   WebServer server(o, &std::cerr);          // one log line per request
//   if (Status s = server.Bind(); !s.ok()) { print s.message(); exit 2; }
//   std::thread t([&] { server.Run(); });     // until Stop()
//   ... server.port() ...
//   server.Stop(); t.join();
//   // or: int exit_code = ServeUntilSignal(o, std::cerr);  // SIGINT/SIGTERM stop it
//
// Contract:
// - Readers open the store read-only (one SQLite connection per worker
//   thread, each request in its own read transaction: they see the last
//   committed batch). Only POST /api/articles writes, and only with
//   `ingest_token` set, through one writer; one ingest at a time (another
//   gets 429).
// - Every answer carries a strict Content-Security-Policy (no script, styles
//   from this server only). Untrusted text reaches HTML only through
//   EscapeHtml, JSON only through nlohmann::json; links to articles'
//   original pages only for http(s) URLs.
// - Limits: request body `max_body_bytes` (413), URL and each header 8 KiB
//   (the HTTP library's), `time_limit` per request (503 when a query runs
//   past it), a client idle or stalled for `read_timeout_s` is dropped, and
//   past `max_waiting` connections waiting for a worker new requests get 429.
// - A read answer (200 or redirect) is kept in memory (`cache_bytes`) with
//   the store revision it was made from, and sent again while the store is
//   at that revision: what a reader sees is always what the store holds.
// - No exception leaves a handler: it becomes a 500 with a JSON error.
// - Thread-safe: Stop() may be called from any thread (not from a signal
//   handler: ServeUntilSignal waits for signals on a thread of its own).

#include <chrono>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include "core/status.h"

namespace parallax {

struct ServeOptions {
  std::string db;                    // the story store (docs/store.md)
  std::string host = "127.0.0.1";   // 0.0.0.0: every interface (anyone who can reach the machine reads the store)
  int port = 8080;                   // 0: any free port (see WebServer::port())
  std::string ingest_token;          // empty: POST /api/articles is off (403)
  std::size_t max_body_bytes = 16u << 20;
  std::chrono::milliseconds time_limit{10000};
  unsigned threads = 48;             // workers; each holds one read-only store connection (opened on first use)
  std::size_t max_waiting = 512;     // connections queued for a worker before 429
  int read_timeout_s = 5;
  // Rendered answers of read requests kept per store revision (every
  // ingest batch is a new one), least recently used dropped first; 0: none.
  std::size_t cache_bytes = 64u << 20;
  // Each reader connection maps up to this many bytes of an SQLite store
  // (StoreOpenOptions::mmap_bytes: less CPU per search, but resident memory
  // counts a mapped page once per connection); 0: none.
  std::int64_t mmap_bytes = 0;
};

class WebServer {
 public:
  // `log` receives one line per request (method, path, status, time) and
  // the "listening on" line; it must outlive the server.
  WebServer(ServeOptions options, std::ostream* log);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Opens the store (read-only probe, and the writer when ingest_token is
  // set) and binds the port. InvalidInput / NotFound for a store that cannot
  // be read, InvalidArgument when the address cannot be bound.
  Status Bind();
  int port() const;
  // Connections accepted and waiting for a free worker now, and workers
  // serving a connection now.
  long waiting() const;
  long busy() const;
  // Serves until Stop(); returns at once when Bind() failed.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Bind, log "listening on http://HOST:PORT", serve until SIGINT or SIGTERM,
// stop cleanly. Returns 0, or 2 when the store or the address failed.
int ServeUntilSignal(const ServeOptions& options, std::ostream& log);

}  // namespace parallax
