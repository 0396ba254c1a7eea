#pragma once
// `file:` URIs and the paths they name, as LSP clients, SARIF and WorkspaceEdits use them.
#include <optional>
#include <string>
#include <string_view>

namespace tars {

// The percent-decoded path of a `file:` URI (absolute) or of a relative URI reference;
// nullopt for any other scheme or a remote host.
std::optional<std::string> path_of_uri(std::string_view uri);

// "file://" + the absolute path, every byte but unreserved ones and '/' percent-encoded.
std::string uri_of_path(const std::string& path);

}  // namespace tars
