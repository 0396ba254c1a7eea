#include <doctest/doctest.h>

#include "protocol/framing.h"

using namespace tars::protocol;

namespace {

std::string body_of(const std::optional<FrameResult>& result) {
  REQUIRE(result);
  REQUIRE(std::holds_alternative<std::string>(*result));
  return std::get<std::string>(*result);
}

std::string error_of(const std::optional<FrameResult>& result) {
  REQUIRE(result);
  REQUIRE(std::holds_alternative<FramingError>(*result));
  return std::get<FramingError>(*result).message;
}

}  // namespace

TEST_CASE("frames split across reads and merged into one read") {
  ContentLengthFraming reader;
  std::string two = frame("{\"a\":1}") + frame("{\"b\":\"\xc3\xa9\"}");
  reader.feed(two.substr(0, 5));
  CHECK_FALSE(reader.next());
  reader.feed(two.substr(5, 20));
  CHECK_FALSE(reader.next());  // 25 of the first frame's 28 bytes
  reader.feed(two.substr(25, 3));
  CHECK(body_of(reader.next()) == "{\"a\":1}");
  CHECK_FALSE(reader.next());
  reader.feed(two.substr(28));
  CHECK(body_of(reader.next()) == "{\"b\":\"\xc3\xa9\"}");
  CHECK_FALSE(reader.next());
}

TEST_CASE("Content-Type is optional, header names are case-insensitive") {
  ContentLengthFraming reader;
  reader.feed(
      "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  CHECK(body_of(reader.next()) == "{}");
  CHECK(frame("{}") == "Content-Length: 2\r\n\r\n{}");
}

TEST_CASE("bad headers are reported and the reader resynchronises") {
  ContentLengthFraming reader;
  reader.feed("Content-Length: abc\r\n\r\n" + frame("{\"ok\":1}"));
  CHECK(error_of(reader.next()).find("invalid Content-Length") != std::string::npos);
  CHECK(body_of(reader.next()) == "{\"ok\":1}");

  reader.feed("X-Whatever: 1\r\n\r\n" + frame("[]"));
  CHECK(error_of(reader.next()) == "missing Content-Length header");
  CHECK(body_of(reader.next()) == "[]");

  reader.feed("garbage without colon\r\n\r\n" + frame("1"));
  CHECK(error_of(reader.next()).find("malformed header") != std::string::npos);
  CHECK(body_of(reader.next()) == "1");
}

TEST_CASE("a body over the size limit is refused and skipped, even when it arrives later") {
  ContentLengthFraming reader(16);
  reader.feed("Content-Length: 40\r\n\r\n0123456789");
  CHECK(error_of(reader.next()).find("exceeds the limit of 16 bytes") != std::string::npos);
  CHECK_FALSE(reader.next());
  reader.feed(std::string(30, 'x') + frame("{}"));
  CHECK(body_of(reader.next()) == "{}");
}

TEST_CASE("a header that never ends is dropped") {
  ContentLengthFraming reader;
  reader.feed(std::string(9000, 'h'));
  CHECK(error_of(reader.next()).find("header too long") != std::string::npos);
  reader.feed(frame("{}"));
  CHECK(body_of(reader.next()) == "{}");
}

TEST_CASE("one message per line, split across reads and several in one read") {
  NewlineFraming reader;
  reader.feed("{\"a\":");
  CHECK_FALSE(reader.next());
  reader.feed("1}\n{\"b\":\"x\\ny\"}\n{\"c\"");
  CHECK(body_of(reader.next()) == "{\"a\":1}");
  CHECK(body_of(reader.next()) == "{\"b\":\"x\\ny\"}");  // an escaped newline is no line end
  CHECK_FALSE(reader.next());
  reader.feed(":3}\n");
  CHECK(body_of(reader.next()) == "{\"c\":3}");
  CHECK_FALSE(reader.next());
}

TEST_CASE("a \\r before the newline is dropped and blank lines are skipped") {
  NewlineFraming reader;
  reader.feed("\n  \r\n{}\r\n\n[1]\n");
  CHECK(body_of(reader.next()) == "{}");
  CHECK(body_of(reader.next()) == "[1]");
  CHECK_FALSE(reader.next());
}

TEST_CASE("the frame of a body is the body and a newline") {
  NewlineFraming framing;
  CHECK(framing.frame("{\"jsonrpc\":\"2.0\"}") == "{\"jsonrpc\":\"2.0\"}\n");
}

TEST_CASE("a line over the limit is reported once and skipped to its end") {
  NewlineFraming reader(8);
  reader.feed(std::string(20, 'x'));
  CHECK(error_of(reader.next()).find("longer than 8 bytes") != std::string::npos);
  CHECK_FALSE(reader.next());
  reader.feed(std::string(30, 'y') + "\n{}\n");
  CHECK(body_of(reader.next()) == "{}");

  reader.feed(std::string(12, 'z') + "\n[]\n");  // arrives whole, with its newline
  CHECK(error_of(reader.next()).find("exceeds the limit of 8 bytes") != std::string::npos);
  CHECK(body_of(reader.next()) == "[]");
}

TEST_CASE("many messages in one read come out in order") {
  NewlineFraming reader;
  std::string input;
  for (int i = 0; i < 1000; ++i) input += "{\"i\":" + std::to_string(i) + "}\n";
  reader.feed(input);
  for (int i = 0; i < 1000; ++i)
    CHECK(body_of(reader.next()) == "{\"i\":" + std::to_string(i) + "}");
  CHECK_FALSE(reader.next());
}
