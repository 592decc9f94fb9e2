#include "formats/warc.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace boilerstrip {
namespace {

constexpr std::string_view kMagic = "WARC/1.";
// Longer than any version line; a longer first line is garbage.
constexpr size_t kMaxFirstLine = 256;

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsVersionLine(std::string_view line) {
  line = Trim(line);
  return line == "WARC/1.0" || line == "WARC/1.1";
}

// Folds a continuation line into |*fields|, or splits "Name: value" onto its end.
// Returns false if the line is neither.
using Fields = std::vector<std::pair<std::string, std::string>>;
bool AddField(std::string_view line, Fields* fields) {
  if (line.front() == ' ' || line.front() == '\t') {
    if (fields->empty()) return false;
    std::string& value = fields->back().second;
    std::string_view more = Trim(line);
    if (!value.empty() && !more.empty()) value += ' ';
    value += more;
    return true;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view name = line.substr(0, colon);
  if (std::any_of(name.begin(), name.end(), [](char c) { return c <= ' ' || c == 0x7f; }))
    return false;
  fields->emplace_back(name, Trim(line.substr(colon + 1)));
  return true;
}

const std::string* FindField(const Fields& fields, std::string_view name) {
  for (const auto& [n, v] : fields)
    if (EqualsIgnoreCase(n, name)) return &v;
  return nullptr;
}

// Shows a bad line in an error message without flooding it.
std::string Excerpt(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (line.size() > 40) out += "...";
  return out;
}

}  // namespace

std::string_view WarcRecord::Header(std::string_view name) const {
  const std::string* value = FindField(headers, name);
  return value ? std::string_view(*value) : std::string_view();
}

void WarcRecord::SetHeader(std::string_view name, std::string_view value) {
  for (auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

void WarcRecord::RemoveHeader(std::string_view name) {
  std::erase_if(headers, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
}

WarcReader::WarcReader(BufferedReader& in, uint64_t max_block, size_t read_chunk)
    : in_(in), max_block_(max_block), read_chunk_(std::max<size_t>(read_chunk, 1)) {}

WarcStatus WarcReader::Next(WarcRecord* rec, std::string* error) {
  if (resync_) {
    Resync();
    resync_ = false;
  }
  std::string_view line;
  size_t size = 0;
  for (;;) {
    Line got = PeekLine(kMaxFirstLine, &line, &size);
    if (got == Line::kNone) return WarcStatus::kEnd;
    if (got == Line::kLine && Trim(line).empty()) {
      pos_ += size;
      continue;
    }
    if (got == Line::kLine && IsVersionLine(line)) break;
    rec->offset = OffsetOf(pos_);
    *error = fmt::format("offset {}: not a WARC record (expected WARC/1.x)", rec->offset);
    SkipLine();
    resync_ = true;
    return WarcStatus::kMalformed;
  }
  rec->version = Trim(line);
  // Whatever comes back stays in buf_ while this record is read, so compact now.
  if (pos_ > 0 && pos_ >= buf_.size() - pos_) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  rec->offset = OffsetOf(pos_);
  pos_ += size;
  record_start_ = pos_;
  pinned_ = true;
  WarcStatus status = ReadRecord(rec, error);
  pinned_ = false;
  if (status == WarcStatus::kMalformed) {
    *error = fmt::format("offset {}: {}", rec->offset, *error);
    resync_ = true;
  }
  return status;
}

WarcStatus WarcReader::ReadRecord(WarcRecord* rec, std::string* error) {
  rec->headers.clear();
  rec->block.clear();
  if (!ReadHeaders(rec, error)) {
    pos_ = record_start_;
    return WarcStatus::kMalformed;
  }
  const std::string* field = FindField(rec->headers, "Content-Length");
  if (!field) {
    *error = "missing Content-Length";
    pos_ = record_start_;
    return WarcStatus::kMalformed;
  }
  uint64_t length = 0;
  const char* end = field->data() + field->size();
  auto parsed = std::from_chars(field->data(), end, length);
  if (field->empty() || parsed.ec != std::errc() || parsed.ptr != end) {
    *error = fmt::format("bad Content-Length '{}'", Excerpt(*field));
    pos_ = record_start_;
    return WarcStatus::kMalformed;
  }
  if (length > max_block_) return SkipBlock(length, error);
  return ReadBlock(length, rec, error);
}

bool WarcReader::ReadHeaders(WarcRecord* rec, std::string* error) {
  for (;;) {
    std::string_view line;
    size_t size = 0;
    size_t used = pos_ - record_start_;
    Line got = PeekLine(kMaxHeaderBytes - std::min(used, kMaxHeaderBytes), &line, &size);
    if (got == Line::kTooLong) {
      *error = fmt::format("header section longer than {} bytes", kMaxHeaderBytes);
      return false;
    }
    if (got == Line::kNone || buf_[pos_ + size - 1] != '\n') {
      *error = "truncated record (stream ends in the header section)";
      return false;
    }
    if (line.empty()) {
      pos_ += size;
      return true;
    }
    if (!AddField(line, &rec->headers)) {
      *error = fmt::format("bad header line '{}' (expected Name: value)", Excerpt(line));
      return false;
    }
    pos_ += size;
  }
}

WarcStatus WarcReader::ReadBlock(uint64_t length, WarcRecord* rec, std::string* error) {
  size_t block_start = pos_;
  size_t from_buf = std::min<uint64_t>(length, buf_.size() - pos_);
  rec->block.assign(buf_, pos_, from_buf);
  pos_ += from_buf;
  bool in_buf = from_buf == length;
  if (!in_buf) {
    // Straight from |in_| into the block: a large block is copied once, not twice.
    uint64_t want = length - from_buf;
    rec->block.reserve(std::min<uint64_t>(length, uint64_t{16} << 20));
    if (in_.Read(want, &rec->block) < want) eof_ = true;
    buf_.clear();
    pos_ = 0;
  }
  if (rec->block.size() < length) {
    *error = fmt::format("truncated record (Content-Length {}, {} bytes left)", length,
                         rec->block.size());
  } else if (AtTrailer()) {
    return WarcStatus::kRecord;
  } else {
    *error = fmt::format("Content-Length {} does not end at a record boundary", length);
  }
  // A wrong length may have swallowed the next record or cut this one short: look for
  // the next record from the start of the block.
  if (in_buf) {
    pos_ = block_start;
  } else {
    buf_.insert(0, rec->block);  // nothing after the block has been consumed
    pos_ = 0;
  }
  return WarcStatus::kMalformed;
}

WarcStatus WarcReader::SkipBlock(uint64_t length, std::string* error) {
  *error = fmt::format("record too large (Content-Length {}, limit {})", length, max_block_);
  uint64_t left = length;
  size_t from_buf = std::min<uint64_t>(left, buf_.size() - pos_);
  pos_ += from_buf;
  left -= from_buf;
  std::string scratch;
  while (left > 0) {
    scratch.clear();
    size_t got = in_.Read(std::min<uint64_t>(left, read_chunk_), &scratch);
    if (got == 0) {
      eof_ = true;
      break;
    }
    left -= got;
  }
  if (left == 0) AtTrailer();  // if it is not there, Next resynchronises from here
  return WarcStatus::kMalformed;
}

// Consumes the "\r\n\r\n" (or "\n\n") after a block if it is there. The end of the
// stream counts as a boundary, so a last record without its trailer is still read.
bool WarcReader::AtTrailer() {
  // Available() may grow buf_ and move its bytes: take the pointer after it.
  size_t available = Available(4);
  std::string_view rest(buf_.data() + pos_, available);
  size_t p = 0;
  for (int newlines = 0; newlines < 2; ++newlines) {
    if (p < rest.size() && rest[p] == '\r') ++p;
    if (p == rest.size()) break;  // fewer than 4 bytes were available: the stream ended
    if (rest[p] != '\n') return false;
    ++p;
  }
  pos_ += p;
  return true;
}

// The line at pos_, not consumed: |*line| without its "\n" or "\r\n", |*size| with it.
// kTooLong if it has more than |max| bytes before the "\n"; a last line without "\n"
// counts as a line.
WarcReader::Line WarcReader::PeekLine(size_t max, std::string_view* line, size_t* size) {
  size_t scanned = 0;
  for (;;) {
    const char* start = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    size_t limit = std::min(avail, max + 1);
    size_t len = avail;
    if (const void* nl = std::memchr(start + scanned, '\n', limit - scanned)) {
      len = static_cast<const char*>(nl) - start;
      *size = len + 1;
    } else if (avail > max) {
      return Line::kTooLong;
    } else if (Fill()) {
      scanned = limit;
      continue;
    } else if (avail == 0) {
      return Line::kNone;
    } else {
      *size = avail;
    }
    *line = std::string_view(start, len);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    return Line::kLine;
  }
}

void WarcReader::SkipLine() {
  for (;;) {
    const char* start = buf_.data() + pos_;
    if (const void* nl = std::memchr(start, '\n', buf_.size() - pos_)) {
      pos_ += static_cast<const char*>(nl) - start + 1;
      return;
    }
    pos_ = buf_.size();
    if (!Fill()) return;
  }
}

void WarcReader::Resync() {
  while (Available(kMagic.size()) >= kMagic.size()) {
    if (std::string_view(buf_).substr(pos_).starts_with(kMagic)) return;
    SkipLine();
  }
  pos_ = buf_.size();  // too few bytes left to begin a record
}

// Makes at least |n| bytes available from pos_ unless the stream ends first; returns
// how many are.
size_t WarcReader::Available(size_t n) {
  while (buf_.size() - pos_ < n && Fill()) {
  }
  return buf_.size() - pos_;
}

bool WarcReader::Fill() {
  if (eof_) return false;
  // Compacting only once half the buffer is consumed keeps the copying linear.
  if (!pinned_ && pos_ > 0 && pos_ >= buf_.size() - pos_) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t got = in_.Read(read_chunk_, &buf_);
  if (got < read_chunk_) eof_ = true;
  return got > 0;
}

namespace {

// CR or LF inside a field would end it early and corrupt the record framing.
void AppendLine(std::string* out, std::string_view a, std::string_view b = {}) {
  for (std::string_view part : {a, b})
    for (char c : part) *out += (c == '\r' || c == '\n') ? ' ' : c;
  *out += "\r\n";
}

}  // namespace

void WriteWarcRecord(const WarcRecord& rec, ByteSink& out) {
  std::string head;
  AppendLine(&head, rec.version);
  std::string length = std::to_string(rec.block.size());
  bool wrote_length = false;
  for (const auto& [name, value] : rec.headers) {
    bool is_length = EqualsIgnoreCase(name, "Content-Length");
    if (is_length && wrote_length) continue;
    wrote_length |= is_length;
    AppendLine(&head, name, ": " + (is_length ? length : value));
  }
  if (!wrote_length) AppendLine(&head, "Content-Length: ", length);
  head += "\r\n";
  out.Write(head);
  out.Write(rec.block);
  out.Write("\r\n\r\n");
  out.EndMember();
}

std::string_view HttpResponse::Header(std::string_view name) const {
  const std::string* value = FindField(headers, name);
  return value ? std::string_view(*value) : std::string_view();
}

namespace {

// Takes the line at |*pos| from |text|, without its "\n" or "\r\n".
std::string_view TakeLine(std::string_view text, size_t* pos) {
  size_t nl = text.find('\n', *pos);
  size_t end = nl == std::string_view::npos ? text.size() : nl;
  std::string_view line = text.substr(*pos, end - *pos);
  *pos = nl == std::string_view::npos ? text.size() : nl + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/2 301 Moved": returns the status, or 0.
int ParseStatusLine(std::string_view line) {
  if (!line.starts_with("HTTP/")) return 0;
  line.remove_prefix(5);
  size_t space = line.find(' ');
  std::string_view version = line.substr(0, space);
  if (version.empty() || !IsDigit(version.front()) ||
      !std::all_of(version.begin(), version.end(), [](char c) { return IsDigit(c) || c == '.'; }))
    return 0;
  if (space == std::string_view::npos) return 0;
  std::string_view rest = line.substr(space + 1);
  if (rest.size() < 3 || !std::all_of(rest.begin(), rest.begin() + 3, IsDigit) ||
      (rest.size() > 3 && rest[3] != ' '))
    return 0;
  return (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
}

}  // namespace

bool ParseHttpResponse(std::string_view block, HttpResponse* out) {
  out->headers.clear();
  out->body = {};
  size_t pos = 0;
  out->status = ParseStatusLine(TakeLine(block, &pos));
  if (out->status < 100) return false;
  while (pos < block.size()) {
    std::string_view line = TakeLine(block, &pos);
    if (line.empty()) {
      out->body = block.substr(pos);
      break;
    }
    AddField(line, &out->headers);  // browsers ignore a field they cannot parse; so do we
  }
  return true;
}

}  // namespace boilerstrip
