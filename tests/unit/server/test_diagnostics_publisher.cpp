#include <doctest/doctest.h>

#include <vector>

#include "server/diagnostics_publisher.h"

using tars::server::DiagnosticsPublisher;
using tars::server::json;

namespace {

json diagnostic(const std::string& message) {
  return {{"message", message}};
}

std::vector<std::string> messages(const json& params) {
  std::vector<std::string> out;
  for (const json& d : params["diagnostics"]) out.push_back(d["message"]);
  return out;
}

}  // namespace

TEST_CASE("each publish sends the union of every source's diagnostics for the document") {
  std::vector<json> sent;
  DiagnosticsPublisher publisher([&](const json& params) { sent.push_back(params); });
  publisher.set("context:1", "file:///a", json::array({diagnostic("test failed")}));
  publisher.set("hints", "file:///a", json::array({diagnostic("improvement")}));
  REQUIRE(sent.size() == 2);
  CHECK(messages(sent[1]) == std::vector<std::string>{"test failed", "improvement"});
  CHECK_FALSE(sent[1].contains("version"));

  publisher.set_version("file:///a", 7);
  publisher.clear("context:1");  // approved: its findings go, the hint stays
  REQUIRE(sent.size() == 3);
  CHECK(messages(sent[2]) == std::vector<std::string>{"improvement"});
  CHECK(sent[2]["version"] == 7);

  publisher.set("hints", "file:///a", json::array());  // clearing what is there publishes []
  REQUIRE(sent.size() == 4);
  CHECK(sent[3]["diagnostics"].empty());
  publisher.set("hints", "file:///a", json::array());  // nothing left to clear: silent
  publisher.clear("context:unknown");
  CHECK(sent.size() == 4);
}
