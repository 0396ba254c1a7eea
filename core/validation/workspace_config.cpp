#include "core/validation/workspace_config.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/join.h"
#include "core/importers/importer.h"
#include "core/validation/output_matcher.h"

namespace tars {

using nlohmann::json;

namespace {

const char* kOrigin = ".tars/config.json";

[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorKind::BadInput, std::string(kOrigin) + ": " + what);
}

std::vector<std::string> argv_of(const json& value, const std::string& where) {
  if (!value.is_array() || value.empty()) fail(where + " must be a non-empty array of strings");
  std::vector<std::string> argv;
  for (const json& arg : value) {
    if (!arg.is_string()) fail(where + " must be a non-empty array of strings");
    argv.push_back(arg.get<std::string>());
  }
  return argv;
}

std::string string_of(const json& object, const char* key, const std::string& where,
                      const std::string& fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_string()) fail(where + "." + key + " must be a string");
  return it->get<std::string>();
}

CommandSpec command_of(const json& item, const std::string& where, const Workspace& workspace) {
  if (!item.is_object()) fail(where + " must be an object");
  CommandSpec command;
  command.name = string_of(item, "name", where, "");
  if (command.name.empty()) fail(where + ".name is required");
  if (!item.contains("run")) fail(where + ".run is required");
  command.run = argv_of(item["run"], where + ".run");
  command.cwd = string_of(item, "cwd", where, ".");
  if (command.cwd != "." && !command.cwd.empty()) {
    try {
      workspace.resolve(command.cwd);
    } catch (const Error&) {
      fail(where + ".cwd '" + command.cwd + "' must be a directory inside the workspace");
    }
  }
  if (command.cwd.empty()) command.cwd = ".";
  if (item.contains("timeoutSeconds")) {
    const json& timeout = item["timeoutSeconds"];
    if (!timeout.is_number_integer() || timeout.get<long>() <= 0)
      fail(where + ".timeoutSeconds must be a positive integer");
    command.timeout_seconds = timeout.get<int>();
  }
  command.matcher = string_of(item, "matcher", where, "generic");
  if (!is_known_matcher(command.matcher))
    fail(where + ".matcher '" + command.matcher +
         "' is unknown (gcc, msvc, python, generic, none)");
  return command;
}

// Its name becomes a file name (.tars/generators/<name>.*) and the source "generator:<name>".
bool plain_name(const std::string& name) {
  return !name.empty() && name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

GeneratorSpec generator_of(const json& item, const std::string& where, const Workspace& workspace) {
  GeneratorSpec generator;
  generator.command = command_of(item, where, workspace);
  if (!plain_name(generator.command.name))
    fail(where + ".name '" + generator.command.name +
         "' may only use letters, digits, '.', '_' and '-'");
  if (!item.contains("timeoutSeconds")) generator.command.timeout_seconds = 300;
  generator.produces = string_of(item, "produces", where, "");
  if (generator.produces.empty())
    fail(where + ".produces is required (" + join(importer_formats()) + ")");
  if (!find_importer(generator.produces))
    fail(where + ".produces '" + generator.produces + "' is unknown (" + join(importer_formats()) +
         ")");
  generator.output = string_of(item, "output", where, "stdout");
  if (generator.output != "stdout") {
    try {
      workspace.resolve(generator.output);
    } catch (const Error&) {
      fail(where + ".output '" + generator.output +
           "' must be \"stdout\" or a file inside the workspace (not in .git/ or .tars/)");
    }
  }
  return generator;
}

void read_generators(const json& root, const Workspace& workspace, WorkspaceConfig& config) {
  if (!root.contains("generators")) return;
  const json& generators = root["generators"];
  if (!generators.is_array()) fail("generators must be an array");
  for (std::size_t i = 0; i < generators.size(); ++i) {
    std::string where = "generators[" + std::to_string(i) + "]";
    GeneratorSpec generator = generator_of(generators[i], where, workspace);
    for (const GeneratorSpec& other : config.generators)
      if (other.command.name == generator.command.name)
        fail(where + ".name '" + generator.command.name + "' is used twice");
    config.generators.push_back(std::move(generator));
  }
}

}  // namespace

WorkspaceConfig load_workspace_config(const Workspace& workspace) {
  WorkspaceConfig config;
  // Read beneath .tars/ without following a symlink: a cloned repository's
  // .tars/config.json -> ~/.ssh/id_rsa is refused, never shown as a config.
  std::optional<StateDir> state = workspace.state();
  auto text = state ? state->dir().read("config.json") : std::nullopt;
  if (!text) return config;
  config.exists = true;
  config.hash = content_hash(*text);
  json root;
  try {
    root = json::parse(*text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    fail("not valid JSON at byte " + std::to_string(e.byte) + ": " +
         what.substr(what.rfind(": ") + 2));
  }
  if (!root.is_object()) fail("must be a JSON object");
  read_generators(root, workspace, config);
  if (!root.contains("validation")) return config;
  const json& validation = root["validation"];
  if (!validation.is_object()) fail("validation must be an object");
  if (validation.contains("commands")) {
    const json& commands = validation["commands"];
    if (!commands.is_array()) fail("validation.commands must be an array");
    for (std::size_t i = 0; i < commands.size(); ++i)
      config.validation_commands.push_back(
          command_of(commands[i], "validation.commands[" + std::to_string(i) + "]", workspace));
  }
  if (validation.contains("syntax")) {
    const json& syntax = validation["syntax"];
    if (!syntax.is_object()) fail("validation.syntax must be an object of language -> argv");
    for (const auto& [language, argv] : syntax.items())
      config.syntax_checkers[language] = argv_of(argv, "validation.syntax." + language);
  }
  return config;
}

std::vector<std::string> trusted_programs(const WorkspaceConfig& config) {
  auto line = [](std::string label, const std::vector<std::string>& argv) {
    label += ":";
    for (const std::string& arg : argv) label += " " + arg;
    return label;
  };
  std::vector<std::string> lines;
  for (const CommandSpec& command : config.validation_commands)
    lines.push_back(line(command.name, command.run));
  for (const auto& [language, argv] : config.syntax_checkers)
    lines.push_back(line("syntax check (" + language + ")", argv));
  for (const GeneratorSpec& generator : config.generators)
    lines.push_back(line("generator " + generator.command.name, generator.command.run));
  return lines;
}

}  // namespace tars
