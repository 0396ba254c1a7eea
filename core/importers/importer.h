#pragma once
// importers/: foreign formats -> model. This interface, the registry, one .cpp per
// format (formats.h) and the readers they share (YAML, JSON with positions).
//
// Importers turn a tool's output (a patch, clang-tidy fixes, SARIF, an LSP
// WorkspaceEdit) into improvements computed against the workspace's current files.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"

namespace tars {

struct ImportRequest {
  std::string input;     // the whole input file
  std::string origin;    // its name, for messages and default titles
  std::string group_by;  // importer-specific grouping ("" = importer's default)
  int strip = -1;        // patches: -p N, the leading path components to remove (-1: default)
  // Patches: an mbox series becomes one improvement, each commit one unit (transaction).
  bool series_as_one = false;
};

struct ImportResult {
  std::vector<Improvement> improvements;
  std::vector<std::string> warnings;
  // The base content of every file the improvements were computed against, keyed by
  // content_hash. Persisted so a stale improvement can later be rebased.
  std::map<std::string, std::string> base_contents;
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual std::string_view format() const = 0;  // "patch", "clang-tidy", ...
  // Cheap content check used when --from is not given.
  virtual bool sniff(std::string_view input) const = 0;
  // Throws Error(BadInput) naming origin and the position (line) of what is wrong.
  virtual ImportResult import(const ImportRequest& request, const Workspace& workspace) const = 0;
};

// The registry of formats: nullptr for an unknown name / unrecognised content.
const Importer* find_importer(std::string_view format);
const Importer* guess_importer(std::string_view input);
std::vector<std::string> importer_formats();

}  // namespace tars
