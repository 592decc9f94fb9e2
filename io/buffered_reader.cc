#include <cstring>

#include <fmt/format.h>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {

BufferedReader::BufferedReader(ByteSource& source, size_t buffer_size)
    : source_(source), buf_(std::make_unique_for_overwrite<char[]>(buffer_size)), size_(buffer_size) {}

bool BufferedReader::Fill() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (end_ == size_) {
    if (begin_ == 0) return true;  // full of unread bytes; caller consumes first
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  size_t got = source_.Read(buf_.get() + end_, size_ - end_);
  end_ += got;
  return got > 0;
}

bool BufferedReader::AtEnd() { return begin_ == end_ && !Fill(); }

bool BufferedReader::ReadLine(std::string* line, size_t max_line, size_t spare) {
  line->clear();
  return ConsumeLine(line, max_line, spare) || !line->empty();
}

void BufferedReader::SkipLine() { ConsumeLine(nullptr, SIZE_MAX); }

bool BufferedReader::ConsumeLine(std::string* line, size_t max_line, size_t spare) {
  size_t taken = 0;
  for (;;) {
    if (begin_ == end_ && !Fill()) return false;
    const char* start = buf_.get() + begin_;
    size_t avail = end_ - begin_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    size_t take = nl ? static_cast<size_t>(nl - start) : avail;
    taken += take;
    if (taken > max_line) throw InputError(fmt::format("line longer than {} bytes", max_line));
    if (line) {
      if (line->size() + take + spare > line->capacity()) line->reserve(line->size() + take + spare);
      line->append(start, take);
    }
    begin_ += take + (nl ? 1 : 0);
    offset_ += take + (nl ? 1 : 0);
    if (nl) return true;
  }
}

size_t BufferedReader::Read(size_t n, std::string* out) {
  size_t done = 0;
  while (done < n) {
    if (begin_ == end_ && !Fill()) break;
    size_t take = std::min(n - done, end_ - begin_);
    out->append(buf_.get() + begin_, take);
    begin_ += take;
    done += take;
  }
  offset_ += done;
  return done;
}

}  // namespace boilerstrip
