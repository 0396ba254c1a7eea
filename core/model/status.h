#pragma once
// Every status word TARS records or prints, in one place: the names are the stable
// spellings of state.db, the JSON output and the editors. Keys may be added, never
// renamed.
#include <string_view>

namespace tars {

// An execution context, as `execute status` shows it.
enum class ContextStatus {
  Running,
  Simulated,       // dry run done
  AwaitingReview,  // applied and valid
  Failed,
  RolledBack,
  PartiallyRolledBack,
  Approved,
  Rejected,
  Cancelled,
  RollingBack,  // a rollback or reject is under way (journaled; finished at the next start)
};

// A group of file operations that stands or falls together.
enum class TransactionStatus { Open, Committed, RolledBack, PartiallyRolledBack };

// One step of an execution plan.
enum class StepStatus { Pending, Running, Done, Failed, Skipped, Simulated };

// One file operation of the journal: intended, then applied (or simulated), then
// possibly being rolled back (journaled), rolled back, refused (conflict) or not
// restorable (failed, with the reason in the operation's message).
enum class FileOpState { Intent, Applied, Simulated, RolledBack, Conflict, RollingBack, Failed };

// One syntax check or configured command.
enum class ValidationStatus { Passed, Failed, Timeout, Error, Skipped };

std::string_view to_string(ContextStatus status);  // "running", "awaiting_review", ...
std::string_view to_string(TransactionStatus status);
std::string_view to_string(StepStatus status);
std::string_view to_string(FileOpState state);
std::string_view to_string(ValidationStatus status);

// The inverse of to_string; throws Error(BadInput, "unknown <what> '<text>'").
template <typename Status>
Status status_from_string(std::string_view text);

// True once a context can no longer change by itself (everything but running and
// rolling back).
inline bool is_final(ContextStatus status) {
  return status != ContextStatus::Running && status != ContextStatus::RollingBack;
}

// An improvement's status lives in state.db beside its file: pending until an execution
// of it awaits review, applied from then until it is rolled back or rejected.
namespace improvement_status {
inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kApplied = "applied";
}  // namespace improvement_status

}  // namespace tars
