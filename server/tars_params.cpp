#include "server/tars_params.h"

namespace tars::server {

void from_json(const protocol::Field& field, InitializationOptions& out) {
  field.lenient("validate", out.validate);
  field.lenient("autoRollback", out.auto_rollback);
  field.lenient("hints", out.hints);
}

void from_json(const protocol::Field& field, StatusParams& out) {
  if (field.value().is_object() && field.value().contains("contextId"))
    out.context_id = field.at("contextId").as<std::string>();
}

void from_json(const protocol::Field& field, ContextParams& out) {
  field.required("contextId", out.context_id);
}

void from_json(const protocol::Field& field, ExecuteArguments& out) {
  if (field.has("improvementIds")) {
    protocol::Field list = field.at("improvementIds");
    if (!list.value().is_array() || list.value().empty()) list.fail("must be a non-empty array");
    from_json(list, out.improvement_ids);
  } else {
    out.improvement_ids = {field.at("improvementId").as<std::string>()};
  }
  field.optional("dryRun", out.dry_run);
  field.optional("validate", out.validate);
  field.optional("autoRollback", out.auto_rollback);
}

void from_json(const protocol::Field& field, RollbackArguments& out) {
  field.required("contextId", out.context_id);
  field.optional("transactionId", out.transaction_id);
  field.optional("path", out.path);
  field.optional("uri", out.uri);
  field.optional("force", out.force);
}

void from_json(const protocol::Field& field, RejectArguments& out) {
  field.required("contextId", out.context_id);
  field.optional("uri", out.uri);
}

}  // namespace tars::server
