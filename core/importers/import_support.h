#pragma once
// What the fix importers (clang-tidy, SARIF, LSP) share: workspace files read once by
// canonical path, byte replacements deduplicated and checked for conflicts, and fixes
// grouped into improvements that record the hash of every file they were computed against.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/text_position.h"
#include "core/importers/importer.h"

namespace tars {

// One replacement in the current bytes of a workspace file.
struct Replacement {
  std::string path;  // canonical workspace-relative path
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
  std::string where;  // its place in the input ("fixes.yaml:12:9"), for messages
};

// Replacements that belong together (one diagnostic's fix) and what they fix.
struct Fix {
  std::string check;  // check or rule name; may be empty
  std::string message;
  std::string file;  // the diagnostic's file, else the first replacement's
  std::optional<Diagnostic> diagnostic;
  std::vector<Replacement> replacements;
  // The logical unit it belongs to, which names its transaction ("modernize-use-nullptr",
  // "SARIF result 3 (rule X)"); "" makes each of its files a unit of its own.
  std::string unit;
};

enum class Grouping { Check, File, Diagnostic, All };
// "" gives `fallback`; an unknown name throws Error(Usage) listing the known ones.
Grouping parse_grouping(const std::string& group_by, Grouping fallback);

// What a column or character count counts: LSP's utf-8 / utf-16 / utf-32 position
// encodings, SARIF's utf16CodeUnits / unicodeCodePoints column kinds.
enum class CharUnit { Utf8, Utf16, CodePoint };

// Byte offsets of LSP/SARIF-style positions (zero-based line, character in a CharUnit),
// past a UTF-8 BOM when `skip_bom`. Lines are located through an index built once.
class LineLocator {
 public:
  LineLocator(std::string_view content, bool skip_bom);
  // A character past the end of its line is the line's end (before "\r\n" or "\n").
  std::size_t offset(TextPosition position, CharUnit unit) const;
  // Byte offset of the `characters`-th character of the text (after any skipped BOM).
  std::size_t char_offset(std::size_t characters, CharUnit unit) const;
  // Zero-based line and byte column of an offset.
  TextPosition position(std::size_t offset) const;
  std::size_t line_count() const { return starts_.size(); }

 private:
  std::string_view content_;
  std::size_t begin_ = 0;
  std::vector<std::size_t> starts_;
};

// The workspace's files as the importers see them: paths canonicalised (symlinks and
// '.' resolved) so one file reached by several names is one file, contents read once.
class ImportFiles {
 public:
  ImportFiles(const Workspace& workspace, ImportResult& result)
      : workspace_(workspace), result_(result) {}

  // The canonical workspace-relative path of `path` (absolute, or relative to `base`,
  // else to the workspace root), or nullopt after one warning per path when it is
  // outside the workspace.
  std::optional<std::string> canonical(const std::string& path, const std::string& base,
                                       const std::string& where);
  // Current content; throws Error(BadInput) naming `where` when the file is missing.
  const std::string& content(const std::string& path, const std::string& where);
  bool exists(const std::string& path) const;
  // Records the content as a base of the import and returns its hash.
  std::string base_hash(const std::string& path);
  // The line index of a file read before through content().
  const LineLocator& locator(const std::string& path, bool skip_bom);
  // A diagnostic on bytes [offset, offset + length) of a file read before.
  Diagnostic diagnostic(const std::string& path, std::size_t offset, std::size_t length);
  const Workspace& workspace() const { return workspace_; }

 private:
  struct Entry {
    std::string content;
    std::string hash;
    std::unique_ptr<LineLocator> raw, text;  // built on first use
  };
  const Workspace& workspace_;
  ImportResult& result_;
  std::map<std::string, std::optional<std::string>> canonical_;
  std::map<std::string, Entry> files_;
};

// Drops replacements identical to an earlier one (same file, offset, length and text)
// and fixes left without any; throws Error(BadInput) naming both places when two
// replacements overlap or insert different text at the same offset, or when one lies
// past the end of its file.
void settle_replacements(std::vector<Fix>& fixes, ImportFiles& files);

// Sorted edits of a file (insertions before a replacement at the same offset).
std::vector<TextEdit> edits_for(std::vector<const Replacement*> replacements,
                                const std::string& content);

// One improvement per group of settled fixes, in order of first appearance; its
// transactions follow the fixes' units (transaction_units.h).
std::vector<Improvement> group_fixes(const std::vector<Fix>& fixes, Grouping grouping,
                                     std::string_view format, const std::string& origin,
                                     ImportFiles& files);

// Sets created_at and the content-derived id.
void finish_improvement(Improvement& improvement);

std::string base_name(const std::string& path);

}  // namespace tars
