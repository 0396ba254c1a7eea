// The tars/* requests: the improvements, the executions' status, and one execution's
// review (original and current content per file, so an editor can show a diff).
#include "core/base/error.h"
#include "core/execution/context_report.h"
#include "server/lsp_server.h"

namespace tars::server {

using protocol::RpcError;
using protocol::error_code::kInvalidParams;

json LspServer::improvements_request(const json&) {
  reload_index();
  json list = json::array();
  for (const Improvement& improvement : index_.improvements()) {
    json files = json::array();
    for (const FileChange& change : improvement.changes) files.push_back(change.path);
    list.push_back({{"id", improvement.id},
                    {"title", improvement.title},
                    {"source", improvement.source},
                    {"status", improvement.status},
                    {"files", files}});
  }
  return {{"improvements", list}};
}

json LspServer::status_request(const StatusParams& params) {
  try {
    if (params.context_id) return context_detail_json(engine().detail(*params.context_id), false);
    return contexts_json(engine().contexts());
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
}

json LspServer::review_request(const ContextParams& params) {
  json files = json::array();
  try {
    for (const FileReview& file : engine().review(params.context_id))
      files.push_back({{"uri", uri_of(file.new_path)},
                       {"path", file.new_path},
                       {"originalPath", file.path},
                       {"kind", file.kind},
                       {"transactionId", file.transaction_id},
                       {"transactionName", file.transaction_name},
                       {"originalExists", file.original_exists},
                       {"currentExists", file.current_exists},
                       {"state", file.state},
                       {"original", file.original},
                       {"current", file.current},
                       {"diff", file.diff}});
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
  return {{"contextId", params.context_id}, {"files", files}};
}

}  // namespace tars::server
