#include "core/base/file_uri.h"

#include <cctype>
#include <charconv>

namespace tars {

std::optional<std::string> path_of_uri(std::string_view uri) {
  if (uri.starts_with("file://")) {
    uri.remove_prefix(7);
    if (uri.starts_with("localhost/")) uri.remove_prefix(9);
    if (!uri.starts_with('/')) return std::nullopt;  // a remote host
  } else if (std::size_t colon = uri.find(':');
             colon != std::string_view::npos && uri.find('/') > colon) {
    return std::nullopt;  // another scheme
  }
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    int value = 0;
    if (uri[i] == '%' && i + 2 < uri.size() &&
        std::from_chars(uri.data() + i + 1, uri.data() + i + 3, value, 16).ptr ==
            uri.data() + i + 3) {
      path += static_cast<char>(value);
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string uri_of_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri;
}

}  // namespace tars
