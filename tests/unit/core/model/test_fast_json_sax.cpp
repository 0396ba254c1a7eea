// The fast SAX path sends exactly nlohmann's events for what it reads, and leaves
// everything else (errors included) to nlohmann.
#include <doctest/doctest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "core/model/fast_json_sax.h"

using namespace tars;
using nlohmann::json;
using namespace std::string_literals;

namespace {

// Every event as a line of text; `stop_after` makes the handler return false there.
class Recorder : public nlohmann::json_sax<json> {
 public:
  explicit Recorder(int stop_after = -1) : stop_after_(stop_after) {}
  std::string log;

  bool null() override { return add("null"); }
  bool boolean(bool value) override { return add(value ? "true" : "false"); }
  bool number_integer(std::int64_t value) override { return add("int " + std::to_string(value)); }
  bool number_unsigned(std::uint64_t value) override {
    return add("unsigned " + std::to_string(value));
  }
  bool number_float(double, const std::string& text) override { return add("float " + text); }
  bool string(std::string& text) override { return add("string " + json(text).dump()); }
  bool binary(json::binary_t&) override { return add("binary"); }
  bool start_object(std::size_t size) override { return add("{" + std::to_string(size)); }
  bool key(std::string& text) override { return add("key " + json(text).dump()); }
  bool end_object() override { return add("}"); }
  bool start_array(std::size_t size) override { return add("[" + std::to_string(size)); }
  bool end_array() override { return add("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    log += "error "s + e.what() + "\n";
    return false;
  }

 private:
  bool add(const std::string& event) {
    log += event + "\n";
    return events_++ != stop_after_;
  }
  int stop_after_;
  int events_ = 0;
};

struct Outcome {
  FastSax fast;
  std::string fast_log, reference_log;
};

Outcome both(const std::string& text, int stop_after = -1) {
  Recorder fast(stop_after), reference(stop_after);
  FastSax result = fast_sax_parse(text, fast);
  json::sax_parse(text, &reference);
  return {result, fast.log, reference.log};
}

// What the fast path reads gives nlohmann's events; what it does not, it leaves.
void check_agrees(const std::string& text) {
  Outcome outcome = both(text);
  if (outcome.fast == FastSax::Done) {
    INFO("text: ", json(text).dump());
    CHECK(outcome.fast_log == outcome.reference_log);
    CHECK(outcome.reference_log.find("error") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("the fast path reads what TARS writes, with nlohmann's events") {
  std::string text = R"({
  "changes": [
    {
      "edits": [{"newText": "a\n\t\"q\" \\ \u00e9 \ud83d\ude00 /\/", "offset": 12, "oldText": ""}],
      "path": "src/caf\u00e9.cpp", "mode": 493
    }
  ],
  "priority": -3, "status": null, "flag": true, "other": false, "empty": {}, "list": [],
  "utf8": "caf\u00e9 ü 日本 😀"
})";
  Outcome outcome = both(text);
  CHECK(outcome.fast == FastSax::Done);
  CHECK(outcome.fast_log == outcome.reference_log);
  CHECK(outcome.fast_log.find("unsigned 493") != std::string::npos);
  CHECK(outcome.fast_log.find("int -3") != std::string::npos);
}

TEST_CASE("the fast path leaves errors, floats, large numbers and a BOM to nlohmann") {
  for (std::string text : {""s,
                           " "s,
                           "{"s,
                           "[1,]"s,
                           "{\"a\" 1}"s,
                           "{\"a\":1,}"s,
                           "01"s,
                           "-"s,
                           "1.5"s,
                           "1e3"s,
                           "18446744073709551616"s,
                           "-9223372036854775809"s,
                           "\xEF\xBB\xBF{}"s,
                           "\"\\x\""s,
                           "\"\\ud800\""s,
                           "\"\\udc00\""s,
                           "\"\\ud800\\u0041\""s,
                           "\"a\x01\""s,
                           "\"\xC0\x80\""s,
                           "\"\xED\xA0\x80\""s,
                           "\"\xF4\x90\x80\x80\""s,
                           "\"\xE2\x82\""s,
                           "nul"s,
                           "truex"s,
                           "{} {}"s,
                           "[\"a\":1]"s,
                           "{1:2}"s}) {
    INFO("text: ", json(text).dump());
    CHECK(both(text).fast == FastSax::Unsupported);
  }
  check_agrees("18446744073709551615");
  check_agrees("-9223372036854775808");
  check_agrees("\"\\u0000\"");
}

TEST_CASE("the fast path stops where the handler stops, as sax_parse does") {
  std::string text = R"({"a": [1, {"b": "c"}], "d": null})";
  for (int stop = 0; stop < 10; ++stop) {
    Outcome outcome = both(text, stop);
    CHECK(outcome.fast == FastSax::Done);
    CHECK(outcome.fast_log == outcome.reference_log);
  }
}

TEST_CASE("the fast path agrees with nlohmann on mutated documents") {
  const std::string seed =
      R"({"id": "imp-1", "changes": [{"kind": "edit", "path": "a\u00e9.c", "edits": [)"
      R"({"offset": 0, "oldText": "x\n", "newText": "y\t\"z\"\n"}]}], "priority": 5,)"
      R"( "diagnostics": [{"line": -1, "message": "ü 😀 \ud83d\ude00"}], "ok": true})";
  const std::string alphabet = "{}[],:\"\\/ntfrbu0123456789-+.eE \t\n\xC3\xA9\xED\xA0\xF0\x9F";
  std::mt19937 random(20261130);
  for (int round = 0; round < 20000; ++round) {
    std::string text = seed;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = random() % (text.size() + 1);
      switch (random() % 3) {
        case 0:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = alphabet[random() % alphabet.size()];
      }
    }
    check_agrees(text);
  }
}
