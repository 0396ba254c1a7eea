#pragma once
// The tools' arguments as structs, read with protocol/json_reader.h's from_json like every
// message part: a wrong type is named by its path ("arguments.ids[0] must be a string"),
// and so is an argument the tool does not know (a misspelt dryRun must not run for real).
// tools.cpp turns those errors into tool results the agent can correct.
#include <optional>
#include <string>
#include <vector>

#include "protocol/json_reader.h"

namespace tars::mcp {

struct ListArguments {
  std::optional<std::string> status;
};
void from_json(const protocol::Field& field, ListArguments& out);

// One replacement of propose_change's edits.
struct TextReplacement {
  std::string path;
  std::string old_text;
  std::string new_text;
};
void from_json(const protocol::Field& field, TextReplacement& out);

// One file of propose_change's files: its whole new content, or none to delete it.
struct FileContent {
  std::string path;
  std::optional<std::string> content;
};
void from_json(const protocol::Field& field, FileContent& out);

struct ProposeArguments {
  std::string title;
  std::string description;
  std::optional<std::string> patch;
  std::vector<TextReplacement> edits;
  std::vector<FileContent> files;
};
// Also checks that exactly one of patch, edits and files is given.
void from_json(const protocol::Field& field, ProposeArguments& out);

struct ExecuteArguments {
  std::vector<std::string> ids;
  bool dry_run = false;
  bool validate = true;
  bool auto_rollback = true;
};
void from_json(const protocol::Field& field, ExecuteArguments& out);

struct StatusArguments {
  std::optional<std::string> context_id;
};
void from_json(const protocol::Field& field, StatusArguments& out);

struct ReviewArguments {
  std::string context_id;
};
void from_json(const protocol::Field& field, ReviewArguments& out);

struct RollbackArguments {
  std::string context_id;
  std::optional<std::string> transaction_id;
  std::optional<std::string> path;
};
void from_json(const protocol::Field& field, RollbackArguments& out);

}  // namespace tars::mcp
