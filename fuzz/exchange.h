#pragma once
// What a client sent a server and what came back, for the server targets' checks. The
// client's messages are classified by the dispatcher's own parse_message(); then:
//   - every message the server sends is a JSON-RPC 2.0 object: a request or notification
//     (a string "method"), or a response with exactly one of "result" and "error";
//   - no id is answered more often than messages carrying it were sent;
//   - every request handled is answered (cancelled ones with RequestCancelled, or, where
//     the protocol says so, not at all: see forgive()).
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.h"

namespace tars::fuzz {

using protocol::json;

class Exchange {
 public:
  // A message the client sent; false when it is not a request.
  bool client_sent(std::string_view body);
  // A message the server sent (failure() when malformed); the parsed message.
  json server_sent(std::string_view body);
  // A request that may stay unanswered (MCP: a cancelled tool call).
  void forgive(const json& id) { forgiven_.insert(id.dump()); }
  // The requests sent but not answered (nor forgiven), as JSON texts of their ids.
  std::vector<std::string> unanswered() const;
  // failure() naming the first unanswered request, if any.
  void check_all_answered() const;

 private:
  std::map<std::string, int> requests_;  // by the id's JSON text
  std::map<std::string, int> carrying_;  // messages carrying each id, whatever they are
  std::map<std::string, int> answers_;
  std::set<std::string> forgiven_;
};

}  // namespace tars::fuzz
