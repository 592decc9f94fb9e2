// WARC 1.0/1.1 records (ISO 28500), as Common Crawl's WARC and WET files hold them:
// a reader that survives damaged records, a writer that puts each record in its own
// compression member, and the HTTP response inside a "response" record's block.
//
//   BufferedReader in(source);
//   WarcReader reader(in);
//   WarcRecord rec;
//   std::string error;
//   for (WarcStatus s; (s = reader.Next(&rec, &error)) != WarcStatus::kEnd;) {
//     if (s == WarcStatus::kMalformed) { Count(error); continue; }
//     if (rec.type() == "conversion") Clean(rec.uri(), rec.block);
//   }
#ifndef BOILERSTRIP_FORMATS_WARC_H_
#define BOILERSTRIP_FORMATS_WARC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/stream.h"

namespace boilerstrip {

struct WarcRecord {
  // The record's first line, "WARC/1.0" or "WARC/1.1".
  std::string version = "WARC/1.0";
  // Named fields in their order and spelling, values without surrounding whitespace;
  // continuation lines are folded into their field with one space.
  std::vector<std::pair<std::string, std::string>> headers;
  // The Content-Length bytes after the header section.
  std::string block;
  // Where the record's first byte is in the decompressed stream.
  uint64_t offset = 0;

  // The value of the first field named |name| (ASCII case ignored); empty if none.
  std::string_view Header(std::string_view name) const;
  // Replaces the value of the first field named |name|, or appends the field.
  void SetHeader(std::string_view name, std::string_view value);
  // Removes every field named |name|.
  void RemoveHeader(std::string_view name);

  std::string_view type() const { return Header("WARC-Type"); }
  std::string_view id() const { return Header("WARC-Record-ID"); }
  std::string_view uri() const { return Header("WARC-Target-URI"); }
  std::string_view date() const { return Header("WARC-Date"); }
};

enum class WarcStatus { kRecord, kMalformed, kEnd };

// Reads records one after another. Not thread-safe; |in| must outlive the reader and
// must not be read by anyone else meanwhile.
class WarcReader {
 public:
  static constexpr uint64_t kDefaultMaxBlock = uint64_t{256} << 20;
  static constexpr size_t kMaxHeaderBytes = size_t{1} << 20;

  // Blocks longer than |max_block| are skipped, never held in memory. |read_chunk| is
  // how much is taken from |in| at a time; tests make it small to split records.
  explicit WarcReader(BufferedReader& in, uint64_t max_block = kDefaultMaxBlock,
                      size_t read_chunk = size_t{64} << 10);

  // kRecord: |*rec| is the next record. kMalformed: the bytes at rec->offset are not a
  // good record; |*error| says why, as "offset 1234: missing Content-Length", and the
  // rest of |*rec| is unspecified. The following call goes on from the next line that
  // begins with "WARC/1.", looking inside the bad record's block too, which may have
  // swallowed the next record. kEnd: no more records.
  //
  // A block over max_block is kMalformed ("record too large"), its bytes skipped
  // unread: a corrupt, huge Content-Length therefore skips the rest of the stream. A
  // last record whose "\r\n\r\n" the stream cut off is still a record. Offsets count
  // from where |in| began. Memory stays below about 2 * max_block + kMaxHeaderBytes
  // whatever the input. Throws InputError only when |in| does; the reader is then
  // unusable.
  WarcStatus Next(WarcRecord* rec, std::string* error);

 private:
  enum class Line { kLine, kTooLong, kNone };

  WarcStatus ReadRecord(WarcRecord* rec, std::string* error);
  bool ReadHeaders(WarcRecord* rec, std::string* error);
  WarcStatus ReadBlock(uint64_t length, WarcRecord* rec, std::string* error);
  WarcStatus SkipBlock(uint64_t length, std::string* error);
  bool AtTrailer();
  Line PeekLine(size_t max, std::string_view* line, size_t* size);
  void SkipLine();
  void Resync();
  size_t Available(size_t n);
  bool Fill();
  uint64_t OffsetOf(size_t pos) const { return in_.offset() - (buf_.size() - pos); }

  BufferedReader& in_;
  const uint64_t max_block_;
  const size_t read_chunk_;
  // Bytes taken from |in_|; buf_[pos_] is the next one. Holding them here rather than
  // in |in_| lets a damaged record's block be read again when resynchronising.
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  // While set, Fill keeps the bytes before pos_: the current record may be rewound.
  bool pinned_ = false;
  bool resync_ = false;
  size_t record_start_ = 0;
};

// Writes |rec| with CRLF line endings, its Content-Length field set to the block's size
// (added at the end if absent, duplicates dropped), then closes a member of |out|. CR
// and LF inside the version, names or values become spaces so the record stays
// readable. A WARC-Block-Digest is written as it is: remove it if the block changed.
void WriteWarcRecord(const WarcRecord& rec, ByteSink& out);

// The HTTP response stored in a WARC "response" record's block.
struct HttpResponse {
  int status = 0;
  // Fields in order, continuation lines folded; lines without a colon are dropped.
  std::vector<std::pair<std::string, std::string>> headers;
  // The bytes after the header section, as stored (Content-Encoding not undone). Points
  // into the block given to ParseHttpResponse.
  std::string_view body;

  // The value of the first field named |name| (ASCII case ignored); empty if none.
  std::string_view Header(std::string_view name) const;
};

// Parses "HTTP/<version> <3-digit status>[ reason]", fields up to an empty line (CRLF or
// LF) and the body after it; a block ending inside the fields has an empty body.
// Returns false if |block| does not begin with a status line.
bool ParseHttpResponse(std::string_view block, HttpResponse* out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_WARC_H_
