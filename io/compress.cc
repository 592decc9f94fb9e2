#include <zlib.h>
#include <zstd.h>

#include <cassert>
#include <climits>
#include <string>

#include <fmt/format.h>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace {

// Owns what the encoders share: the output buffer, handing it to the inner sink, and
// the rule that a member is only ended if something was written into it.
class CompressingSink : public ByteSink {
 public:
  explicit CompressingSink(std::unique_ptr<ByteSink> raw) : raw_(std::move(raw)) {
    out_.resize(128 << 10);
  }

  void Write(std::string_view data) final {
    if (data.empty()) return;
    in_member_ = true;
    Pump(data, false);
  }

  void EndMember() final {
    if (in_member_) EndUnit();
  }

  void WriteMembers(std::string_view members) final {
    assert(!in_member_);
    if (members.empty()) return;
    raw_->Write(members);
    ++members_;
  }

  void Finish() final {
    // An empty stream still gets one member: a zero-byte .gz is not valid gzip.
    if (in_member_ || members_ == 0) EndUnit();
    raw_->Finish();
  }

 protected:
  // Encodes from |*in| (advanced past what was taken) into |out|; returns the bytes
  // written to |out| in |*produced|. Returns true when all of |*in| is taken and, if
  // |end|, the member is complete and the encoder is ready for the next one.
  virtual bool Encode(std::string_view* in, bool end, char* out, size_t out_len,
                      size_t* produced) = 0;

 private:
  void EndUnit() {
    Pump({}, true);
    in_member_ = false;
    ++members_;
  }

  void Pump(std::string_view in, bool end) {
    for (bool done = false; !done;) {
      size_t produced = 0;
      done = Encode(&in, end, out_.data(), out_.size(), &produced);
      if (produced > 0) raw_->Write({out_.data(), produced});
    }
  }

  std::unique_ptr<ByteSink> raw_;
  std::string out_;
  bool in_member_ = false;
  uint64_t members_ = 0;
};

class GzipSink : public CompressingSink {
 public:
  explicit GzipSink(std::unique_ptr<ByteSink> raw) : CompressingSink(std::move(raw)) {
    // Level 1: compressing the output cost more than cleaning it at level 3 (29% of a
    // WET-to-JSONL run); level 1 is about twice as fast for a few percent more bytes.
    if (deflateInit2(&z_, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::bad_alloc();
  }
  ~GzipSink() override { deflateEnd(&z_); }

 private:
  bool Encode(std::string_view* in, bool end, char* out, size_t out_len,
              size_t* produced) override {
    // zlib counts in uInt; a larger write is taken in several calls.
    size_t in_len = std::min<size_t>(in->size(), UINT_MAX);
    out_len = std::min<size_t>(out_len, UINT_MAX);
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in->data()));
    z_.avail_in = static_cast<uInt>(in_len);
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(out_len);
    int rc = deflate(&z_, end ? Z_FINISH : Z_NO_FLUSH);
    in->remove_prefix(in_len - z_.avail_in);
    *produced = out_len - z_.avail_out;
    if (rc == Z_STREAM_END) {
      deflateReset(&z_);
      return true;
    }
    // Without Z_FINISH, zlib has taken all the input once it leaves output space unused.
    return !end && in->empty() && z_.avail_out > 0;
  }

  z_stream z_{};
};

class ZstdSink : public CompressingSink {
 public:
  explicit ZstdSink(std::unique_ptr<ByteSink> raw)
      : CompressingSink(std::move(raw)), cctx_(ZSTD_createCCtx()) {
    if (!cctx_) throw std::bad_alloc();
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
  }
  ~ZstdSink() override { ZSTD_freeCCtx(cctx_); }

 private:
  bool Encode(std::string_view* in, bool end, char* out, size_t out_len,
              size_t* produced) override {
    ZSTD_inBuffer input{in->data(), in->size(), 0};
    ZSTD_outBuffer output{out, out_len, 0};
    size_t rc = ZSTD_compressStream2(cctx_, &output, &input, end ? ZSTD_e_end : ZSTD_e_continue);
    // Only misuse (or memory exhaustion) makes the encoder fail.
    if (ZSTD_isError(rc)) throw std::runtime_error(ZSTD_getErrorName(rc));
    in->remove_prefix(input.pos);
    *produced = output.pos;
    return end ? rc == 0 : in->empty();
  }

  ZSTD_CCtx* cctx_;
};

}  // namespace

std::unique_ptr<ByteSink> Compress(std::unique_ptr<ByteSink> raw, Compression c) {
  switch (c) {
    case Compression::kNone: return raw;
    case Compression::kGzip: return std::make_unique<GzipSink>(std::move(raw));
    case Compression::kZstd: return std::make_unique<ZstdSink>(std::move(raw));
  }
  return raw;
}

}  // namespace boilerstrip
