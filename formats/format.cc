#include "formats/format.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

struct Extension {
  std::string_view ext;
  Format format;
};

// Longest first: ".warc.wet" must win over ".wet".
constexpr std::array<Extension, 10> kExtensions{{
    {".warc.wet", Format::kWarc},
    {".warc", Format::kWarc},
    {".wet", Format::kWarc},
    {".arc", Format::kWarc},
    {".jsonl", Format::kJsonl},
    {".ndjson", Format::kJsonl},
    {".json", Format::kJsonl},
    {".txt", Format::kText},
    {".html", Format::kHtml},
    {".htm", Format::kHtml},
}};

std::string_view DefaultExtension(Format f) {
  switch (f) {
    case Format::kText: return ".txt";
    case Format::kJsonl: return ".jsonl";
    case Format::kWarc: return ".warc";
    case Format::kWet: return ".warc.wet";
    case Format::kHtml: return ".html";
  }
  return "";
}

// The format extension |name| ends with, if any.
std::optional<Extension> FormatExtension(std::string_view name) {
  for (const Extension& e : kExtensions)
    if (name.ends_with(e.ext) && name.size() > e.ext.size()) return e;
  return std::nullopt;
}

}  // namespace

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kText: return "text";
    case Format::kJsonl: return "jsonl";
    case Format::kWarc: return "warc";
    case Format::kWet: return "wet";
    case Format::kHtml: return "html";
  }
  return "";
}

std::optional<StreamFormat> FormatOfFileName(std::string_view name) {
  std::optional<Extension> e = FormatExtension(StripCompression(name));
  if (!e) return std::nullopt;
  return StreamFormat{e->format, CompressionOf(name)};
}

FormatOption ParseFormatOption(std::string_view value, std::string_view option) {
  FormatOption f;
  std::string_view base = StripCompression(value);
  if (base.size() != value.size()) f.compression = CompressionOf(value);
  for (Format candidate : {Format::kText, Format::kJsonl, Format::kWarc, Format::kWet, Format::kHtml})
    if (base == FormatName(candidate)) {
      f.format = candidate;
      return f;
    }
  throw ConfigError(fmt::format("{}: unknown format \"{}\" (text, jsonl, warc, wet or html, "
                                "optionally with .gz or .zst)", option, value));
}

std::string OutputFileName(std::string_view name, StreamFormat in, StreamFormat out) {
  std::string base(StripCompression(name));
  bool same = in.format == out.format || (in.format == Format::kWarc && out.format == Format::kWet);
  if (!same) {
    if (std::optional<Extension> e = FormatExtension(base)) base.resize(base.size() - e->ext.size());
    base += DefaultExtension(out.format);
  }
  base += CompressionExtension(out.compression);
  return base;
}

}  // namespace boilerstrip
