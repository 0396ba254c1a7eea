#pragma once
// A series of `git format-patch` mails in one mbox (`git format-patch --stdout A..B`, or
// several patch files concatenated): one message per commit, each imported as one
// improvement based on the previous one's result.
#include <string>
#include <string_view>
#include <vector>

namespace tars {

struct PatchMessage {
  std::string_view text;        // the whole message, its diff included
  std::size_t line_offset = 0;  // lines of the input before it
  std::string subject;          // without "[PATCH n/m]"
  std::string author;           // the "From:" header
  std::string body;             // the commit message after the subject
};

// Split at the "From <commit id> <date>" line that starts each message. An input with
// fewer than two such lines is one message (the whole input).
std::vector<PatchMessage> split_series(std::string_view input);

}  // namespace tars
