#include "core/importers/formats.h"

#include <charconv>

#include "core/base/error.h"
#include "core/importers/import_support.h"
#include "core/importers/yaml_reader.h"

namespace tars {

namespace {

class ClangTidyImporter : public Importer {
 public:
  std::string_view format() const override { return "clang-tidy"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

// Reads the export-fixes schema with errors naming the place in the input.
class YamlReader {
 public:
  explicit YamlReader(const std::string& origin) : origin_(origin) {}

  std::string where(const YamlNode& node) const {
    return origin_ + ":" + std::to_string(node.line) + ":" + std::to_string(node.column);
  }

  [[noreturn]] void fail(const YamlNode& node, const std::string& what) const {
    throw Error(ErrorKind::BadInput, where(node) + ": " + what);
  }

  // The value under `key` of a mapping; nullptr when it is missing.
  const YamlNode* field(const YamlNode& map, const char* key) const {
    if (map.kind != YamlNode::Kind::Map) fail(map, "expected a mapping");
    return map.find(key);
  }

  std::string text(const YamlNode& map, const char* key, bool required = false) const {
    const YamlNode* value = field(map, key);
    if (!value || value->kind == YamlNode::Kind::Null) {
      if (required) fail(map, std::string("'") + key + "' is missing");
      return "";
    }
    if (value->kind != YamlNode::Kind::Scalar)
      fail(*value, std::string("'") + key + "' must be a string");
    return value->scalar;
  }

  std::size_t number(const YamlNode& map, const char* key) const {
    const YamlNode* value = field(map, key);
    if (!value) fail(map, std::string("'") + key + "' is missing");
    std::size_t parsed = 0;
    const std::string& scalar = value->scalar;
    auto [end, ec] = std::from_chars(scalar.data(), scalar.data() + scalar.size(), parsed);
    if (value->kind != YamlNode::Kind::Scalar || scalar.empty() || ec != std::errc() ||
        end != scalar.data() + scalar.size())
      fail(*value, std::string("'") + key + "' must be a non-negative integer");
    return parsed;
  }

  // The items of a sequence, none when it is missing or null.
  const std::vector<YamlNode>& sequence(const YamlNode& map, const char* key) const {
    static const std::vector<YamlNode> none;
    const YamlNode* value = field(map, key);
    if (!value || value->kind == YamlNode::Kind::Null) return none;
    if (value->kind != YamlNode::Kind::Sequence)
      fail(*value, std::string("'") + key + "' must be a list");
    return value->items;
  }

 private:
  const std::string& origin_;
};

std::string severity(const std::string& level) {
  if (level == "Error") return "error";
  if (level == "Remark") return "info";
  return "warning";
}

class FixCollector {
 public:
  FixCollector(const YamlReader& yaml, ImportFiles& files) : yaml_(yaml), files_(files) {}

  void document(const YamlNode& document) {
    if (document.kind == YamlNode::Kind::Null) return;
    if (document.kind != YamlNode::Kind::Map)
      yaml_.fail(document, "expected a mapping with Diagnostics:");
    std::string base = yaml_.text(document, "BuildDirectory");
    for (const YamlNode& diagnostic : yaml_.sequence(document, "Diagnostics"))
      add_diagnostic(diagnostic, base);
    add_top_level(yaml_.sequence(document, "Replacements"), base);
  }

  std::vector<Fix> take() { return std::move(fixes_); }
  std::size_t without_fixes() const { return without_fixes_; }

 private:
  void add_diagnostic(const YamlNode& node, const std::string& document_base) {
    std::string base = yaml_.text(node, "BuildDirectory");
    if (base.empty()) base = document_base;
    // clang-tidy 9+ nests the message; older versions put its fields on the diagnostic.
    const YamlNode* nested = yaml_.field(node, "DiagnosticMessage");
    const YamlNode& message = nested ? *nested : node;
    const std::vector<YamlNode>* raw = &yaml_.sequence(message, "Replacements");
    if (raw->empty())
      for (const YamlNode& note : yaml_.sequence(node, "Notes"))
        if (!(raw = &yaml_.sequence(note, "Replacements"))->empty()) break;
    if (raw->empty()) {
      ++without_fixes_;
      return;
    }
    Fix fix;
    fix.replacements = replacements(*raw, base);
    if (fix.replacements.empty()) return;
    fix.check = fix.unit = yaml_.text(node, "DiagnosticName");  // a check's fixes: one unit
    fix.message = yaml_.text(message, "Message");
    if (fix.message.empty()) fix.message = fix.check.empty() ? "clang-tidy fix" : fix.check;
    fix.file = fix.replacements.front().path;
    fix.diagnostic = diagnostic(node, message, base, fix);
    fixes_.push_back(std::move(fix));
  }

  std::optional<Diagnostic> diagnostic(const YamlNode& node, const YamlNode& message,
                                       const std::string& base, Fix& fix) {
    std::string reported = yaml_.text(message, "FilePath");
    if (reported.empty()) return std::nullopt;
    auto path = files_.canonical(reported, base, yaml_.where(message));
    if (!path || !files_.exists(*path)) return std::nullopt;
    std::size_t size = files_.content(*path, yaml_.where(message)).size();
    std::size_t offset = yaml_.number(message, "FileOffset");
    if (offset > size)
      yaml_.fail(*yaml_.field(message, "FileOffset"), "FileOffset " + std::to_string(offset) +
                                                          " is past the end of " + *path + " (" +
                                                          std::to_string(size) + " bytes)");
    Diagnostic d = files_.diagnostic(*path, offset, 0);
    d.severity = severity(yaml_.text(node, "Level"));
    d.code = fix.check;
    d.message = fix.message;
    d.source = "clang-tidy";
    fix.file = *path;
    return d;
  }

  std::vector<Replacement> replacements(const std::vector<YamlNode>& list,
                                        const std::string& base) {
    std::vector<Replacement> out;
    out.reserve(list.size());
    for (const YamlNode& node : list) {
      std::string where = yaml_.where(node);
      std::string reported = yaml_.text(node, "FilePath", true);
      std::size_t offset = yaml_.number(node, "Offset");
      std::size_t length = yaml_.number(node, "Length");
      std::string text = yaml_.text(node, "ReplacementText");
      if (auto path = files_.canonical(reported, base, where))
        out.push_back({std::move(*path), offset, length, std::move(text), std::move(where)});
    }
    return out;
  }

  // The pre-diagnostics form: a translation unit's replacements, one fix per file.
  void add_top_level(const std::vector<YamlNode>& list, const std::string& base) {
    std::map<std::string, std::size_t> fix_of_file;
    for (Replacement& r : replacements(list, base)) {
      auto [it, fresh] = fix_of_file.try_emplace(r.path, fixes_.size());
      if (fresh) {
        fixes_.emplace_back();
        fixes_.back().file = r.path;
        fixes_.back().message = "replacements in " + r.path;
      }
      fixes_[it->second].replacements.push_back(std::move(r));
    }
  }

  const YamlReader& yaml_;
  ImportFiles& files_;
  std::vector<Fix> fixes_;
  std::size_t without_fixes_ = 0;
};

}  // namespace

bool ClangTidyImporter::sniff(std::string_view input) const {
  if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
  std::size_t start = input.find_first_not_of(" \t\r\n");
  while (start != std::string_view::npos && input[start] == '#')  // YAML comments
    start = input.find_first_not_of(" \t\r\n", input.find('\n', start));
  if (start == std::string_view::npos) return false;
  std::string_view first = input.substr(start, input.find('\n', start) - start);
  bool yaml_start = first.substr(0, first.find_last_not_of(" \t\r") + 1) == "---" ||
                    first.starts_with("MainSourceFile:") || first.starts_with("Diagnostics:") ||
                    first.starts_with("Replacements:");
  return yaml_start && (input.find("DiagnosticName:") != std::string_view::npos ||
                        input.find("ReplacementText:") != std::string_view::npos ||
                        input.find("MainSourceFile:") != std::string_view::npos);
}

ImportResult ClangTidyImporter::import(const ImportRequest& request,
                                       const Workspace& workspace) const {
  Grouping grouping = parse_grouping(request.group_by, Grouping::Check);
  ImportResult result;
  ImportFiles files(workspace, result);
  YamlReader yaml(request.origin);
  FixCollector collector(yaml, files);
  for_each_yaml_document(request.input, request.origin,
                         [&](const YamlNode& document) { collector.document(document); });
  std::vector<Fix> fixes = collector.take();
  settle_replacements(fixes, files);
  if (fixes.empty())
    result.warnings.push_back(request.origin + ": no fixes to import (" +
                              std::to_string(collector.without_fixes()) +
                              " diagnostic(s) without a fix)");
  result.improvements = group_fixes(fixes, grouping, format(), request.origin, files);
  return result;
}

const Importer& clang_tidy_importer() {
  static const ClangTidyImporter importer;
  return importer;
}

}  // namespace tars
