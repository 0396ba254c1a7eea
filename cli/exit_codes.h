#pragma once
// tarscli's exit codes (documented in the README; scripts rely on them).
#include "core/base/error.h"

namespace tars::cli {

enum ExitCode : int {
  kOk = 0,
  kFailure = 1,           // I/O or internal error
  kUsage = 2,             // bad arguments
  kNotFound = 3,          // improvement, context, transaction or file not found
  kPlanInvalid = 4,       // "Execution plan validation failed"
  kValidationFailed = 5,  // "Validation failed"
  kRollbackFailed = 6,    // "Rollback failed": a conflict or an I/O failure while restoring
  kBusy = 7,              // another execution holds the workspace
  kStale = 8,             // "Improvement is stale"
  kBadInput = 9,          // corrupt improvement file, malformed patch or config
  kInterrupted = 130,     // cancelled with Ctrl-C (changes rolled back)
};

inline int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
      return kUsage;
    case ErrorKind::NotFound:
      return kNotFound;
    case ErrorKind::BadInput:
      return kBadInput;
    case ErrorKind::PlanInvalid:
      return kPlanInvalid;
    case ErrorKind::Stale:
      return kStale;
    case ErrorKind::ValidationFailed:
      return kValidationFailed;
    case ErrorKind::RollbackConflict:
    case ErrorKind::RollbackFailed:
      return kRollbackFailed;
    case ErrorKind::Busy:
      return kBusy;
    case ErrorKind::Io:
    case ErrorKind::Internal:
      return kFailure;
  }
  return kFailure;
}

}  // namespace tars::cli
