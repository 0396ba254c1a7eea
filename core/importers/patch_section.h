#pragma once
// One file section of a patch turned into a FileChange against what a FileSource holds:
// the workspace, or the workspace as earlier sections of the same patch left it.
#include <map>
#include <optional>
#include <string>

#include "core/base/workspace.h"
#include "core/diff/patch_parser.h"
#include "core/importers/importer.h"

namespace tars {

struct SourceFile {
  std::string content;        // a symlink's target; "" for a directory
  unsigned mode = kModeFile;  // git's: kModeFile, kModeExecutable, kModeSymlink, and
                              // kModeGitlink for a directory
  bool has_entries = false;   // a directory that is not empty
};

class FileSource {
 public:
  virtual ~FileSource() = default;
  // nullopt when nothing is there; throws Error(BadInput) naming `where` when the path
  // holds something else than a regular file, a symlink or a directory.
  virtual std::optional<SourceFile> read(const std::string& path,
                                         const std::string& where) const = 0;
  // Whether anything (a file, a directory, a symlink) is at the path.
  virtual bool exists(const std::string& path) const = 0;
};

class WorkspaceSource : public FileSource {
 public:
  explicit WorkspaceSource(const Workspace& workspace) : workspace_(workspace) {}
  std::optional<SourceFile> read(const std::string& path, const std::string& where) const override;
  bool exists(const std::string& path) const override;

 private:
  const Workspace& workspace_;
};

// The workspace with what earlier sections made of some of its paths.
class OverlaySource : public FileSource {
 public:
  explicit OverlaySource(const FileSource& base) : base_(base) {}
  std::optional<SourceFile> read(const std::string& path, const std::string& where) const override;
  bool exists(const std::string& path) const override;
  // Records what `change` (computed against this source) leaves.
  void apply(const FileChange& change);

 private:
  const FileSource& base_;
  std::map<std::string, std::optional<SourceFile>> overlay_;
};

// FileChange::mode of a git mode (0644, 0755, kSymlinkMode, kDirectoryMode), and back.
unsigned change_mode(unsigned git_mode);
unsigned git_mode_of(unsigned change_mode);

// nullopt (with a warning in `result`) when the section changes nothing TARS writes.
// Throws Error(BadInput, "<origin>:<line>: <reason>") for what cannot apply.
std::optional<FileChange> convert_section(const FilePatch& file, const ImportRequest& request,
                                          const FileSource& source, ImportResult& result);

}  // namespace tars
