#include "core/importers/formats.h"

#include <climits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/base/error.h"
#include "core/base/file_uri.h"
#include "core/base/text_codec.h"
#include "core/importers/import_support.h"
#include "core/importers/json_input.h"
#include "core/importers/json_path_position.h"

namespace tars {

using nlohmann::json;

namespace {

class SarifImporter : public Importer {
 public:
  std::string_view format() const override { return "sarif"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

std::string severity(const std::string& level) {
  if (level == "error") return "error";
  if (level == "note") return "info";
  if (level == "none") return "hint";
  return "warning";
}

std::string index_path(const std::string& path, const char* key, std::size_t index) {
  return path + "." + key + "[" + std::to_string(index) + "]";
}

class RunReader {
 public:
  RunReader(const JsonInput& input, ImportFiles& files, ImportResult& result, const json& run,
            const std::string& path)
      : input_(input), files_(files), result_(result), run_(run), path_(path) {
    std::string kind = input_.text(run, "columnKind", path);
    if (kind == "unicodeCodePoints")
      unit_ = CharUnit::CodePoint;
    else if (!kind.empty() && kind != "utf16CodeUnits")
      input_.fail(path + ".columnKind", "must be utf16CodeUnits or unicodeCodePoints");
    if (const json* tool = input_.find(run, "tool", path))
      if (const json* driver = input_.find(*tool, "driver", path + ".tool"))
        tool_ = input_.text(*driver, "name", path + ".tool.driver");
  }

  // `counted`: the results of the runs before, so results are numbered across the log.
  void add_results(std::vector<Fix>& fixes, std::size_t& counted) {
    const json& results = input_.array(run_, "results", path_);
    for (std::size_t i = 0; i < results.size(); ++i)
      add_result(results[i], index_path(path_, "results", i), ++counted, fixes);
  }

  std::size_t without_fixes() const { return without_fixes_; }

 private:
  void add_result(const json& result, const std::string& path, std::size_t number,
                  std::vector<Fix>& fixes) {
    const json& candidates = input_.array(result, "fixes", path);
    if (candidates.empty()) {
      ++without_fixes_;
      return;
    }
    Fix fix;  // the first fix; later ones are alternatives
    std::string fix_path = path + ".fixes[0]";
    const json& changes = input_.array(candidates[0], "artifactChanges", fix_path);
    for (std::size_t c = 0; c < changes.size(); ++c)
      add_change(changes[c], index_path(fix_path, "artifactChanges", c), fix);
    if (fix.replacements.empty()) return;
    fix.check = input_.text(result, "ruleId", path);
    if (const json* message = input_.find(result, "message", path))
      fix.message = input_.text(*message, "text", path + ".message");
    if (fix.message.empty()) fix.message = fix.check.empty() ? "SARIF fix" : fix.check;
    fix.file = fix.replacements.front().path;
    fix.diagnostic = diagnostic(result, path, fix);
    // A result's fix may span files: they stand or fall together.
    fix.unit = "SARIF result " + std::to_string(number) +
               (fix.check.empty() ? "" : " (" + fix.check + ")");
    fixes.push_back(std::move(fix));
  }

  void add_change(const json& change, const std::string& path, Fix& fix) {
    auto file =
        file_of(input_.object(change, "artifactLocation", path), path + ".artifactLocation");
    if (!file) return;
    files_.content(*file, input_.where(path));
    const json& replacements = input_.array(change, "replacements", path);
    for (std::size_t r = 0; r < replacements.size(); ++r) {
      std::string at = index_path(path, "replacements", r);
      auto [start, end] =
          region(input_.object(replacements[r], "deletedRegion", at), *file, at + ".deletedRegion");
      fix.replacements.push_back(
          {*file, start, end - start, inserted(replacements[r], at), input_.where(at)});
    }
  }

  std::string inserted(const json& replacement, const std::string& path) const {
    const json* content = input_.find(replacement, "insertedContent", path);
    if (!content) return "";
    std::string at = path + ".insertedContent";
    if (input_.find(*content, "text", at)) return input_.text(*content, "text", at);
    std::string binary = input_.text(*content, "binary", at);
    auto decoded = base64_decode(binary);
    if (!decoded) input_.fail(at + ".binary", "is not valid base64");
    return *decoded;
  }

  // [start, end) in bytes of the file's current content.
  std::pair<std::size_t, std::size_t> region(const json& region, const std::string& file,
                                             const std::string& path) {
    // Lines and columns index ints: 1 to 2^31 - 1.
    if (auto start_line = input_.integer(region, "startLine", path, 1, INT_MAX)) {
      const LineLocator& lines = files_.locator(file, true);  // text regions skip a BOM
      long long end_line =
          input_.integer(region, "endLine", path, 1, INT_MAX).value_or(*start_line);
      long long last = static_cast<long long>(lines.line_count());
      if (end_line < *start_line) input_.fail(path, "endLine is before startLine");
      if (end_line > last)
        input_.fail(path, "line " + std::to_string(end_line) + " is past the end of " + file +
                              " (" + std::to_string(last) + " lines)");
      long long start_column = input_.integer(region, "startColumn", path, 1, INT_MAX).value_or(1);
      long long end_column =
          input_.integer(region, "endColumn", path, 1, INT_MAX).value_or(INT_MAX);
      std::size_t start = lines.offset(
          {static_cast<int>(*start_line - 1), static_cast<int>(start_column - 1)}, unit_);
      std::size_t end =
          lines.offset({static_cast<int>(end_line - 1), static_cast<int>(end_column - 1)}, unit_);
      if (end < start) input_.fail(path, "ends before it starts");
      return {start, end};
    }
    if (auto offset = input_.integer(region, "charOffset", path)) {
      const LineLocator& lines = files_.locator(file, true);
      auto length = input_.integer(region, "charLength", path).value_or(0);
      return {lines.char_offset(static_cast<std::size_t>(*offset), unit_),
              lines.char_offset(static_cast<std::size_t>(*offset + length), unit_)};
    }
    if (auto offset = input_.integer(region, "byteOffset", path)) {
      auto length = input_.integer(region, "byteLength", path).value_or(0);
      return {static_cast<std::size_t>(*offset), static_cast<std::size_t>(*offset + length)};
    }
    input_.fail(path, "needs startLine, charOffset or byteOffset");
  }

  std::optional<Diagnostic> diagnostic(const json& result, const std::string& path,
                                       const Fix& fix) {
    Diagnostic d;
    const Replacement& first = fix.replacements.front();
    d = files_.diagnostic(first.path, first.offset, first.length);
    const json& locations = input_.array(result, "locations", path);
    if (!locations.empty())
      if (const json* physical =
              input_.find(locations[0], "physicalLocation", path + ".locations[0]")) {
        std::string at = path + ".locations[0].physicalLocation";
        const json* artifact = input_.find(*physical, "artifactLocation", at);
        const json* where = input_.find(*physical, "region", at);
        auto file = artifact ? file_of(*artifact, at + ".artifactLocation") : std::nullopt;
        if (file && where && files_.exists(*file)) {
          files_.content(*file, input_.where(at));
          auto [start, end] = region(*where, *file, at + ".region");
          d = files_.diagnostic(*file, start, end - start);
        }
      }
    d.severity = severity(input_.text(result, "level", path));
    d.code = fix.check;
    d.message = fix.message;
    d.source = tool_.empty() ? "sarif" : tool_;
    return d;
  }

  std::optional<std::string> file_of(const json& location, const std::string& path) {
    std::string uri = input_.text(location, "uri", path);
    std::string base_id = input_.text(location, "uriBaseId", path);
    if (uri.empty()) {  // a reference into run.artifacts
      auto index = input_.integer(location, "index", path);
      const json& artifacts = input_.array(run_, "artifacts", path_);
      if (!index || static_cast<std::size_t>(*index) >= artifacts.size())
        input_.fail(path, "needs 'uri' or the 'index' of one of run.artifacts");
      std::string at = index_path(path_, "artifacts", static_cast<std::size_t>(*index));
      return file_of(input_.object(artifacts[static_cast<std::size_t>(*index)], "location", at),
                     at + ".location");
    }
    auto file = path_of_uri(uri);
    if (!file) input_.fail(path + ".uri", "'" + uri + "' is not a file URI");
    return files_.canonical(*file, base_directory(base_id, path, 0), input_.where(path));
  }

  // The directory a uriBaseId stands for ("" = the workspace root).
  std::string base_directory(const std::string& id, const std::string& path, int depth) {
    if (id.empty()) return "";
    if (depth > 16) input_.fail(path, "uriBaseId '" + id + "' refers to itself");
    const json* bases = input_.find(run_, "originalUriBaseIds", path_);
    const json* base =
        bases ? input_.find(*bases, id.c_str(), path_ + ".originalUriBaseIds") : nullptr;
    std::string at = path_ + ".originalUriBaseIds." + id;
    std::string uri = base ? input_.text(*base, "uri", at) : "";
    if (uri.empty()) {
      if (warned_.insert(id).second)
        result_.warnings.push_back(
            input_.where(path) + ": uriBaseId '" + id +
            "' has no uri in originalUriBaseIds; taken as the workspace root");
      return "";
    }
    auto directory = path_of_uri(uri);
    if (!directory) input_.fail(at + ".uri", "'" + uri + "' is not a file URI");
    if (directory->starts_with('/')) return *directory;
    std::string parent = base_directory(input_.text(*base, "uriBaseId", at), at, depth + 1);
    return parent.empty() ? *directory : parent + "/" + *directory;
  }

  const JsonInput& input_;
  ImportFiles& files_;
  ImportResult& result_;
  const json& run_;
  std::string path_;
  CharUnit unit_ = CharUnit::Utf16;
  std::string tool_;
  std::set<std::string> warned_;
  std::size_t without_fixes_ = 0;
};

}  // namespace

bool SarifImporter::sniff(std::string_view input) const {
  std::size_t start = input.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || input[start] != '{') return false;
  return input.find("\"runs\"") != std::string_view::npos &&
         (input.find("\"$schema\"") != std::string_view::npos ||
          input.find("\"version\"") != std::string_view::npos);
}

namespace {

ImportResult import_sarif(const ImportRequest& request, const Workspace& workspace) {
  Grouping grouping = parse_grouping(request.group_by, Grouping::Diagnostic);
  json root = parse_json_input(request.input, request.origin);
  JsonInput input(request.origin);
  if (!root.is_object()) input.fail("top level", "must be a SARIF log object");
  std::string version = input.text(root, "version", "top level");
  if (!version.empty() && version != "2.1.0")
    input.fail("version", "'" + version + "' is not supported (SARIF 2.1.0)");

  ImportResult result;
  ImportFiles files(workspace, result);
  std::vector<Fix> fixes;
  std::size_t without_fixes = 0, counted = 0;
  const json& runs = input.array(root, "runs", "top level");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunReader run(input, files, result, runs[i], "runs[" + std::to_string(i) + "]");
    run.add_results(fixes, counted);
    without_fixes += run.without_fixes();
  }
  settle_replacements(fixes, files);
  if (fixes.empty())
    result.warnings.push_back(request.origin + ": no fixes to import (" +
                              std::to_string(without_fixes) + " result(s) without a fix)");
  result.improvements = group_fixes(fixes, grouping, "sarif", request.origin, files);
  return result;
}

}  // namespace

ImportResult SarifImporter::import(const ImportRequest& request, const Workspace& workspace) const {
  return with_json_positions(request.input, request.origin,
                             [&] { return import_sarif(request, workspace); });
}

const Importer& sarif_importer() {
  static const SarifImporter importer;
  return importer;
}

}  // namespace tars
