#pragma once
// Sub-commands of the CLI, one registration function per file so that the
// front end grows without one file owning every command.
//
// Each Register* function adds its sub-command to `parent` and installs a
// callback that runs the command and stores its exit code in *exit_code:
// 0 all good, 1 finished with per-item problems, 2 usage or fatal error.
// Options are owned by the callback's captured state (a shared_ptr), so
// the App may outlive the registering scope.

#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "model/model.h"

namespace parallax::cli {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitFatal = 2;

// Default location of the evaluation data: ../shared/data beside the
// checkout, as seen from the repository root.
inline const char* kDefaultDataRoot = "../shared/data";

void PrintErrors(const std::vector<InputError>& errors);

// Warns on standard error when the shipped same-event model (the default
// clustering, cluster.h's DefaultSameEventModel) cannot be loaded, so that
// stories clustered by the cosine instead are never a silent change. No
// warning when PARALLAX_SAME_EVENT_MODEL=none asks for the cosine.
void WarnIfNoSameEventModel();

// Writes `content` to `path` ("" or "-" = stdout). Returns an exit code.
int WriteOutput(const std::string& path, const std::string& content);
// The same, for output written as it is produced.
int WriteOutput(const std::string& path, const std::function<void(std::ostream&)>& write);

void RegisterEvalCluster(CLI::App& eval, int* exit_code);
void RegisterEvalRouge(CLI::App& eval, int* exit_code);
void RegisterEvalSummarize(CLI::App& eval, int* exit_code);
void RegisterEvalNer(CLI::App& eval, int* exit_code);
void RegisterEvalQuotes(CLI::App& eval, int* exit_code);
void RegisterEvalExtract(CLI::App& eval, int* exit_code);
void RegisterEvalParaphrase(CLI::App& eval, int* exit_code);
void RegisterEvalFraming(CLI::App& eval, int* exit_code);
void RegisterTrain(CLI::App& app, int* exit_code);
void RegisterTrainSpeakers(CLI::App& train, int* exit_code);
void RegisterTrainQuotes(CLI::App& train, int* exit_code);
void RegisterTrainExtract(CLI::App& train, int* exit_code);
void RegisterTrainCluster(CLI::App& train, int* exit_code);
void RegisterTrainBackground(CLI::App& train, int* exit_code);
void RegisterNer(CLI::App& app, int* exit_code);
// ingest, stories, story, search, export: the story store (store_commands.cc).
void RegisterStoreCommands(CLI::App& app, int* exit_code);
bool RanStoreCommand(const CLI::App& app);
// worker, and ingest --queue: a fleet of ingest workers on a PostgreSQL store (worker_command.cc).
void RegisterWorker(CLI::App& app, int* exit_code);
int RunQueueRegister(const std::string& db, const std::string& queue, const std::vector<std::string>& paths);
// serve: the story store over HTTP (serve_command.cc).
void RegisterServe(CLI::App& app, int* exit_code);

}  // namespace parallax::cli
