// SARIF 2.1.0 logs through the importer, against a real workspace.
#include "core/importers/formats.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  tars::fuzz::check_import(tars::sarif_importer(), tars::fuzz::text(data, size), "fuzz.sarif");
  return 0;
}
