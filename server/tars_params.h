#pragma once
// The params of the tars/* requests and the arguments of the tars.* commands, read with
// from_json like every LSP struct (a wrong-typed field is InvalidParams naming its path).
#include <optional>
#include <string>
#include <vector>

#include "protocol/json_reader.h"

namespace tars::server {

// initialize's initializationOptions, read leniently (an option of another type keeps its
// default).
struct InitializationOptions {
  bool validate = true;       // run the configured validation commands
  bool auto_rollback = true;  // roll back what fails validation
  bool hints = false;         // publish a Hint where an improvement applies
};
void from_json(const protocol::Field& field, InitializationOptions& out);

// tars/status: one context in detail, or all of them.
struct StatusParams {
  std::optional<std::string> context_id;
};
void from_json(const protocol::Field& field, StatusParams& out);

// tars/review, tars.review, tars.approve.
struct ContextParams {
  std::string context_id;
};
void from_json(const protocol::Field& field, ContextParams& out);

// tars.execute: one improvement (improvementId) or several (improvementIds).
struct ExecuteArguments {
  std::vector<std::string> improvement_ids;
  std::optional<bool> dry_run;
  std::optional<bool> validate;
  std::optional<bool> auto_rollback;
};
void from_json(const protocol::Field& field, ExecuteArguments& out);

// tars.rollback: the whole context, one transaction, or one file (by path or uri).
struct RollbackArguments {
  std::string context_id;
  std::optional<std::string> transaction_id;
  std::optional<std::string> path;
  std::optional<std::string> uri;
  bool force = false;
};
void from_json(const protocol::Field& field, RollbackArguments& out);

// tars.reject: the whole context, or one file.
struct RejectArguments {
  std::string context_id;
  std::optional<std::string> uri;
};
void from_json(const protocol::Field& field, RejectArguments& out);

}  // namespace tars::server
