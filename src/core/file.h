#pragma once
// File-system access behind one small interface, so that tests can read
// from memory and inject faults.

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

// Where a model file named `name` is: $`env_var` when set and not empty;
// else <directory of the running binary>/../share/parallax/`name` when that
// exists (an installed copy); else `source_models_dir`/`name` (the source
// tree's models/ folder, for a build that is not installed).
std::string LocateModelFile(const char* env_var, const std::string& name, const std::string& source_models_dir);

// A shipped model behind a default getter: `load()` (a Result<T>) runs once
// per call site, on first use; nothing is loaded when $`env_var` is "none".
// Returns the model, or null with `why` (optional) saying what failed
// (empty when switched off).
//
//   return LoadModelOnce<SameEventModel>("PARALLAX_SAME_EVENT_MODEL",
//                                        [] { return LoadSameEventModel(DefaultSameEventModelPath()); }, why);
template <typename T, typename Load>
std::shared_ptr<const T> LoadModelOnce(const char* env_var, Load load, std::string* why) {
  struct Loaded {
    std::shared_ptr<const T> model;
    std::string why;
  };
  static const Loaded* loaded = [&load, env_var] {
    auto* out = new Loaded;
    const char* env = std::getenv(env_var);
    if (env != nullptr && std::string_view(env) == "none") return out;
    auto model = load();
    if (model.ok()) {
      out->model = std::make_shared<const T>(std::move(*model));
    } else {
      out->why = model.status().message();
    }
    return out;
  }();
  if (why != nullptr) *why = loaded->why;
  return loaded->model;
}

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Reads a whole file. Fails with kNotFound, kPermissionDenied or kTooLarge
  // (more than max_bytes). The message names the path.
  virtual Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes) const = 0;
  // Lists regular files under a directory, recursively, sorted by path so
  // that output order does not depend on the file system. Unreadable
  // subdirectories are reported in `errors`, not silently skipped.
  virtual std::vector<std::string> ListFiles(const std::string& dir, std::vector<Status>* errors) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
};

// The real file system. Thread-safe (stateless).
const FileSystem& DefaultFileSystem();

}  // namespace parallax
