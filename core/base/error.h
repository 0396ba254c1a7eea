#pragma once
// base/: no product words — errors, hashing, ids, file I/O, fault injection, text codecs
// and positions, URIs, subprocesses, the workspace and its lock, parallel loops.
//
// The one exception type of the core. Its message is the complete user-facing text
// (for example "Improvement not found: imp-1a2b"); front ends map kind() to exit codes.
#include <stdexcept>
#include <string>

namespace tars {

enum class ErrorKind {
  Usage,             // a bad argument combination
  NotFound,          // improvement or context does not exist
  BadInput,          // malformed improvement file, patch, config
  PlanInvalid,       // "Execution plan validation failed: ..."
  Stale,             // "Improvement is stale: <file> changed since it was created"
  ValidationFailed,  // "Validation failed: ..."
  RollbackConflict,  // a file changed since the execution wrote it
  RollbackFailed,    // "Rollback failed: ..."
  Busy,              // another execution holds the workspace lock
  Io,                // the file system refused
  Internal,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace tars
