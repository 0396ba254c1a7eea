#pragma once
// A parser for unified diffs and git patches, independent of any file system.
// A ParsedPatch refers into the text it was parsed from (hunk lines are views of it):
// that text must outlive the ParsedPatch.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diff/binary_patch.h"

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

// git's modes: what a patch may give a path.
inline constexpr unsigned kModeFile = 0100644;
inline constexpr unsigned kModeExecutable = 0100755;
inline constexpr unsigned kModeSymlink = 0120000;
inline constexpr unsigned kModeGitlink = 0160000;

struct FilePatch {
  std::string old_path;  // "" for a new file (/dev/null); prefixes stripped (-p)
  std::string new_path;  // "" for a deleted file
  bool is_new = false;
  bool is_delete = false;
  bool is_rename = false;
  bool is_copy = false;
  bool is_binary = false;            // "GIT binary patch" or "Binary files ... differ"
  std::optional<unsigned> old_mode;  // git modes (kMode*), from "old mode" / "deleted file mode"
  std::optional<unsigned> new_mode;  // from "new file mode" / "new mode"
  int source_line = 0;               // where this file's header starts
  std::vector<Hunk> hunks;
  std::optional<BinaryHunk> forward;  // "GIT binary patch" data, when there is some
  std::optional<BinaryHunk> reverse;
};

struct ParsedPatch {
  std::string subject;  // "Subject:" of a git format-patch mail, if any
  std::vector<FilePatch> files;
};

// Throws Error(BadInput, "<origin>:<line>: <what>") for malformed input. The result's
// hunk lines point into `text`. `strip` is -p: the leading path components removed from
// each name; -1 keeps the defaults (a/ b/ of git, the differing first part of plain diffs).
// `line_offset`: lines of the input before `text` (one message of a series), for messages.
ParsedPatch parse_patch(std::string_view text, const std::string& origin, int strip = -1,
                        std::size_t line_offset = 0);

}  // namespace tars
