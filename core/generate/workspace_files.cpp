#include "core/generate/workspace_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <optional>

#include "core/base/error.h"
#include "core/base/subprocess.h"
#include "core/base/text_codec.h"
#include "core/generate/gitignore.h"

namespace tars {

namespace {

bool is_reserved(std::string_view path) {
  std::string_view first = path.substr(0, path.find('/'));
  return first == ".git" || first == ".tars";
}

bool is_plain_file(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() == fs::file_type::regular;
}

// Git with the repository's config-driven programs switched off: a cloned repository's
// .git/config can name a program git starts on every index read (core.fsmonitor, also
// for ls-files), hooks and a pager; ls-files runs no diff, so no external diff either.
// Settings on the command line win over every config file.
std::vector<std::string> safe_git(const std::string& git) {
  std::vector<std::string> argv = {git, "--no-pager"};
  for (const char* setting :
       {"core.fsmonitor=false", "core.hooksPath=/dev/null", "core.untrackedCache=false"}) {
    argv.push_back("-c");
    argv.push_back(setting);
  }
  argv.insert(argv.end(), {"ls-files", "-co", "--exclude-standard", "-z"});
  return argv;
}

std::optional<std::vector<std::string>> git_files(const Workspace& workspace) {
  std::string git = find_program("git");
  if (git.empty()) return std::nullopt;
  ProcessOptions options;
  options.cwd = workspace.root();
  options.output_cap = std::size_t{1} << 30;
  ProcessResult result = run_process(safe_git(git), options);
  if (result.spawn_failed || result.timed_out || result.exit_code != 0 || result.truncated)
    return std::nullopt;
  std::vector<std::string> files;
  for (std::size_t pos = 0; pos < result.output.size();) {
    std::size_t end = result.output.find('\0', pos);
    if (end == std::string::npos) end = result.output.size();
    files.push_back(result.output.substr(pos, end - pos));
    pos = end + 1;
  }
  return files;
}

// Through directory handles: a symlinked directory is not entered, a .gitignore that is
// a symlink, a FIFO or too large gives no rules.
void walk(const DirHandle& dir, const std::string& directory, IgnoreRules rules,
          std::vector<std::string>& files) {
  try {
    if (auto gitignore = dir.read(".gitignore")) rules.add(directory, *gitignore);
  } catch (const Error&) {
  }
  for (const std::string& name : dir.entries()) {
    std::string path = (directory.empty() ? "" : directory + "/") + name;
    auto info = dir.stat(name);
    if (!info) continue;
    bool is_directory = S_ISDIR(info->st_mode);
    if (is_reserved(path) || rules.ignored(path, is_directory)) continue;
    if (!is_directory && S_ISREG(info->st_mode)) files.push_back(path);
    if (!is_directory) continue;
    try {
      if (auto inner = dir.find_dir(name)) walk(*inner, path, rules, files);
    } catch (const Error&) {
      // unreadable, or swapped for a symlink meanwhile: not listed
    }
  }
}

}  // namespace

std::vector<std::string> list_workspace_files(const Workspace& workspace) {
  std::vector<std::string> files;
  if (auto listed = git_files(workspace)) {
    for (std::string& path : *listed)
      if (!path.empty() && !is_reserved(path) && is_plain_file(workspace.root() / path))
        files.push_back(std::move(path));
  } else {
    walk(workspace.root_dir(), "", IgnoreRules(), files);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

bool is_binary_content(std::string_view content) {
  if (content.substr(0, 8192).find('\0') != std::string_view::npos) return true;
  return !is_valid_utf8(content);
}

}  // namespace tars
