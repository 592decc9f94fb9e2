// Input and output formats, and how a file name or a --format value names them.
#ifndef BOILERSTRIP_FORMATS_FORMAT_H_
#define BOILERSTRIP_FORMATS_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "io/stream.h"

namespace boilerstrip {

// text: a file is one page. jsonl: one JSON object per line. warc: WARC or WET records,
// `conversion` records being pages. wet (output only): WARC conversion records again.
// html (input only): a file is one HTML page, cleaned to text.
enum class Format { kText, kJsonl, kWarc, kWet, kHtml };

std::string_view FormatName(Format f);

// A format with its compression: what a file name or a --format value says.
struct StreamFormat {
  Format format = Format::kText;
  Compression compression = Compression::kNone;
};

// By extension, after the compression extension: .txt text; .jsonl, .ndjson, .json
// jsonl; .warc, .wet, .arc... warc; .html, .htm html. Nothing for other names.
std::optional<StreamFormat> FormatOfFileName(std::string_view name);

// A --format/--output-format value: "text", "jsonl", "warc", "wet", each optionally
// followed by ".gz" or ".zst" ("jsonl.gz"); without one, files keep the compression their
// names say and standard streams are uncompressed.
struct FormatOption {
  Format format = Format::kText;
  std::optional<Compression> compression;
};
// Throws ConfigError naming the option.
FormatOption ParseFormatOption(std::string_view value, std::string_view option);

// The output file name for input |name| (a relative path) written as |out|:
// "a/x.warc.wet.gz" as jsonl.gz -> "a/x.jsonl.gz", "a/x.html" as text -> "a/x.txt"; a
// name keeps its own extension when the format does not change.
std::string OutputFileName(std::string_view name, StreamFormat in, StreamFormat out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_FORMAT_H_
