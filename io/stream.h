// Byte streams in and out of boilerstrip. Readers (text, JSONL, WARC) pull bytes from a
// ByteSource and writers push them into a ByteSink; compression sits between the two as
// a source or sink wrapping another, chosen by the file name (.gz, .zst).
#ifndef BOILERSTRIP_IO_STREAM_H_
#define BOILERSTRIP_IO_STREAM_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace boilerstrip {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to |n| bytes into |buf|; returns 0 only at the end of the stream.
  // Throws InputError with the reason ("truncated gzip data") on a read or
  // decompression failure; the caller, who knows the file's name, adds it.
  virtual size_t Read(char* buf, size_t n) = 0;
  // Bytes taken from the underlying file so far (compressed bytes for a compressed
  // stream): what a progress bar compares with the file size.
  virtual uint64_t raw_offset() const = 0;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Throws InputError naming the destination (disk full, closed pipe...).
  virtual void Write(std::string_view data) = 0;
  // Closes a compression unit (a gzip member, a zstd frame) so that readers can start
  // decompressing at the next byte; WET output puts each record in its own member.
  // Nothing for uncompressed streams.
  virtual void EndMember() {}
  // Write(data) then EndMember(), in one call: a sink may compress |data| where it lies
  // instead of copying it into its buffer first.
  virtual void WriteMember(std::string_view data) {
    Write(data);
    EndMember();
  }
  // Writes |members| as they are: whole gzip members or zstd frames, each ended, made by
  // a sink of this one's compression (Compress() over a StringSink). Lets workers
  // compress records in parallel into the bytes this sink would have made of them.
  // Only between members. Uncompressed streams take |members| as plain bytes.
  virtual void WriteMembers(std::string_view members) { Write(members); }
  // Writes out everything buffered and completes the stream; for an output file, moves
  // it into place. A sink destroyed without Finish() leaves nothing behind.
  virtual void Finish() = 0;
};

enum class Compression { kNone, kGzip, kZstd };

// By the last extension of |name|: ".gz" gzip, ".zst" zstd, anything else none.
Compression CompressionOf(std::string_view name);
// |name| without its compression extension ("a.jsonl.gz" -> "a.jsonl").
std::string_view StripCompression(std::string_view name);
// The extension for |c|, with its dot ("" for none).
std::string_view CompressionExtension(Compression c);

// Decompression refuses input that expands beyond kMaxExpansionRatio times its
// compressed size once more than kBombFloorBytes have come out: crawled text
// compresses 3-10x, a gzip or zstd bomb hundreds or millions of times.
inline constexpr double kMaxExpansionRatio = 200;
inline constexpr uint64_t kBombFloorBytes = uint64_t{256} << 20;

// |raw| decompressed by |c| (|raw| itself for kNone). Reads every gzip member or zstd
// frame in turn; bytes after a complete member that do not start another are an error.
// Tests pass a small |bomb_floor|.
std::unique_ptr<ByteSource> Decompress(std::unique_ptr<ByteSource> raw, Compression c,
                                       uint64_t bomb_floor = kBombFloorBytes);
// |raw| compressed by |c| (|raw| itself for kNone): gzip at level 1 in members of at
// most 1 MiB, zstd at level 3. EndMember() ends a gzip member or zstd frame unless
// nothing was written since the last one; Finish() ends the
// last one (writing an empty one if there was none, so the output is never an empty,
// invalid file) and then finishes |raw|.
std::unique_ptr<ByteSink> Compress(std::unique_ptr<ByteSink> raw, Compression c);

namespace internal {
// How inputs are opened (O_RDONLY | O_CLOEXEC), by InputFolder and by ReadFilesAtOnce.
extern const int kReadFlags;
// Splits |path| into the folder to open it from (|*dir|, a view of |path|) and its name
// there (|*name|, the rest of |path|); false for a path opened whole: a bare name, or a
// name in the root.
bool SplitFolder(const std::string& path, std::string_view* dir, const char** name);
}  // namespace internal

// Opens files one after another, each relative to its folder when the folder is the
// last one's: a folder's pages come together, and the kernel then looks up one name,
// not every component of the path again (on a folder of small pages, the path walk was
// a fifth of the system time). The folder stays open as long as this does, so keep one
// only for files read in quick succession. Not thread-safe.
class InputFolder {
 public:
  InputFolder() = default;
  InputFolder(const InputFolder&) = delete;
  InputFolder& operator=(const InputFolder&) = delete;
  ~InputFolder();
  // |path| opened for reading; -1 with errno set if it cannot be.
  int Open(const std::string& path);

 private:
  std::string path_;
  int fd_ = -1;
};

// The file at |path|, decompressed by |compression|. Throws InputError if it cannot be
// opened. |listed_size|, if not 0: the size a listing of inputs found the regular file at
// |path| to have. Then it is not asked again, and a read that ends short at that size is
// its end: a small page costs an open, one read and a close. |folder|, if given, opens it.
std::unique_ptr<ByteSource> OpenFileSource(const std::string& path, Compression compression,
                                           uint64_t listed_size = 0, InputFolder* folder = nullptr);
// Standard input, decompressed by |compression|.
std::unique_ptr<ByteSource> OpenStdinSource(Compression compression);

// A new file at |path| (parent directories created), compressed by |compression|:
// written to a temporary file beside it and renamed over |path| by Finish(). Symbolic
// links at |path| or at the temporary name are replaced, never written through.
std::unique_ptr<ByteSink> OpenFileSink(const std::string& path, Compression compression);
// Standard output, compressed by |compression|. Finish() flushes.
std::unique_ptr<ByteSink> OpenStdoutSink(Compression compression);

// An output file made in two steps, so that the slow part (creating and writing the
// temporary file) can run on a worker thread while the thread that keeps outputs in
// input order only renames it: Write() and Close() fill the temporary file beside
// |path| (parent directories created), Commit() moves it into place. Destroyed before
// Commit(), it leaves nothing behind. Not thread-safe, but may change threads between
// calls. Every step throws InputError naming |path|.
class StagedFile {
 public:
  StagedFile(const std::string& path, Compression compression);
  ~StagedFile();
  void Write(std::string_view data);
  void Close();   // after the last Write
  void Commit();  // after Close

 private:
  class Impl;
  Impl* file_;                      // owned by |sink_|
  std::unique_ptr<ByteSink> sink_;  // |file_| compressed, or |file_| itself
};

// A source over bytes in memory, for tests and for pages already read.
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  size_t Read(char* buf, size_t n) override {
    n = std::min(n, data_.size() - pos_);
    data_.copy(buf, n, pos_);
    pos_ += n;
    return n;
  }
  uint64_t raw_offset() const override { return pos_; }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A sink into a string, for tests and for building output in memory.
class StringSink : public ByteSink {
 public:
  // |reserve|: the bytes expected, so that the string is not copied as it grows.
  explicit StringSink(size_t reserve = 0) { data_.reserve(reserve); }
  void Write(std::string_view data) override { data_.append(data); }
  void Finish() override {}
  const std::string& data() const { return data_; }
  std::string Take() { return std::move(data_); }

 private:
  std::string data_;
};

// Lines and fixed-size blocks from a source, through one buffer.
class BufferedReader {
 public:
  explicit BufferedReader(ByteSource& source, size_t buffer_size = 1 << 20);

  // The next line, without its '\n', in |*line|; false at the end of the stream. A last
  // line without '\n' is still a line. Throws InputError if a line is longer than
  // |max_line| bytes (the rest of it is not read). |spare|: bytes of capacity to leave
  // beyond the line, for a parser that reads past its end (simdjson's padding).
  bool ReadLine(std::string* line, size_t max_line, size_t spare = 0);
  // Skips the rest of the current line, through its '\n'.
  void SkipLine();
  // Appends up to |n| bytes to |*out|; returns how many (fewer only at the end).
  size_t Read(size_t n, std::string* out);
  // Bytes handed out so far (decompressed).
  uint64_t offset() const { return offset_; }
  uint64_t raw_offset() const { return source_.raw_offset(); }
  // True when no byte is left.
  bool AtEnd();

 private:
  bool Fill();  // false at the end of the stream
  // Takes bytes through the next '\n', appending them (without it) to |*line| unless
  // null; false if the stream ended first.
  bool ConsumeLine(std::string* line, size_t max_line, size_t spare = 0);

  ByteSource& source_;
  // Left uninitialized: zeroing 1 MB per opened file cost more than reading a small one.
  std::unique_ptr<char[]> buf_;
  size_t size_;
  size_t begin_ = 0, end_ = 0;
  uint64_t offset_ = 0;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_IO_STREAM_H_
