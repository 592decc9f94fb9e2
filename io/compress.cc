#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <cassert>
#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace {

// What every compressing sink shares: the inner sink, whole members written as they are,
// and the rule that a stream is never empty.
class MemberSink : public ByteSink {
 public:
  explicit MemberSink(std::unique_ptr<ByteSink> raw) : raw_(std::move(raw)) {}

  void EndMember() final {
    if (InMember()) EndUnit();
  }

  void WriteMembers(std::string_view members) final {
    assert(!InMember());
    if (members.empty()) return;
    raw_->Write(members);
    ++members_;
  }

  void Finish() final {
    // An empty stream still gets one member: a zero-byte .gz is not valid gzip.
    if (InMember() || members_ == 0) EndUnit();
    raw_->Finish();
  }

 protected:
  // Whether something was written since the last member ended.
  virtual bool InMember() const = 0;
  // Ends the current member (an empty one if nothing was written) and writes it out.
  virtual void EndUnit() = 0;

  ByteSink& raw() { return *raw_; }
  void CountMember() { ++members_; }

 private:
  std::unique_ptr<ByteSink> raw_;
  uint64_t members_ = 0;
};

// A streaming encoder's part of a sink: the output buffer, handed to the inner sink as
// it fills.
class CompressingSink : public MemberSink {
 public:
  explicit CompressingSink(std::unique_ptr<ByteSink> raw) : MemberSink(std::move(raw)) {
    out_.resize(128 << 10);
  }

  void Write(std::string_view data) final {
    if (data.empty()) return;
    in_member_ = true;
    Pump(data, false);
  }

 protected:
  // Encodes from |*in| (advanced past what was taken) into |out|; returns the bytes
  // written to |out| in |*produced|. Returns true when all of |*in| is taken and, if
  // |end|, the member is complete and the encoder is ready for the next one.
  virtual bool Encode(std::string_view* in, bool end, char* out, size_t out_len,
                      size_t* produced) = 0;

 private:
  bool InMember() const final { return in_member_; }
  void EndUnit() final {
    Pump({}, true);
    in_member_ = false;
    CountMember();
  }

  void Pump(std::string_view in, bool end) {
    for (bool done = false; !done;) {
      size_t produced = 0;
      done = Encode(&in, end, out_.data(), out_.size(), &produced);
      if (produced > 0) raw().Write({out_.data(), produced});
    }
  }

  std::string out_;
  bool in_member_ = false;
};

// gzip by ISA-L's igzip at level 1, one whole member at a time. On crawled pages it
// compresses 2.4 times as fast as libdeflate's level 1 (1 MiB members; 1.6 times with
// one member per WET record) for output 2 to 6% larger: compressing the output was a
// third of a WET-to-JSONL.gz run. A member ends at EndMember() or after kMemberBytes,
// so memory stays bounded and where members end depends on the bytes and EndMember()
// calls alone.
class GzipSink : public MemberSink {
 public:
  explicit GzipSink(std::unique_ptr<ByteSink> raw) : MemberSink(std::move(raw)) {}

  void Write(std::string_view data) override {
    while (pending_.empty() && data.size() >= kMemberBytes) {
      Compress(data.substr(0, kMemberBytes));
      data.remove_prefix(kMemberBytes);
    }
    while (!data.empty()) {
      size_t take = std::min(data.size(), kMemberBytes - pending_.size());
      pending_.append(data.substr(0, take));
      data.remove_prefix(take);
      if (pending_.size() == kMemberBytes) EndUnit();
    }
  }

  void WriteMember(std::string_view data) override {
    if (InMember()) return MemberSink::WriteMember(data);
    // The members Write and EndMember would make: whole ones of kMemberBytes, then the
    // rest.
    while (!data.empty()) {
      size_t take = std::min(data.size(), kMemberBytes);
      Compress(data.substr(0, take));
      data.remove_prefix(take);
    }
  }

 private:
  static constexpr size_t kMemberBytes = 1 << 20;
  static constexpr uint32_t kOutBytes = 1 << 18;

  bool InMember() const override { return !pending_.empty(); }
  void EndUnit() override {
    Compress(pending_);
    pending_.clear();
  }

  void Compress(std::string_view data) {
    // One stream, hash table and output buffer per thread: workers compress their
    // chunks' members in parallel, and buffers kept are not faulted in again.
    struct Igzip {
      isal_zstream stream;
      std::unique_ptr<uint8_t[]> level_buf{new uint8_t[ISAL_DEF_LVL1_DEFAULT]};
      std::unique_ptr<uint8_t[]> out{new uint8_t[kOutBytes]};
    };
    static_assert(kMemberBytes <= UINT32_MAX);
    thread_local Igzip igzip;
    isal_zstream& z = igzip.stream;
    isal_deflate_init(&z);
    z.gzip_flag = IGZIP_GZIP;
    z.level = 1;
    z.level_buf = igzip.level_buf.get();
    z.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    z.end_of_stream = 1;
    z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uint32_t>(data.size());
    do {
      z.next_out = igzip.out.get();
      z.avail_out = kOutBytes;
      // Only misuse of the stream makes igzip fail.
      if (int rc = isal_deflate(&z); rc != COMP_OK)
        throw std::runtime_error(fmt::format("gzip: igzip failed ({})", rc));
      raw().Write(std::string_view(reinterpret_cast<const char*>(igzip.out.get()),
                                   kOutBytes - z.avail_out));
    } while (z.internal_state.state != ZSTATE_END);
    CountMember();
  }

  std::string pending_;
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
