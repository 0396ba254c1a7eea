#pragma once
// A parser for unified diffs and git patches, independent of any file system.
// A ParsedPatch refers into the text it was parsed from (hunk lines are views of it):
// that text must outlive the ParsedPatch.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tars {

struct HunkLine {
  char kind = ' ';        // ' ' context, '-' removed, '+' added
  std::string_view text;  // into the patch text, without the leading kind char; includes
                          // the line end ("\n", "\r\n") unless "\ No newline at end of
                          // file" followed it
};

struct Hunk {
  int old_start = 0;  // 1-based; 0 for an empty old side
  int old_count = 0;
  int new_start = 0;
  int new_count = 0;
  int source_line = 0;  // line of the "@@" header in the patch, for messages
  std::vector<HunkLine> lines;
};

struct FilePatch {
  std::string old_path;  // "" for a new file (/dev/null); a/ b/ prefixes stripped
  std::string new_path;  // "" for a deleted file
  bool is_new = false;
  bool is_delete = false;
  bool is_rename = false;
  bool is_binary = false;
  std::optional<unsigned> new_mode;  // from "new file mode" / "new mode"
  int source_line = 0;               // where this file's header starts
  std::vector<Hunk> hunks;
};

struct ParsedPatch {
  std::string subject;  // "Subject:" of a git format-patch mail, if any
  std::vector<FilePatch> files;
};

// Throws Error(BadInput, "<origin>:<line>: <what>") for malformed input. The result's
// hunk lines point into `text`.
ParsedPatch parse_patch(std::string_view text, const std::string& origin);

}  // namespace tars
