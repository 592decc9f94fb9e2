#include "io/stream.h"

namespace boilerstrip {

Compression CompressionOf(std::string_view name) {
  if (name.ends_with(".gz")) return Compression::kGzip;
  if (name.ends_with(".zst")) return Compression::kZstd;
  return Compression::kNone;
}

std::string_view StripCompression(std::string_view name) {
  name.remove_suffix(CompressionExtension(CompressionOf(name)).size());
  return name;
}

std::string_view CompressionExtension(Compression c) {
  switch (c) {
    case Compression::kNone: return "";
    case Compression::kGzip: return ".gz";
    case Compression::kZstd: return ".zst";
  }
  return "";
}

}  // namespace boilerstrip
