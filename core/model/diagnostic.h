#pragma once
#include <string>

namespace tars {

// A problem found in a file: by a validation matcher, a syntax check or an importer.
// Lines and columns are 1-based; column counts bytes. 0 means "unknown".
struct Diagnostic {
  std::string path;  // workspace-relative when inside the workspace, else as reported
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string severity = "error";  // error | warning | info | hint
  std::string code;
  std::string message;
  std::string source;  // e.g. "gcc", "python", "json", "tars"
};

}  // namespace tars
