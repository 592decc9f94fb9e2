#include "formats/records.h"

#include <fmt/format.h>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

class SourceReader : public RecordReader {
 public:
  explicit SourceReader(std::unique_ptr<ByteSource> source)
      : source_(std::move(source)), in_(*source_) {}
  uint64_t raw_offset() const override { return source_->raw_offset(); }

 protected:
  std::unique_ptr<ByteSource> source_;
  BufferedReader in_;
};

// The whole input is one page, read straight from the source: no BufferedReader,
// whose 1 MB buffer cost more per page (allocation, page faults) than reading a page of
// a few KB.
class TextReader : public RecordReader {
 public:
  explicit TextReader(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}
  uint64_t raw_offset() const override { return source_->raw_offset(); }

  bool Next(Chunk* chunk) override {
    if (done_) return false;
    done_ = true;
    Item item;
    char buf[64 << 10];
    while (size_t got = source_->Read(buf, sizeof buf)) {
      // The memory bound (one record of at most kMaxRecordBytes per worker) holds for
      // pages too: a bigger "page" is a dump, not a web page.
      if (item.data.size() + got > kMaxRecordBytes)
        throw InputError(fmt::format("page longer than {} bytes, skipped", kMaxRecordBytes));
      item.data.append(buf, got);
    }
    chunk->bytes += item.data.size();
    chunk->items.push_back(std::move(item));
    return true;
  }

 private:
  std::unique_ptr<ByteSource> source_;
  bool done_ = false;
};

class JsonlReader : public SourceReader {
 public:
  using SourceReader::SourceReader;
  bool Next(Chunk* chunk) override {
    while (chunk->bytes < kChunkBytes) {
      Item item;
      ++line_;
      try {
        if (!in_.ReadLine(&item.data, kMaxRecordBytes)) break;
      } catch (const InputError& e) {
        in_.SkipLine();
        item.data.clear();
        item.error = e.what();
      }
      if (item.error.empty() && item.data.find_first_not_of(" \t\r") == std::string::npos) continue;
      item.where = fmt::format("line {}", line_);
      chunk->bytes += item.data.size();
      chunk->items.push_back(std::move(item));
    }
    return !chunk->items.empty();
  }

 private:
  uint64_t line_ = 0;
};

class WarcInputReader : public SourceReader {
 public:
  explicit WarcInputReader(std::unique_ptr<ByteSource> source)
      : SourceReader(std::move(source)), warc_(in_, kMaxRecordBytes) {}
  bool Next(Chunk* chunk) override {
    while (chunk->bytes < kChunkBytes) {
      Item item;
      WarcStatus status = warc_.Next(&item.warc, &item.error);
      if (status == WarcStatus::kEnd) break;
      // A malformed record's error starts with its offset already.
      if (status == WarcStatus::kRecord) item.where = fmt::format("offset {}", item.warc.offset);
      chunk->bytes += item.warc.block.size() + 256;
      chunk->items.push_back(std::move(item));
    }
    return !chunk->items.empty();
  }

 private:
  WarcReader warc_;
};

}  // namespace

std::unique_ptr<RecordReader> OpenRecordReader(Format format, std::unique_ptr<ByteSource> source) {
  switch (format) {
    case Format::kJsonl: return std::make_unique<JsonlReader>(std::move(source));
    case Format::kWarc:
    case Format::kWet: return std::make_unique<WarcInputReader>(std::move(source));
    case Format::kText:
    case Format::kHtml: break;
  }
  return std::make_unique<TextReader>(std::move(source));
}

}  // namespace boilerstrip
