#pragma once
// Binds typed handlers into a Dispatcher's table (clangd's LSPBinder): a handler takes a
// protocol struct read with from_json, so every method, notification and command reads its
// params one way, and a wrong-typed field is answered InvalidParams naming its path
// ("params.textDocument.uri must be a string", "arguments[0].contextId is required").
#include <string>
#include <utility>

#include "protocol/dispatcher.h"
#include "protocol/json_reader.h"

namespace tars::protocol {

class Binder {
 public:
  explicit Binder(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

  // Member functions: bind.method("textDocument/codeAction", this, &Server::code_actions).
  template <class Owner, class Params, class Result>
  void method(const std::string& name, Owner* owner, Result (Owner::*handler)(const Params&)) {
    method<Params>(name,
                   [owner, handler](const Params& params) { return (owner->*handler)(params); });
  }
  template <class Owner, class Params>
  void notification(const std::string& name, Owner* owner, void (Owner::*handler)(const Params&)) {
    notification<Params>(name,
                         [owner, handler](const Params& params) { (owner->*handler)(params); });
  }

  // handler: Result(const Params&), Result convertible to json (to_json).
  template <class Params, class Handler>
  void method(const std::string& name, Handler handler) {
    dispatcher_.on_request(name, [handler = std::move(handler)](const json& params) -> json {
      return handler(parse<Params>(params, "params"));
    });
  }

  // A request answered later; handler: void(const json& id, const Params&), which sends
  // the reply itself (Dispatcher::on_deferred_request).
  template <class Params, class Handler>
  void deferred_method(const std::string& name, Handler handler) {
    dispatcher_.on_deferred_request(
        name, [handler = std::move(handler)](const json& id, const json& params) {
          handler(id, parse<Params>(params, "params"));
        });
  }

  // handler: void(const Params&).
  template <class Params, class Handler>
  void notification(const std::string& name, Handler handler) {
    dispatcher_.on_notification(name, [handler = std::move(handler)](const json& params) {
      handler(parse<Params>(params, "params"));
    });
  }

  // A workspace/executeCommand command; handler: Result(const Arguments&), read from the
  // command's first argument.
  template <class Arguments, class Handler>
  void command(const std::string& name, Handler handler) {
    dispatcher_.on_command(name, [handler = std::move(handler)](const json& argument) -> json {
      return handler(parse<Arguments>(argument, "arguments[0]"));
    });
  }

 private:
  Dispatcher& dispatcher_;
};

}  // namespace tars::protocol
