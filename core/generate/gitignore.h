#pragma once
// .gitignore patterns, matched as git does (last match wins, '!' re-includes, a trailing
// '/' matches directories only, a '/' elsewhere anchors to the file's directory, '*',
// '?', '[...]' and '**'). Used to walk a workspace that is not a git repository.
#include <string>
#include <string_view>
#include <vector>

namespace tars {

class IgnoreRules {
 public:
  // Adds the patterns of the .gitignore found in `directory` (workspace-relative, "" = root).
  void add(const std::string& directory, std::string_view gitignore_text);
  // `path` is workspace-relative and '/'-separated; its parent directories are not ignored.
  bool ignored(const std::string& path, bool is_directory) const;

 private:
  struct Pattern {
    std::string base;  // the directory of the .gitignore, "" or ending in '/'
    std::string glob;
    bool negate = false;
    bool directory_only = false;
    bool anchored = false;  // matched against the path below base, else the file name
  };
  std::vector<Pattern> patterns_;
};

// Git's wildmatch: '*' and '?' stop at '/', "**" crosses directories, "**/" may match none.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace tars
