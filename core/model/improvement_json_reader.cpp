// improvement_from_json: nlohmann's SAX events fill the Improvement directly, no DOM (a
// DOM of 300,000 edits costs a node per value and a string per key).
//
// It behaves as the DOM reader it replaced: the last of duplicate keys wins, null counts
// as missing, unknown keys are ignored, and problems are reported in the same order - a
// syntax error anywhere first, then the top level's fields, changes[i] in order (each
// change's fields before its edits), then diagnostics. So a problem is recorded when its
// object ends, and the first in that order is thrown once the whole text has parsed.
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/base/text_codec.h"
#include "core/model/fast_json_sax.h"
#include "core/model/improvement.h"
#include "core/model/json_fields.h"

namespace tars {

namespace {

using nlohmann::json;
using namespace json_fields;

// Where the reader is: the value being read belongs to the innermost of these.
enum class Frame : unsigned char {
  Document,
  Root,
  Changes,
  Change,
  Edits,
  Edit,
  Bytes,  // {"base64": ...}
  Diagnostics,
  Diagnostic,
};

// The fields of each object, in the order the DOM reader checked them.
using enum FieldKind;
enum RootKey {
  kId,
  kTitle,
  kDescription,
  kCategory,
  kSource,
  kPriority,
  kStatus,
  kCreatedAt,
  kChanges,
  kDiagnostics,
  kAuthor
};
constexpr Field kRootFields[] = {{"id", Text},          {"title", Text},     {"description", Text},
                                 {"category", Text},    {"source", Text},    {"priority", Integer},
                                 {"status", Text},      {"createdAt", Text}, {"changes", List},
                                 {"diagnostics", List}, {"author", Text}};

enum ChangeKey { kKind, kPath, kNewPath, kBaseHash, kContent, kGroup, kMode, kEdits };
constexpr Field kChangeFields[] = {{"kind", Text},     {"path", Text},     {"newPath", Text},
                                   {"baseHash", Text}, {"content", Bytes}, {"group", Text},
                                   {"mode", Integer},  {"edits", List}};

enum EditKey { kOffset, kOldText, kNewText };
constexpr Field kEditFields[] = {{"offset", Integer}, {"oldText", Bytes}, {"newText", Bytes}};

enum DiagnosticKey {
  kDiagnosticPath,
  kLine,
  kColumn,
  kEndLine,
  kEndColumn,
  kSeverity,
  kCode,
  kMessage,
  kDiagnosticSource
};
constexpr Field kDiagnosticFields[] = {
    {"path", Text},       {"line", Integer},      {"column", Integer},
    {"endLine", Integer}, {"endColumn", Integer}, {"severity", Text},
    {"code", Text},       {"message", Text},      {"source", Text}};

// A mode as git records it: 420 (0644), 493 (0755), a symlink (40960, octal 120000) or a
// submodule's directory (16384, octal 40000). Any other (a setuid 2559, octal 4777, say)
// is refused naming the change.
std::optional<unsigned> mode_of(const FieldCheck& check) {
  constexpr std::int64_t kMissing = std::numeric_limits<std::int64_t>::min();
  std::int64_t mode = check.integer(kMode, kMissing);
  if (mode == kMissing) return std::nullopt;
  if (mode == 0644 || mode == 0755 || mode == kSymlinkMode || mode == kDirectoryMode)
    return static_cast<unsigned>(mode);
  char octal[32];
  std::snprintf(octal, sizeof octal, "%llo", static_cast<unsigned long long>(mode < 0 ? 0 : mode));
  check.fail("'mode' " + std::to_string(mode) + " (octal " + octal +
             ") is not a file mode git records; use 420 (0644) or 493 (0755)");
}

ChangeKind change_kind(const FieldCheck& check, const std::string& text) {
  if (auto kind = change_kind_from_string(text)) return *kind;
  check.fail("unknown kind '" + text + "' (edit, create, delete or rename)");
}

bool is_safe_id(const std::string& id) {
  if (id.empty() || id.size() > 128 || id[0] == '.') return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// Runs `check` and keeps the problem it throws, unless `problem` holds one already: only
// the first is reported, and a file broken throughout must not cost an exception per edit.
template <typename Function>
void record(std::exception_ptr& problem, Function check) {
  if (problem) return;
  try {
    check();
  } catch (const Error&) {
    problem = std::current_exception();
  }
}

// The SAX handler. Containers it has no use for (values of unknown keys, mistyped
// fields) are skipped whole.
class Reader : public nlohmann::json_sax<json> {
 public:
  explicit Reader(const std::string& origin) : origin_(origin) {
    root_.fields = kRootFields;
    change_.fields = kChangeFields;
    edit_.fields = kEditFields;
    diagnostic_.fields = kDiagnosticFields;
  }

  // The improvement, or the first problem.
  Improvement result() {
    if (problem_) std::rethrow_exception(problem_);
    return std::move(improvement_);
  }

  bool null() override { return value(Seen::Missing); }
  bool boolean(bool) override { return value(Seen::Other); }
  bool number_integer(std::int64_t number) override {
    integer_ = number;
    return value(Seen::Integer);
  }
  bool number_unsigned(std::uint64_t number) override {
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return value(Seen::Other);  // no wrap
    integer_ = static_cast<std::int64_t>(number);
    return value(Seen::Integer);
  }
  bool number_float(double, const std::string&) override { return value(Seen::Other); }
  bool binary(json::binary_t&) override { return value(Seen::Other); }
  bool string(std::string& text) override {
    string_ = &text;
    return value(Seen::String);
  }
  bool start_object(std::size_t) override { return start(true); }
  bool start_array(std::size_t) override { return start(false); }
  bool end_object() override { return end(); }
  bool end_array() override { return end(); }

  bool key(std::string& name) override {
    if (skipping_ > 0) return true;
    if (frame() == Frame::Bytes)
      base64_key_ = name == "base64";
    else
      values().key(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    // A syntax error, or a number too large for a double (out_of_range).
    const auto* syntax = dynamic_cast<const json::parse_error*>(&error);
    std::string what = error.what();
    throw Error(ErrorKind::BadInput, origin_ + ": not valid JSON at byte " +
                                         std::to_string(syntax ? syntax->byte : position) + ": " +
                                         what.substr(what.rfind(": ") + 2));
  }

 private:
  Frame frame() const { return frames_[depth_]; }

  FieldValues& values() {
    switch (frame()) {
      case Frame::Root:
        return root_;
      case Frame::Change:
        return change_;
      case Frame::Edit:
        return edit_;
      default:
        return diagnostic_;
    }
  }

  // The frame of a container starting here, or none when it is to be skipped.
  std::optional<Frame> inner(bool object) {
    Frame here = frame();
    if (here == Frame::Document) return object ? std::optional(Frame::Root) : std::nullopt;
    if (here == Frame::Changes) return object ? std::optional(Frame::Change) : std::nullopt;
    if (here == Frame::Edits) return object ? std::optional(Frame::Edit) : std::nullopt;
    if (here == Frame::Diagnostics) return object ? std::optional(Frame::Diagnostic) : std::nullopt;
    if (here == Frame::Bytes || values().current < 0) return std::nullopt;
    FieldKind kind = values().kind();
    if (object && kind == Bytes) return Frame::Bytes;
    if (!object && kind == List) return list_of_field();
    return std::nullopt;
  }

  // The list a List field holds.
  Frame list_of_field() {
    if (frame() == Frame::Change) return Frame::Edits;
    return values().current == kChanges ? Frame::Changes : Frame::Diagnostics;
  }

  bool start(bool object) {
    if (skipping_ > 0) {
      ++skipping_;
      return true;
    }
    std::optional<Frame> next = inner(object);
    if (!next) {
      value(Seen::Other);
      skipping_ = 1;
      return true;
    }
    enter(*next);
    frames_[++depth_] = *next;
    return true;
  }

  void enter(Frame next) {
    switch (next) {
      case Frame::Root:
        return start_root();
      case Frame::Change:
        return start_change();
      case Frame::Edit:
        return start_edit();
      case Frame::Diagnostic:
        return start_diagnostic();
      case Frame::Bytes:
        bytes_owner_ = &values();
        base64_key_ = false;
        base64_seen_ = Seen::Missing;
        return;
      default:
        start_list(next);
        values().seen[values().current] = Seen::Array;
    }
  }

  bool end() {
    if (skipping_ > 0) {
      --skipping_;
      return true;
    }
    switch (frame()) {
      case Frame::Root:
        finish_root();
        break;
      case Frame::Change:
        finish_change();
        break;
      case Frame::Edit:
        finish_edit();
        break;
      case Frame::Diagnostic:
        finish_diagnostic();
        break;
      case Frame::Bytes:
        finish_bytes();
        break;
      case Frame::Edits:
        finish_edits();
        break;
      default:
        break;
    }
    --depth_;
    return true;
  }

  // A scalar, or a container that is skipped.
  bool value(Seen seen) {
    if (skipping_ > 0) return true;
    switch (frame()) {
      case Frame::Document:
        record(problem_, [&] { fail_at(origin_, {"top level"}, "must be a JSON object"); });
        break;
      case Frame::Changes:
        not_an_object(change_problem_, {"changes", changes_seen_++});
        break;
      case Frame::Edits:
        not_an_object(edit_problem_, {"changes", change_index_, "edits", edits_seen_++});
        break;
      case Frame::Diagnostics:
        not_an_object(diagnostic_problem_, {"diagnostics", diagnostics_seen_++});
        break;
      case Frame::Bytes:
        if (!base64_key_) break;
        base64_seen_ = seen == Seen::String ? Seen::String : Seen::Other;
        if (seen == Seen::String) base64_ = *string_;
        break;
      default:
        field_value(values(), seen);
    }
    return true;
  }

  void field_value(FieldValues& fields, Seen seen) {
    if (fields.current < 0) return;
    auto field = static_cast<std::size_t>(fields.current);
    FieldKind kind = fields.kind();
    if (kind == List) start_list(list_of_field());
    if (seen == Seen::Missing) {
      if (fields.text[field]) fields.text[field]->clear();
    } else if (seen == Seen::String && (kind == Text || kind == Bytes)) {
      fields.text[field]->assign(*string_);
    } else if (seen == Seen::Integer && kind == Integer) {
      fields.integer[field] = integer_;
    } else {
      seen = Seen::Other;
    }
    fields.seen[field] = seen;
  }

  void not_an_object(std::exception_ptr& problem, const Where& where) {
    record(problem, [&] { fail_at(origin_, where, "must be an object"); });
  }

  // A list starts again each time its key comes: the last of duplicate keys wins.
  void start_list(Frame list) {
    if (list == Frame::Changes) {
      improvement_.changes.clear();
      changes_seen_ = 0;
      change_problem_ = nullptr;
    } else if (list == Frame::Edits) {
      improvement_.changes.back().edits.clear();
      edits_.clear();
      edits_seen_ = 0;
      edit_problem_ = nullptr;
    } else {
      improvement_.diagnostics.clear();
      diagnostics_seen_ = 0;
      diagnostic_problem_ = nullptr;
    }
  }

  void start_root() {
    Improvement& i = improvement_;
    root_.start({&i.id, &i.title, &i.description, &i.category, &i.source, nullptr, &i.status,
                 &i.created_at, nullptr, nullptr, &i.author});
  }

  void start_change() {
    FileChange& c = improvement_.changes.emplace_back();
    change_index_ = changes_seen_++;
    kind_.clear();
    edits_seen_ = 0;
    edit_problem_ = nullptr;
    change_.start({&kind_, &c.path, &c.new_path, &c.base_hash, &c.content, &c.group});
  }

  void start_edit() {
    TextEdit& e = edits_.emplace_back();
    edit_index_ = edits_seen_++;
    edit_.start({nullptr, &e.old_text, &e.new_text});
  }

  void start_diagnostic() {
    Diagnostic& d = improvement_.diagnostics.emplace_back();
    diagnostic_index_ = diagnostics_seen_++;
    diagnostic_.start(
        {&d.path, nullptr, nullptr, nullptr, nullptr, &d.severity, &d.code, &d.message, &d.source});
  }

  // The field of `bytes_owner_` holding this {"base64": ...} is still its current one.
  void finish_bytes() {
    auto field = static_cast<std::size_t>(bytes_owner_->current);
    Seen seen = Seen::Other;
    if (base64_seen_ == Seen::String) {
      std::optional<std::string> decoded = base64_decode(base64_);
      seen = decoded ? Seen::Base64 : Seen::BadBase64;
      if (decoded) *bytes_owner_->text[field] = std::move(*decoded);
    }
    bytes_owner_->seen[field] = seen;
  }

  // One allocation of the right size, where growing edit by edit would touch fresh memory
  // for every doubling.
  void finish_edits() {
    improvement_.changes.back().edits.assign(std::make_move_iterator(edits_.begin()),
                                             std::make_move_iterator(edits_.end()));
    edits_.clear();
  }

  void finish_edit() {
    record(edit_problem_, [&] {
      FieldCheck check(origin_, edit_, {"changes", change_index_, "edits", edit_index_});
      std::int64_t offset = check.integer(kOffset, 0, true);
      if (offset < 0) check.fail("'offset' must be a non-negative integer");
      edits_.back().offset = static_cast<std::size_t>(offset);
      check.bytes(kOldText);
      check.bytes(kNewText);
    });
  }

  void finish_change() {
    record(change_problem_, [&] {
      FieldCheck check(origin_, change_, {"changes", change_index_});
      FileChange& change = improvement_.changes.back();
      check.string(kKind, true);
      change.kind = change_kind(check, kind_);
      check.string(kPath, true);
      if (change.path.empty()) check.fail("'path' must not be empty");
      check.string(kNewPath);
      if (change.kind == ChangeKind::Rename && change.new_path.empty())
        check.fail("a rename needs 'newPath'");
      check.string(kBaseHash);
      check.bytes(kContent);
      check.string(kGroup);
      change.mode = mode_of(check);
      check.list(kEdits);
      if (edit_problem_) std::rethrow_exception(edit_problem_);
    });
  }

  void finish_diagnostic() {
    record(diagnostic_problem_, [&] {
      FieldCheck check(origin_, diagnostic_, {"diagnostics", diagnostic_index_});
      Diagnostic& d = improvement_.diagnostics.back();
      check.string(kDiagnosticPath);
      d.line = check.small_integer(kLine, 0, 0);
      d.column = check.small_integer(kColumn, 0, 0);
      d.end_line = check.small_integer(kEndLine, 0, 0);
      d.end_column = check.small_integer(kEndColumn, 0, 0);
      check.string(kSeverity);
      if (d.severity.empty()) d.severity = "error";
      check.string(kCode);
      check.string(kMessage);
      check.string(kDiagnosticSource);
    });
  }

  void finish_root() {
    static const Improvement kDefaults;
    record(problem_, [&] {
      Improvement& i = improvement_;
      FieldCheck check(origin_, root_, {"top level"});
      check.string(kId, true);
      if (!is_safe_id(i.id))
        fail_at(origin_, {"id"},
                "'" + i.id + "' may only contain letters, digits, '.', '-' and '_'");
      check.string(kTitle);
      if (i.title.empty()) i.title = i.id;
      check.string(kDescription);
      check.string(kCategory);
      if (i.category.empty()) i.category = kDefaults.category;
      check.string(kSource);
      if (i.source.empty()) i.source = kDefaults.source;
      i.priority = check.small_integer(kPriority, 0, INT_MIN);
      check.string(kStatus);
      if (i.status.empty()) i.status = kDefaults.status;
      check.string(kCreatedAt);
      check.list(kChanges);
      if (change_problem_) std::rethrow_exception(change_problem_);
      check.list(kDiagnostics);
      if (diagnostic_problem_) std::rethrow_exception(diagnostic_problem_);
      check.string(kAuthor);
    });
  }

  const std::string& origin_;
  Improvement improvement_;
  std::exception_ptr problem_;  // the first of the whole file
  std::exception_ptr change_problem_, edit_problem_, diagnostic_problem_;  // first of each

  std::array<Frame, 8> frames_{Frame::Document};
  std::size_t depth_ = 0;
  int skipping_ = 0;  // depth inside a skipped container

  FieldValues root_, change_, edit_, diagnostic_;
  std::string kind_;
  std::vector<TextEdit> edits_;  // of the change being read, reused from change to change
  std::size_t changes_seen_ = 0, change_index_ = 0, edits_seen_ = 0, edit_index_ = 0;
  std::size_t diagnostics_seen_ = 0, diagnostic_index_ = 0;

  FieldValues* bytes_owner_ = nullptr;  // whose current field {"base64": ...} is
  bool base64_key_ = false;
  Seen base64_seen_ = Seen::Missing;
  std::string base64_;

  const std::string* string_ = nullptr;  // the value of the string event being handled
  std::int64_t integer_ = 0;
};

}  // namespace

Improvement improvement_from_json(std::string_view text, const std::string& origin) {
  {
    Reader reader(origin);
    if (fast_sax_parse(text, reader) == FastSax::Done) return reader.result();
  }
  Reader reader(origin);  // nlohmann's error message, or what the fast path leaves to it
  json::sax_parse(text, &reader);
  return reader.result();
}

}  // namespace tars
