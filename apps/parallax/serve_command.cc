// parallax serve: the story store over HTTP (src/serve, docs/api.md). Flags
// only; the server runs until SIGINT or SIGTERM.

#include <iostream>
#include <memory>

#include "commands.h"
#include "serve/serve.h"

namespace parallax::cli {

void RegisterServe(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ServeOptions>();
  auto time_limit_ms = std::make_shared<long>(o->time_limit.count());
  auto* serve = app.add_subcommand(
      "serve", "Serve a story store as web pages and a JSON API (docs/api.md) until Ctrl-C / SIGTERM");
  serve->add_option("--db", o->db, "The story store (made by parallax ingest; opened read-only)")->required();
  serve->add_option("--host", o->host,
                    "Address to listen on; 0.0.0.0 exposes the store to every machine that can reach this one")
      ->capture_default_str();
  serve->add_option("--port", o->port, "TCP port; 0: any free port (printed)")->check(CLI::Range(0, 65535))->capture_default_str();
  serve->add_option("--ingest-token", o->ingest_token,
                    "Accept POST /api/articles (JSON Lines) from requests carrying 'Authorization: Bearer TOKEN'; "
                    "without it the server never writes");
  serve->add_option("--threads", o->threads, "Worker threads (each holds one read-only store connection)")
      ->check(CLI::Range(2, 512))
      ->capture_default_str();
  serve->add_option("--cache-bytes", o->cache_bytes,
                    "Memory for rendered answers, kept until the next ingest batch (0: none)")
      ->capture_default_str();
  serve->add_option("--mmap-bytes", o->mmap_bytes,
                    "Map up to this many bytes of the store per reader connection (less CPU per search; resident "
                    "memory then counts a mapped page once per connection; 0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--max-body", o->max_body_bytes, "Largest request body in bytes (413 beyond)")->capture_default_str();
  serve->add_option("--time-limit-ms", *time_limit_ms, "Longest time one request may query the store (503 beyond)")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  serve->callback([o, time_limit_ms, exit_code] {
    o->time_limit = std::chrono::milliseconds(*time_limit_ms);
    if (!o->ingest_token.empty()) WarnIfNoSameEventModel();  // POST /api/articles clusters with it
    *exit_code = ServeUntilSignal(*o, std::cerr);
  });
}

}  // namespace parallax::cli
