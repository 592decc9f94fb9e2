#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>

#include <cassert>
#include <climits>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace {

// Owns the loop shared by the decoders: refilling the input buffer, telling a stream
// that ends inside a member from one that ends between members, and the bomb check.
class DecompressingSource : public ByteSource {
 public:
  DecompressingSource(std::unique_ptr<ByteSource> raw, uint64_t bomb_floor,
                      std::string_view format, std::string_view unit)
      : raw_(std::move(raw)), bomb_floor_(bomb_floor), format_(format), unit_(unit) {
    in_.resize(1 << 20);
  }

  size_t Read(char* buf, size_t n) final {
    if (n == 0) return 0;
    for (;;) {
      if (begin_ == end_ && !eof_) Refill();
      bool between_units = AtBoundary();
      Step step = Decode(in_.data() + begin_, end_ - begin_, buf, n);
      if (step.error) {
        // A second member that does not even start like one is not corruption inside
        // gzip data but something else appended to it.
        if (between_units && consumed() > 0)
          throw InputError(fmt::format("trailing garbage after {} {}", format_, unit_));
        throw InputError(fmt::format("corrupt {} data: {}", format_, step.error));
      }
      assert(step.used > 0 || step.produced > 0 || begin_ == end_);
      begin_ += step.used;
      if (step.produced > 0) {
        CheckBomb(step.produced);
        return step.produced;
      }
      if (begin_ == end_ && eof_) {
        if (!AtBoundary()) throw InputError(fmt::format("truncated {} data", format_));
        return 0;
      }
    }
  }

  uint64_t raw_offset() const final { return raw_->raw_offset(); }

 protected:
  struct Step {
    size_t used = 0;              // input bytes consumed
    size_t produced = 0;          // output bytes written
    const char* error = nullptr;  // the decoder's reason for corrupt input
  };
  // Decodes from |in| into |out|. With no input it still flushes what the decoder holds.
  virtual Step Decode(const char* in, size_t in_len, char* out, size_t out_len) = 0;
  // True before the first member and after each complete one.
  virtual bool AtBoundary() const = 0;

 private:
  void Refill() {
    begin_ = 0;
    end_ = raw_->Read(in_.data(), in_.size());
    eof_ = end_ == 0;
  }

  // Compressed bytes decoded so far; the raw source has read ahead by what is buffered.
  uint64_t consumed() const { return raw_->raw_offset() - (end_ - begin_); }

  void CheckBomb(size_t produced) {
    produced_ += produced;
    if (produced_ > bomb_floor_ && produced_ > kMaxExpansionRatio * consumed())
      throw InputError(fmt::format(
          "decompressed data is more than {} times its compressed size (a decompression bomb?)",
          kMaxExpansionRatio));
  }

  std::unique_ptr<ByteSource> raw_;
  const uint64_t bomb_floor_;
  const std::string_view format_, unit_;
  std::string in_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t produced_ = 0;
};

class GzipSource : public DecompressingSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, uint64_t bomb_floor)
      : DecompressingSource(std::move(raw), bomb_floor, "gzip", "member") {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) throw std::bad_alloc();
  }
  ~GzipSource() override { inflateEnd(&z_); }

 private:
  Step Decode(const char* in, size_t in_len, char* out, size_t out_len) override {
    if (between_members_) {
      if (in_len == 0) return {};
      // zlib would wait for a second byte before judging a header; a lone newline or
      // zero after the last member is garbage already.
      if (in[0] != '\x1f') return {0, 0, "incorrect header check"};
      if (Step step; DecodeWholeMember(in, in_len, out, out_len, &step)) return step;
      inflateReset(&z_);
      between_members_ = false;
    }
    // zlib counts in uInt; the caller comes back for the rest.
    in_len = std::min<size_t>(in_len, UINT_MAX);
    out_len = std::min<size_t>(out_len, UINT_MAX);
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    z_.avail_in = static_cast<uInt>(in_len);
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(out_len);
    int rc = inflate(&z_, Z_NO_FLUSH);
    Step step{in_len - z_.avail_in, out_len - z_.avail_out};
    if (rc == Z_STREAM_END) between_members_ = true;
    // Z_BUF_ERROR only says that no progress was possible without more input.
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      step.error = z_.msg ? z_.msg : zError(rc);
    return step;
  }

  bool AtBoundary() const override { return between_members_; }

  // A member that is whole in |in| and fits in |out|, decoded by libdeflate, two to three
  // times as fast as zlib's inflate: WET files are made of small members. Anything else
  // (a member longer than the buffers, corrupt data) is left to zlib, whose stream
  // takes any length and names the error.
  bool DecodeWholeMember(const char* in, size_t in_len, char* out, size_t out_len, Step* step) {
    if (!decompressor_) {
      decompressor_.reset(libdeflate_alloc_decompressor());
      if (!decompressor_) throw std::bad_alloc();
    }
    size_t used = 0, produced = 0;
    if (libdeflate_gzip_decompress_ex(decompressor_.get(), in, in_len, out, out_len, &used,
                                      &produced) != LIBDEFLATE_SUCCESS)
      return false;
    *step = Step{used, produced};
    return true;
  }

  std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> decompressor_{
      nullptr, &libdeflate_free_decompressor};
  z_stream z_{};
  bool between_members_ = true;
};

class ZstdSource : public DecompressingSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> raw, uint64_t bomb_floor)
      : DecompressingSource(std::move(raw), bomb_floor, "zstd", "frame"), dctx_(ZSTD_createDCtx()) {
    if (!dctx_) throw std::bad_alloc();
  }
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }

 private:
  Step Decode(const char* in, size_t in_len, char* out, size_t out_len) override {
    // A finished frame holds nothing back, and asking with no input would start a new one.
    if (between_frames_ && in_len == 0) return {};
    ZSTD_inBuffer input{in, in_len, 0};
    ZSTD_outBuffer output{out, out_len, 0};
    size_t rc = ZSTD_decompressStream(dctx_, &output, &input);
    Step step{input.pos, output.pos};
    if (ZSTD_isError(rc)) {
      step.error = ZSTD_getErrorName(rc);
    } else {
      between_frames_ = rc == 0;  // 0: the frame is complete and fully flushed
    }
    return step;
  }

  bool AtBoundary() const override { return between_frames_; }

  ZSTD_DCtx* dctx_;
  bool between_frames_ = true;
};

}  // namespace

std::unique_ptr<ByteSource> Decompress(std::unique_ptr<ByteSource> raw, Compression c,
                                       uint64_t bomb_floor) {
  switch (c) {
    case Compression::kNone: return raw;
    case Compression::kGzip: return std::make_unique<GzipSource>(std::move(raw), bomb_floor);
    case Compression::kZstd: return std::make_unique<ZstdSource>(std::move(raw), bomb_floor);
  }
  return raw;
}

}  // namespace boilerstrip
