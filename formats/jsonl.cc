#include "formats/jsonl.h"

#include <charconv>

#include <simdjson.h>

#include "pipeline/report.h"
#include "pipeline/site_counts.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace od = simdjson::ondemand;

namespace {

// A field's value as text: strings unescaped, numbers and others as written.
std::string FieldText(od::value value) {
  od::json_type type;
  if (value.type().get(type)) return {};
  if (type == od::json_type::string) {
    std::string_view s;
    if (!value.get_string().get(s)) return std::string(s);
    return {};
  }
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                          raw.back() == '\n'))
    raw.remove_suffix(1);
  return std::string(raw);
}

// |line| must have SIMDJSON_PADDING bytes of capacity beyond its size: simdjson reads
// ahead in blocks, and parsing in place saves copying every record.
bool Parse(const std::string& line, const JsonlFields& fields, JsonlRecord* record,
           std::string* error) {
  thread_local od::parser parser;
  simdjson::padded_string_view padded(line.data(), line.size(), line.capacity());
  od::document doc;
  if (auto e = parser.iterate(padded).get(doc)) {
    *error = std::string("not JSON: ") + simdjson::error_message(e);
    return false;
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) {
    *error = e == simdjson::INCORRECT_TYPE ? "not a JSON object"
                                           : std::string("not JSON: ") + simdjson::error_message(e);
    return false;
  }
  bool have_text = false, have_id = false, have_site = false;
  for (auto field : object) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) {
      *error = std::string("not JSON: ") + simdjson::error_message(e);
      return false;
    }
    od::value value;
    if (auto e = field.value().get(value)) {
      *error = std::string("not JSON: ") + simdjson::error_message(e);
      return false;
    }
    if (!have_text && key == fields.text) {
      have_text = true;
      std::string_view raw = value.raw_json_token();
      std::string_view text;
      if (auto e = value.get_string().get(text)) {
        *error = e == simdjson::INCORRECT_TYPE ? "field \"" + fields.text + "\" is not a string"
                                               : std::string("not JSON: ") + simdjson::error_message(e);
        return false;
      }
      record->text = text;
      record->text_begin = static_cast<size_t>(raw.data() - padded.data());
      record->text_end = record->text_begin + raw.find_last_of('"') + 1;
    } else if (!have_id && key == fields.id) {
      have_id = true;
      record->id = FieldText(value);
    } else if (!have_site && fields.site.empty() && key == fields.url) {
      have_site = true;
      record->site = SiteOfUrl(FieldText(value));
    } else if (!have_site && !fields.site.empty() && key == fields.site) {
      have_site = true;
      record->site = FieldText(value);
    }
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    *error = "not JSON: text after the object";
    return false;
  }
  if (!have_text) {
    *error = "no field \"" + fields.text + "\"";
    return false;
  }
  return true;
}

// The value of the four hex digits at |at| of |s|, or -1.
int Hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return -1;
  unsigned value = 0;
  const char* first = s.data() + at;
  auto [end, error] = std::from_chars(first, first + 4, value, 16);
  return error == std::errc() && end == first + 4 ? static_cast<int>(value) : -1;
}

// Rewrites every \u escape of a lone UTF-16 surrogate in the JSON text |*line| as \ufffd,
// in place (both are six bytes, so the offsets of what follows do not move), and returns
// how many. simdjson refuses them, but Python's json module writes them for text that
// was not valid Unicode, and one should not cost the whole record.
uint64_t RepairLoneSurrogates(std::string* line) {
  std::string& s = *line;
  uint64_t repaired = 0;
  for (size_t i = s.find("\\u"); i != std::string::npos; i = s.find("\\u", i + 1)) {
    size_t backslashes = 0;  // before this one: an odd count escapes it
    while (backslashes < i && s[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2) continue;
    int unit = Hex4(s, i + 2);
    if (unit < 0xD800 || unit > 0xDFFF) continue;
    if (unit <= 0xDBFF && s.compare(i + 6, 2, "\\u") == 0) {
      int low = Hex4(s, i + 8);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        i += 6;  // a pair: the low half is passed over with it
        continue;
      }
    }
    s.replace(i + 2, 4, "fffd");
    ++repaired;
  }
  return repaired;
}

}  // namespace

bool ParseJsonlRecord(std::string* line, const JsonlFields& fields, JsonlRecord* record,
                      std::string* error) {
  static_assert(kJsonlPadding >= simdjson::SIMDJSON_PADDING);
  auto parse = [&] {
    *record = JsonlRecord();
    if (line->capacity() < line->size() + simdjson::SIMDJSON_PADDING)
      line->reserve(line->size() + simdjson::SIMDJSON_PADDING);
    try {
      return Parse(*line, fields, record, error);
    } catch (const simdjson::simdjson_error& e) {
      *error = std::string("not JSON: ") + e.what();
      return false;
    }
  };
  // simdjson validates the UTF-8 of the whole line as it indexes it, so a line it parses
  // is valid: only a line it refuses is checked, and parsed again once repaired.
  if (parse()) return true;
  uint64_t invalid = RepairUtf8(line) + RepairLoneSurrogates(line);
  if (invalid == 0) return false;
  bool parsed = parse();
  record->invalid_utf8 = invalid;
  return parsed;
}

void AppendWithText(std::string_view line, const JsonlRecord& record, std::string_view text,
                    std::string* out) {
  out->append(line.substr(0, record.text_begin));
  AppendJsonQuoted(text, out);
  out->append(line.substr(record.text_end));
  out->push_back('\n');
}

}  // namespace boilerstrip
