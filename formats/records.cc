#include "formats/records.h"

#include <fmt/format.h>

#include "formats/jsonl.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace {

class SourceReader : public RecordReader {
 public:
  SourceReader(std::unique_ptr<ByteSource> source, size_t max_record)
      : source_(std::move(source)), in_(*source_), max_record_(max_record) {}
  uint64_t raw_offset() const override { return source_->raw_offset(); }

 protected:
  std::unique_ptr<ByteSource> source_;
  BufferedReader in_;
  size_t max_record_;
};

// The whole input is one page, read straight from the source: no BufferedReader,
// whose 1 MB buffer cost more per page (allocation, page faults) than reading a page of
// a few KB.
class TextReader : public RecordReader {
 public:
  TextReader(std::unique_ptr<ByteSource> source, size_t max_record)
      : source_(std::move(source)), max_record_(max_record) {}
  uint64_t raw_offset() const override { return source_->raw_offset(); }

  bool Next(Chunk* chunk) override {
    if (done_) return false;
    done_ = true;
    Item item;
    char buf[64 << 10];
    while (size_t got = source_->Read(buf, sizeof buf)) {
      // The memory bound (one record of at most max_record_ bytes per worker) holds for
      // pages too: a bigger "page" is usually a dump, not a web page.
      if (item.data.size() + got > max_record_)
        throw InputError(fmt::format("page longer than {} bytes, skipped (--max-page-mb raises the limit)",
                                     max_record_));
      item.data.append(buf, got);
    }
    chunk->bytes += item.data.size();
    chunk->items.push_back(std::move(item));
    return true;
  }

 private:
  std::unique_ptr<ByteSource> source_;
  size_t max_record_;
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
        if (!in_.ReadLine(&item.data, max_record_, kJsonlPadding)) break;
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
  WarcInputReader(std::unique_ptr<ByteSource> source, size_t max_record)
      : SourceReader(std::move(source), max_record), warc_(in_, max_record) {}
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

std::unique_ptr<RecordReader> OpenRecordReader(Format format, std::unique_ptr<ByteSource> source,
                                               size_t max_record_bytes) {
  switch (format) {
    case Format::kJsonl: return std::make_unique<JsonlReader>(std::move(source), max_record_bytes);
    case Format::kWarc:
    case Format::kWet: return std::make_unique<WarcInputReader>(std::move(source), max_record_bytes);
    case Format::kText:
    case Format::kHtml: break;
  }
  return std::make_unique<TextReader>(std::move(source), max_record_bytes);
}

}  // namespace boilerstrip
