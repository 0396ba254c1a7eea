// The improvement file reader: bad input is Error(BadInput) only, and what it reads
// is written back and read again unchanged. Its fast JSON path reads what it reads as
// nlohmann does.
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/model/fast_json_sax.h"
#include "core/model/improvement.h"
#include "fuzz/fuzz_support.h"

namespace {

using nlohmann::json;

// nlohmann's own DOM builder behind the SAX interface the fast path calls.
class DomBuilder : public nlohmann::json_sax<json> {
 public:
  explicit DomBuilder(json& out) : dom_(out, false) {}
  bool null() override { return dom_.null(); }
  bool boolean(bool value) override { return dom_.boolean(value); }
  bool number_integer(std::int64_t value) override { return dom_.number_integer(value); }
  bool number_unsigned(std::uint64_t value) override { return dom_.number_unsigned(value); }
  bool number_float(double value, const std::string& text) override {
    return dom_.number_float(value, text);
  }
  bool string(std::string& text) override { return dom_.string(text); }
  bool binary(json::binary_t& bytes) override { return dom_.binary(bytes); }
  bool start_object(std::size_t size) override { return dom_.start_object(size); }
  bool key(std::string& text) override { return dom_.key(text); }
  bool end_object() override { return dom_.end_object(); }
  bool start_array(std::size_t size) override { return dom_.start_array(size); }
  bool end_array() override { return dom_.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
};

void check_fast_path(std::string_view text) {
  json fast;
  DomBuilder builder(fast);
  if (tars::fast_sax_parse(text, builder) != tars::FastSax::Done) return;
  json reference = json::parse(text, nullptr, false);
  if (reference.is_discarded() || reference != fast || reference.dump() != fast.dump())
    tars::fuzz::failure("the fast JSON path reads otherwise than nlohmann:\n" + fast.dump());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  check_fast_path(tars::fuzz::text(data, size));
  tars::Improvement improvement;
  try {
    improvement = tars::improvement_from_json(tars::fuzz::text(data, size), "fuzz.json");
  } catch (const tars::Error& e) {
    if (e.kind() != tars::ErrorKind::BadInput) tars::fuzz::failure(e.what());
    return 0;
  }
  std::string json = tars::improvement_to_json(improvement);
  std::string again;
  try {
    again = tars::improvement_to_json(tars::improvement_from_json(json, "written.json"));
  } catch (const tars::Error& e) {
    tars::fuzz::failure("what was read does not read back once written: " + std::string(e.what()) +
                        "\n" + json);
  }
  if (again != json)
    tars::fuzz::failure("what was read changes once written and read again:\n" + json + "\n---\n" +
                        again);
  return 0;
}
