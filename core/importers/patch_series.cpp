#include "core/importers/patch_series.h"

#include <algorithm>
#include <cctype>

namespace tars {

namespace {

// "From 1f0c6e2a... Mon Sep 17 00:00:00 2001": 40 hex digits, then the fixed date.
bool is_separator(std::string_view line) {
  if (!line.starts_with("From ") || line.size() < 46 || line[45] != ' ') return false;
  return std::all_of(line.begin() + 5, line.begin() + 45,
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string_view trim_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && text[start] == '\n') ++start;
  return text.substr(start);
}

// Headers (folded lines joined) up to the first blank line, then the body up to the
// "---" before the diffstat or the first diff.
void read_message(PatchMessage& message) {
  std::string_view rest = message.text;
  std::string header;
  bool in_body = false;
  std::string body;
  auto take_header = [&] {
    if (header.starts_with("Subject: ")) message.subject = header.substr(9);
    if (header.starts_with("From: ")) message.author = header.substr(6);
    header.clear();
  };
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = trim_cr(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!in_body) {
      if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
        header += " ";
        header += line.substr(1);
        continue;
      }
      take_header();
      if (line.empty())
        in_body = true;
      else
        header = std::string(line);
      continue;
    }
    if (line == "---" || line.starts_with("diff --git ")) break;
    body += std::string(line) + "\n";
  }
  take_header();
  if (message.subject.starts_with("[")) {
    std::size_t close = message.subject.find("] ");
    if (close != std::string::npos) message.subject = message.subject.substr(close + 2);
  }
  message.body = trimmed(body);
}

}  // namespace

std::vector<PatchMessage> split_series(std::string_view input) {
  std::vector<std::size_t> starts, lines;
  std::size_t line_number = 0;
  for (std::size_t pos = 0; pos < input.size(); ++line_number) {
    std::size_t end = input.find('\n', pos);
    if (is_separator(trim_cr(input.substr(pos, end == std::string_view::npos ? end : end - pos)))) {
      starts.push_back(pos);
      lines.push_back(line_number);
    }
    pos = end == std::string_view::npos ? input.size() : end + 1;
  }
  if (starts.size() < 2) return {PatchMessage{input, 0, "", "", ""}};
  std::vector<PatchMessage> messages;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t end = i + 1 < starts.size() ? starts[i + 1] : input.size();
    PatchMessage message;
    message.text = input.substr(starts[i], end - starts[i]);
    message.line_offset = lines[i];
    read_message(message);
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace tars
