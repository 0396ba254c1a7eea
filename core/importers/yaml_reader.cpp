#include "core/importers/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <optional>
#include <sstream>

#include "core/base/error.h"

namespace tars {

namespace {

// Builds each document's tree from parser events. Nodes under construction are the
// last items of their parents, so pointers to them stay valid while they are open.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::function<void(const YamlNode&)>& on_document, int first_line)
      : on_document_(on_document), line_offset_(first_line - 1) {}

  void OnDocumentStart(const YAML::Mark&) override {
    holder_ = YamlNode{};
    holder_.kind = YamlNode::Kind::Sequence;
    open_ = {{&holder_, YAML::NullAnchor}};
  }
  void OnDocumentEnd() override {
    if (!holder_.items.empty()) on_document_(holder_.items.front());
    holder_ = YamlNode{};
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    remember(anchor, add(YamlNode::Kind::Null, mark));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode& node = add(YamlNode::Kind::Null, mark);
    auto it = anchors_.find(anchor);
    if (it != anchors_.end()) node = it->second;
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode& node = add(YamlNode::Kind::Scalar, mark);
    node.scalar = value;
    remember(anchor, node);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back({&add(YamlNode::Kind::Sequence, mark), anchor});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_.push_back({&add(YamlNode::Kind::Map, mark), anchor});
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YamlNode* node;
    YAML::anchor_t anchor;
  };

  YamlNode& add(YamlNode::Kind kind, const YAML::Mark& mark) {
    YamlNode& node = open_.back().node->items.emplace_back();
    node.kind = kind;
    node.line = mark.line + 1 + line_offset_;
    node.column = mark.column + 1;
    return node;
  }
  void close() {
    remember(open_.back().anchor, *open_.back().node);
    open_.pop_back();
  }
  void remember(YAML::anchor_t anchor, const YamlNode& node) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
  }

  const std::function<void(const YamlNode&)>& on_document_;
  int line_offset_;
  YamlNode holder_;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, YamlNode> anchors_;
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
void parse_with_yaml_cpp(std::string_view text, int first_line, const std::string& origin,
                         const std::function<void(const YamlNode&)>& on_document) {
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(on_document, first_line);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    std::string where = origin;
    if (!e.mark.is_null())
      where +=
          ":" + std::to_string(e.mark.line + first_line) + ":" + std::to_string(e.mark.column + 1);
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
  auto flush = [&](std::size_t end) {
    std::string_view text = input.substr(start, end - start);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    std::optional<YamlNode> root;
    if (plain_start) root = parse_block_yaml(text, start_line);
    if (root) {
      ++fast;
      if (root->line > 0) on_document(*root);  // not just comments
    } else {
      parse_with_yaml_cpp(text, start_line, origin, on_document);
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
  parse_with_yaml_cpp(input, 1, origin, on_document);
}

}  // namespace tars
