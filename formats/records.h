// Reading inputs as a sequence of records, in chunks a worker thread cleans at once.
// A text file is one record; a JSONL file one record per line; a WARC file one per
// WARC record. Malformed records come through in their place as errors, so that the
// writer can report them in input order while the rest of the file is still cleaned.
#ifndef BOILERSTRIP_FORMATS_RECORDS_H_
#define BOILERSTRIP_FORMATS_RECORDS_H_

#include <memory>
#include <string>
#include <vector>

#include "formats/format.h"
#include "formats/warc.h"
#include "io/stream.h"

namespace boilerstrip {

struct Item {
  std::string data;    // the page (text), the line (JSONL), unused for WARC (in |warc|)
  WarcRecord warc;     // WARC input: the record, its block being the page
  std::string where;   // "line 12", "offset 4096": where the record starts in its input
  std::string error;   // set for a malformed record: why it is skipped
};

// Records read in one go: about kChunkBytes of input, or one text page.
struct Chunk {
  std::vector<Item> items;
  size_t bytes = 0;
};

// Reading stops filling a chunk at this size: big enough that handing chunks between
// threads costs nothing, small enough that a worker finishes one in tens of milliseconds.
inline constexpr size_t kChunkBytes = 1 << 20;
// The default bound on one record (--max-page-mb): a JSONL line or WARC record larger
// than this is skipped as malformed; a bigger text page fails its input.
inline constexpr size_t kMaxRecordBytes = size_t{64} << 20;

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Fills |*chunk| with the next records; false when the input has none left. Throws
  // InputError when the input itself fails (unreadable, truncated compression).
  virtual bool Next(Chunk* chunk) = 0;
  // Bytes read from the underlying file so far.
  virtual uint64_t raw_offset() const = 0;
};

// A reader of |source| as |format|, holding no record larger than |max_record_bytes|.
std::unique_ptr<RecordReader> OpenRecordReader(Format format, std::unique_ptr<ByteSource> source,
                                               size_t max_record_bytes = kMaxRecordBytes);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_RECORDS_H_
