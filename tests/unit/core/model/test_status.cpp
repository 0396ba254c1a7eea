#include <doctest/doctest.h>

#include "core/base/error.h"
#include "core/model/change_kind.h"
#include "core/model/status.h"

using namespace tars;

TEST_CASE("status names round-trip") {
  for (auto status :
       {ContextStatus::Running, ContextStatus::Simulated, ContextStatus::AwaitingReview,
        ContextStatus::Failed, ContextStatus::RolledBack, ContextStatus::PartiallyRolledBack,
        ContextStatus::Approved, ContextStatus::Rejected, ContextStatus::Cancelled})
    CHECK(status_from_string<ContextStatus>(to_string(status)) == status);
  CHECK(to_string(ContextStatus::AwaitingReview) == "awaiting_review");
  CHECK_THROWS_AS(status_from_string<ContextStatus>("bogus"), Error);

  for (auto status : {TransactionStatus::Open, TransactionStatus::Committed,
                      TransactionStatus::RolledBack, TransactionStatus::PartiallyRolledBack})
    CHECK(status_from_string<TransactionStatus>(to_string(status)) == status);
  CHECK(to_string(TransactionStatus::PartiallyRolledBack) == "partially_rolled_back");
  for (auto status : {StepStatus::Pending, StepStatus::Running, StepStatus::Done,
                      StepStatus::Failed, StepStatus::Skipped, StepStatus::Simulated})
    CHECK(status_from_string<StepStatus>(to_string(status)) == status);
  for (auto state : {FileOpState::Intent, FileOpState::Applied, FileOpState::Simulated,
                     FileOpState::RolledBack, FileOpState::Conflict})
    CHECK(status_from_string<FileOpState>(to_string(state)) == state);
  for (auto status : {ValidationStatus::Passed, ValidationStatus::Failed, ValidationStatus::Timeout,
                      ValidationStatus::Error, ValidationStatus::Skipped})
    CHECK(status_from_string<ValidationStatus>(to_string(status)) == status);
  CHECK_THROWS_AS(status_from_string<ValidationStatus>("fine"), Error);
}

TEST_CASE("one change vocabulary: the improvement's words and the journal's") {
  for (auto kind : {ChangeKind::Edit, ChangeKind::Create, ChangeKind::Delete, ChangeKind::Rename}) {
    CHECK(change_kind_from_string(to_string(kind)) == kind);
    CHECK(change_kind_from_operation(operation_name(kind)) == kind);
  }
  CHECK(to_string(ChangeKind::Edit) == "edit");
  CHECK(operation_name(ChangeKind::Edit) == "modify");
  CHECK(operation_name(ChangeKind::Rename) == "rename");
  CHECK_FALSE(change_kind_from_string("modify"));
  CHECK_FALSE(change_kind_from_operation("edit"));
}
