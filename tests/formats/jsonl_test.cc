#include <doctest/doctest.h>

#include "formats/jsonl.h"

namespace boilerstrip {
namespace {

struct Parsed {
  bool ok;
  JsonlRecord record;
  std::string error;
  std::string line;
};

Parsed ParseLine(std::string line, JsonlFields fields = {}) {
  Parsed p;
  p.line = std::move(line);
  p.ok = ParseJsonlRecord(&p.line, fields, &p.record, &p.error);
  return p;
}

TEST_CASE("jsonl: the text field is replaced; every other byte passes through") {
  Parsed p = ParseLine(R"({"url": "https://a.example/x", "text" : "Home\nBody \"quoted\" caf\u00e9" , "n": [1, {"text": 2}], "id": 7})");
  REQUIRE(p.ok);
  CHECK(p.record.text == "Home\nBody \"quoted\" café");
  CHECK(p.record.id == "7");
  std::string out;
  AppendWithText(p.line, p.record, "Body \"quoted\"\ttab\n", &out);
  CHECK(out == R"({"url": "https://a.example/x", "text" : "Body \"quoted\"\ttab\n" , "n": [1, {"text": 2}], "id": 7})" "\n");
}

TEST_CASE("jsonl: other field names, string ids, the first of duplicate keys") {
  JsonlFields fields;
  fields.text = "content";
  fields.id = "doc_id";
  Parsed p = ParseLine(R"({"content":"a","doc_id":"x-1","content":"b"})", fields);
  REQUIRE(p.ok);
  CHECK(p.record.text == "a");
  CHECK(p.record.id == "x-1");
  std::string out;
  AppendWithText(p.line, p.record, "", &out);
  CHECK(out == "{\"content\":\"\",\"doc_id\":\"x-1\",\"content\":\"b\"}\n");
}

TEST_CASE("jsonl: malformed records say why") {
  CHECK(ParseLine(R"({"text": "abc)").error.starts_with("not JSON"));
  CHECK(ParseLine(R"([1, 2])").error == "not a JSON object");
  CHECK(ParseLine(R"({"text": 5})").error == "field \"text\" is not a string");
  CHECK(ParseLine(R"({"text": null})").error == "field \"text\" is not a string");
  CHECK(ParseLine(R"({"text": "bad \x escape"})").error.starts_with("not JSON"));
  CHECK(ParseLine(R"({"body": "x"})").error == "no field \"text\"");
  CHECK(ParseLine(R"({"text": "x"} {"text": "y"})").error.starts_with("not JSON"));
  CHECK_FALSE(ParseLine("").ok);
  CHECK_FALSE(ParseLine(R"({"text": "x", })").ok);
}

TEST_CASE("jsonl: invalid UTF-8 costs the bad bytes, not the record") {
  Parsed p = ParseLine("{\"text\": \"caf\xC3 ok\", \"id\": \"\xFF\"}");
  REQUIRE(p.ok);
  CHECK(p.record.invalid_utf8 == 2);
  CHECK(p.record.text == "caf\uFFFD ok");
  CHECK(p.record.id == "\uFFFD");
  // In a field boilerstrip does not read, the bytes are still found (simdjson refuses the
  // line) and repaired in the line that is written out.
  Parsed other = ParseLine("{\"text\": \"ok\", \"note\": \"a\xFE" "b\"}");
  REQUIRE(other.ok);
  CHECK(other.record.invalid_utf8 == 1);
  CHECK(other.line == "{\"text\": \"ok\", \"note\": \"a\uFFFDb\"}");
  Parsed broken = ParseLine("{\"text\": \"\xFF");
  CHECK_FALSE(broken.ok);
  CHECK(broken.error.starts_with("not JSON"));
}

TEST_CASE("jsonl: escapes of lone surrogates become U+FFFD, not a failed record") {
  // A high half alone, a low half alone, the two in the wrong order; a pair, an escaped
  // backslash before "u" and a surrogate in another field.
  Parsed p = ParseLine(R"({"text": "a\ud800b \udc00 \udc00\ud800 \ud83d\ude00 \\ud800", "id": "\udfff"})");
  REQUIRE(p.ok);
  CHECK(p.record.invalid_utf8 == 5);
  CHECK(p.record.text == "a\uFFFDb \uFFFD \uFFFD\uFFFD \U0001F600 \\ud800");
  CHECK(p.record.id == "\uFFFD");
  CHECK(p.line == R"({"text": "a\ufffdb \ufffd \ufffd\ufffd \ud83d\ude00 \\ud800", "id": "\ufffd"})");
  // Only the surrogate escapes are repaired: a record broken otherwise still fails.
  Parsed broken = ParseLine(R"({"text": "\ud800)");
  CHECK_FALSE(broken.ok);
  CHECK(broken.error.starts_with("not JSON"));
}

}  // namespace
}  // namespace boilerstrip
