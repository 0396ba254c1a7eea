#include "core/importers/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "core/base/error.h"

namespace tars {

namespace {

// Where a place in the input is, for messages: "<origin>:<line>:<column>".
std::string place(const std::string& origin, const YAML::Mark& mark, int first_line) {
  return origin + ":" + std::to_string(mark.line + first_line) + ":" +
         std::to_string(mark.column + 1);
}

// What a tree costs when an alias copies it, and how deep it nests.
struct TreeSize {
  std::size_t bytes = 0;
  int depth = 0;  // 0 for a scalar or null
};

TreeSize size_of(const YamlNode& node) {
  TreeSize size{sizeof(YamlNode) + node.scalar.size(), 0};
  for (const YamlNode& item : node.items) {
    TreeSize inner = size_of(item);
    size.bytes += inner.bytes;
    size.depth = std::max(size.depth, inner.depth);
  }
  if (node.kind == YamlNode::Kind::Sequence || node.kind == YamlNode::Kind::Map) ++size.depth;
  return size;
}

// Builds each document's tree from parser events. Nodes under construction are the
// last items of their parents, so pointers to them stay valid while they are open.
// Aliases are expanded into copies, charged to `alias_bytes`, which is shared by the
// whole input and bounded by kMaxYamlAliasBytes; nesting is bounded by kMaxYamlDepth.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::function<void(const YamlNode&)>& on_document, int first_line,
              const std::string& origin, std::size_t& alias_bytes)
      : on_document_(on_document),
        first_line_(first_line),
        origin_(origin),
        alias_bytes_(alias_bytes) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 starts document after empty document at a stray ',' without reading
    // it (jbeder/yaml-cpp#1040): a document must start past the one before.
    if (last_start_ && mark.pos <= *last_start_) fail(mark, "not valid YAML: unexpected token");
    last_start_ = mark.pos;
    holder_ = YamlNode{};
    holder_.kind = YamlNode::Kind::Sequence;
    open_ = {{&holder_, YAML::NullAnchor, YAML::Mark::null_mark()}};
  }
  void OnDocumentEnd() override {
    if (!holder_.items.empty()) on_document_(holder_.items.front());
    holder_ = YamlNode{};
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    remember(anchor, add(YamlNode::Kind::Null, mark), mark);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      add(YamlNode::Kind::Null, mark);
      return;
    }
    check_depth(it->second.size.depth, mark);
    charge(it->second.size.bytes, mark);
    YamlNode& node = add(YamlNode::Kind::Null, mark);
    node = it->second.node;
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode& node = add(YamlNode::Kind::Scalar, mark);
    node.scalar = value;
    remember(anchor, node, mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(YamlNode::Kind::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(YamlNode::Kind::Map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YamlNode* node;
    YAML::anchor_t anchor;
    YAML::Mark mark;
  };
  struct Anchored {
    YamlNode node;
    TreeSize size;
  };

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    throw Error(ErrorKind::BadInput, place(origin_, mark, first_line_) + ": " + what);
  }

  // A tree `depth` deep added at the current place may not nest too deep.
  void check_depth(int depth, const YAML::Mark& mark) const {
    if (static_cast<int>(open_.size()) - 1 + depth > kMaxYamlDepth)
      fail(mark, "nesting deeper than " + std::to_string(kMaxYamlDepth) + " levels");
  }

  void charge(std::size_t bytes, const YAML::Mark& mark) {
    alias_bytes_ += bytes;
    if (alias_bytes_ > kMaxYamlAliasBytes)
      fail(mark, "YAML aliases expand to more than " + std::to_string(kMaxYamlAliasBytes >> 20) +
                     " MiB (an alias bomb?)");
  }

  YamlNode& add(YamlNode::Kind kind, const YAML::Mark& mark) {
    YamlNode& node = open_.back().node->items.emplace_back();
    node.kind = kind;
    node.line = mark.line + first_line_;
    node.column = mark.column + 1;
    return node;
  }
  void open(YamlNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    check_depth(1, mark);
    open_.push_back({&add(kind, mark), anchor, mark});
  }
  void close() {
    remember(open_.back().anchor, *open_.back().node, open_.back().mark);
    open_.pop_back();
  }
  // An anchored tree is copied once here and again at each alias: both are charged.
  void remember(YAML::anchor_t anchor, const YamlNode& node, const YAML::Mark& mark) {
    if (anchor == YAML::NullAnchor) return;
    TreeSize size = size_of(node);
    charge(size.bytes, mark);
    anchors_[anchor] = {node, size};
  }

  const std::function<void(const YamlNode&)>& on_document_;
  int first_line_;
  const std::string& origin_;
  std::size_t& alias_bytes_;
  std::optional<int> last_start_;  // where the last document started
  YamlNode holder_;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, Anchored> anchors_;
};

}  // namespace

const YamlNode* YamlNode::find(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2)
    if (items[i].kind == Kind::Scalar && items[i].scalar == key) return &items[i + 1];
  return nullptr;
}

namespace {

// One document with yaml-cpp; `first_line` is where `text` starts in the input.
// `alias_bytes` counts what aliases copied in the whole input so far.
void parse_with_yaml_cpp(std::string_view text, int first_line, const std::string& origin,
                         std::size_t& alias_bytes,
                         const std::function<void(const YamlNode&)>& on_document) {
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(on_document, first_line, origin, alias_bytes);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    std::string where = e.mark.is_null() ? origin : place(origin, e.mark, first_line);
    throw Error(ErrorKind::BadInput, where + ": not valid YAML: " + e.msg);
  }
}

bool is_marker(std::string_view line, std::string_view marker) {
  return line.starts_with(marker) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\r' || line[3] == '\n');
}

}  // namespace

std::size_t for_each_yaml_document(std::string_view input, const std::string& origin,
                                   const std::function<void(const YamlNode&)>& on_document) {
  // Documents are split at their "---" / "..." lines (never part of a scalar) and each
  // is read by the fast block reader, else by yaml-cpp.
  std::size_t start = 0;  // of the current document's text
  int start_line = 1, line_number = 1;
  bool plain_start = true;  // no content after the document's "---"
  std::size_t fast = 0;
  std::size_t alias_bytes = 0;
  auto flush = [&](std::size_t end) {
    std::string_view text = input.substr(start, end - start);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    std::optional<YamlNode> root;
    if (plain_start) root = parse_block_yaml(text, start_line);
    if (root) {
      ++fast;
      if (root->line > 0) on_document(*root);  // not just comments
    } else {
      parse_with_yaml_cpp(text, start_line, origin, alias_bytes, on_document);
    }
  };
  for (std::size_t pos = 0; pos < input.size(); ++line_number) {
    std::size_t end = input.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? input.size() : end + 1;
    std::string_view line = input.substr(pos, next - pos);
    if (is_marker(line, "---") || is_marker(line, "...")) {
      flush(pos);
      bool inline_content = line.starts_with("---") &&
                            line.substr(3).find_first_not_of(" \r\n") != std::string_view::npos;
      plain_start = !inline_content;
      start = inline_content ? pos : next;  // yaml-cpp reads "--- value" itself
      start_line = inline_content ? line_number : line_number + 1;
    }
    pos = next;
  }
  flush(input.size());
  return fast;
}

void for_each_yaml_document_slow(std::string_view input, const std::string& origin,
                                 const std::function<void(const YamlNode&)>& on_document) {
  std::size_t alias_bytes = 0;
  parse_with_yaml_cpp(input, 1, origin, alias_bytes, on_document);
}

}  // namespace tars
