// The improvement file reader: bad input is Error(BadInput) only, and what it reads
// is written back and read again unchanged.
#include "core/base/error.h"
#include "core/model/improvement.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
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
