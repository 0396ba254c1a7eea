#include "core/generate/generator_runner.h"

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/subprocess.h"

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
    fs::path output = prepare_output();
    ProcessOptions options;
    const CommandSpec& command = generator_.command;
    options.cwd = command.cwd == "." ? workspace_.root() : workspace_.resolve(command.cwd);
    options.timeout = std::chrono::seconds(command.timeout_seconds);
    options.cancel = cancel;
    options.stdout_file = generator_.output == "stdout" ? output : fs::path();
    ProcessResult result = run_process(command.run, options);
    check(result);
    auto text = read_file_if_exists(output);
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
  // one from an earlier run is never imported.
  fs::path prepare_output() const {
    if (generator_.output != "stdout") {
      fs::path file = workspace_.resolve(generator_.output);
      std::error_code error;
      fs::remove(file, error);
      if (error) fail("cannot remove the old " + generator_.output + ": " + error.message());
      return file;
    }
    fs::path directory = workspace_.tars_dir() / "generators";
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) fail("cannot create " + directory.string() + ": " + error.message());
    return directory / (name_ + extension_for(generator_.produces));
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

  ImportResult import(const Importer& importer, const std::string& text, const fs::path& output,
                      const ProcessResult& result) const {
    try {
      return importer.import({text, workspace_.relative(output), ""}, workspace_);
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
