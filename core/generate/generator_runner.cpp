#include "core/generate/generator_runner.h"

#include "core/base/error.h"
#include "core/base/subprocess.h"
#include "core/base/unique_fd.h"

namespace tars {

namespace {

std::string extension_for(const std::string& format) {
  if (format == "clang-tidy") return ".yaml";
  if (format == "sarif") return ".sarif";
  if (format == "lsp") return ".json";
  return "." + format;
}

// The first lines of what the generator said on stderr, for an error message.
std::string excerpt(const std::string& output) {
  std::string text = output.substr(0, 2000);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "" : ":\n" + text;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

class GeneratorRun {
 public:
  GeneratorRun(const Workspace& workspace, const GeneratorSpec& generator)
      : workspace_(workspace), generator_(generator), name_(generator.command.name) {}

  ImportResult run(const std::atomic<bool>* cancel) {
    const Importer* importer = find_importer(generator_.produces);
    if (!importer) fail("produces '" + generator_.produces + "', which no importer reads");
    PathHandle output = prepare_output();
    ProcessOptions options;
    const CommandSpec& command = generator_.command;
    options.cwd = command.cwd == "." ? workspace_.root() : workspace_.resolve(command.cwd);
    options.timeout = std::chrono::seconds(command.timeout_seconds);
    options.cancel = cancel;
    UniqueFd stdout_file;
    if (generator_.output == "stdout") {
      stdout_file = output.dir().create(output.name(), 0644);
      options.stdout_fd = stdout_file.get();
    }
    ProcessResult result = run_process(command.run, options);
    stdout_file.reset();
    check(result);
    auto text = read_output(output);
    if (text && !is_blank(*text)) return import(*importer, *text, output, result);
    if (result.exit_code != 0)
      fail("exited with " + std::to_string(result.exit_code) + " and produced no output" +
           excerpt(result.output));
    ImportResult nothing;
    // clang-tidy writes no --export-fixes file when it has no fixes.
    if (!text)
      nothing.warnings.push_back("Generator '" + name_ + "' wrote no " + generator_.output +
                                 "; taken as nothing to fix");
    return nothing;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::Internal, "Generator '" + name_ + "' failed: " + what);
  }

  // Stdout goes to .tars/generators/; a named output file is removed first, so a stale
  // one from an earlier run is never imported. Both are handles: the stdout file is then
  // created exclusively, and neither is ever reached through a symlink.
  PathHandle prepare_output() const {
    try {
      if (generator_.output != "stdout") {
        PathHandle file = workspace_.open(generator_.output);
        if (file.has_dir()) file.dir().remove(file.name());
        return file;
      }
      DirHandle directory = workspace_.ensure_state_dir().make_dir("generators");
      std::string name = name_ + extension_for(generator_.produces);
      directory.remove(name);
      return PathHandle(directory, "", name, std::string(StateDir::kName) + "/generators/" + name);
    } catch (const Error& e) {
      fail(std::string("cannot prepare its output: ") + e.what());
    }
  }

  // A named output is resolved again: the tool may have made its directory.
  std::optional<std::string> read_output(const PathHandle& output) const {
    try {
      if (generator_.output == "stdout") return output.read();
      return workspace_.open(generator_.output).read();
    } catch (const Error& e) {
      fail(std::string("cannot read its output: ") + e.what());
    }
  }

  void check(const ProcessResult& result) const {
    if (result.spawn_failed) fail(result.output);
    if (result.cancelled) fail("cancelled; its process group was killed");
    if (result.timed_out)
      fail("timed out after " + std::to_string(generator_.command.timeout_seconds) +
           " s (its process group was killed)" + excerpt(result.output));
    if (result.exit_code >= 128)
      fail("killed by signal " + std::to_string(result.exit_code - 128) + excerpt(result.output));
  }

  ImportResult import(const Importer& importer, const std::string& text, const PathHandle& output,
                      const ProcessResult& result) const {
    try {
      return importer.import({text, output.relative(), ""}, workspace_);
    } catch (const Error& e) {
      std::string exit_note =
          result.exit_code == 0 ? "" : " (it exited with " + std::to_string(result.exit_code) + ")";
      fail(std::string("its output cannot be imported") + exit_note + ": " + e.what() +
           excerpt(result.output));
    }
  }

  const Workspace& workspace_;
  const GeneratorSpec& generator_;
  std::string name_;
};

}  // namespace

ImportResult run_generator(const Workspace& workspace, const GeneratorSpec& generator,
                           const std::atomic<bool>* cancel) {
  return GeneratorRun(workspace, generator).run(cancel);
}

}  // namespace tars
