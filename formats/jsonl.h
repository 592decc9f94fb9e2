// JSONL: one JSON object per line, the page in one string field. Only that field is
// replaced; every other byte of the line (other fields, their order, spacing) passes
// through as it was.
#ifndef BOILERSTRIP_FORMATS_JSONL_H_
#define BOILERSTRIP_FORMATS_JSONL_H_

#include <string>
#include <string_view>

namespace boilerstrip {

struct JsonlFields {
  std::string text = "text";
  std::string id = "id";
  std::string url = "url";  // the site is this URL's host...
  std::string site;         // ...unless this field is given: then it is the site
};

struct JsonlRecord {
  // The page, unescaped, where the parser of the calling thread put it: valid until the
  // thread parses another record (copying every page out was 1.5% of a JSONL run's
  // instructions).
  std::string_view text;
  std::string id;            // the id field as text (a string's value, a number's digits); may be empty
  std::string site;          // the site field, or the URL field's host; may be empty
  size_t text_begin = 0;     // the text field's JSON string literal in the line, quotes included
  size_t text_end = 0;
  uint64_t invalid_utf8 = 0; // sequences replaced by U+FFFD before parsing
};

// The bytes of capacity beyond a line's end that ParseJsonlRecord wants (simdjson reads
// ahead in blocks): a line read with that much room is parsed where it lies.
inline constexpr size_t kJsonlPadding = 64;

// Parses one line. Invalid UTF-8 is replaced by U+FFFD in |*line| first (and counted):
// a bad byte should cost that byte, not the record. Returns false with the reason in
// |*error| when the line is not a JSON object, or its text field is missing or not a string.
bool ParseJsonlRecord(std::string* line, const JsonlFields& fields, JsonlRecord* record,
                      std::string* error);

// |line| with the text field's value replaced by |text|, followed by '\n'.
void AppendWithText(std::string_view line, const JsonlRecord& record, std::string_view text,
                    std::string* out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_JSONL_H_
