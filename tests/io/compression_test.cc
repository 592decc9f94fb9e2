#include <zlib.h>
#include <zstd.h>

#include <doctest/doctest.h>

#include "io/stream.h"
#include "pipeline/status.h"
#include "tests/io/io_test_util.h"

namespace boilerstrip {
namespace {

using testing::ErrorOf;
using testing::Prose;
using testing::Shell;
using testing::TempDir;

// |members| compressed by |c|, each ended by EndMember().
std::string Compressed(Compression c, const std::vector<std::string>& members) {
  auto owned = std::make_unique<StringSink>();
  StringSink* raw = owned.get();
  std::unique_ptr<ByteSink> sink = Compress(std::move(owned), c);
  for (const std::string& m : members) {
    sink->Write(m);
    sink->EndMember();
  }
  sink->Finish();
  return raw->data();
}

std::string Decompressed(Compression c, std::string bytes, uint64_t bomb_floor = kBombFloorBytes) {
  std::unique_ptr<ByteSource> source =
      Decompress(std::make_unique<StringSource>(std::move(bytes)), c, bomb_floor);
  return testing::ReadAll(*source);
}

std::string DecodeError(Compression c, std::string bytes, uint64_t bomb_floor = kBombFloorBytes) {
  return ErrorOf([&] { Decompressed(c, std::move(bytes), bomb_floor); });
}

// Gzip members in |gz| by zlib directly, one inflate stream per member: -1 if invalid.
int CountGzipMembers(const std::string& gz) {
  int members = 0;
  std::string out(1 << 16, '\0');
  for (size_t pos = 0; pos < gz.size(); ++members) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + pos));
    z.avail_in = static_cast<uInt>(gz.size() - pos);
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK);
    pos = gz.size() - z.avail_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return -1;
  }
  return members;
}

// Zstd frames in |zst| by their sizes in the frame headers: -1 if invalid.
int CountZstdFrames(const std::string& zst) {
  int frames = 0;
  for (size_t pos = 0; pos < zst.size(); ++frames) {
    size_t n = ZSTD_findFrameCompressedSize(zst.data() + pos, zst.size() - pos);
    if (ZSTD_isError(n)) return -1;
    pos += n;
  }
  return frames;
}

int CountUnits(Compression c, const std::string& bytes) {
  return c == Compression::kGzip ? CountGzipMembers(bytes) : CountZstdFrames(bytes);
}

TEST_CASE("Compression follows the last extension") {
  CHECK(CompressionOf("a.jsonl.gz") == Compression::kGzip);
  CHECK(CompressionOf("dir.gz/a.warc.zst") == Compression::kZstd);
  CHECK(CompressionOf("a.gz.txt") == Compression::kNone);
  CHECK(CompressionOf("a.tgz") == Compression::kNone);
  CHECK(CompressionOf("a.zstd") == Compression::kNone);
  CHECK(StripCompression("a.jsonl.gz") == "a.jsonl");
  CHECK(StripCompression("a.warc.zst") == "a.warc");
  CHECK(StripCompression("a.txt") == "a.txt");
  CHECK(CompressionExtension(Compression::kGzip) == ".gz");
  CHECK(CompressionExtension(Compression::kZstd) == ".zst");
  CHECK(CompressionExtension(Compression::kNone) == "");
}

TEST_CASE("Compress writes one member per EndMember, never an empty one") {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    CAPTURE(CompressionExtension(c));
    // Empty members are skipped; a write without EndMember is ended by Finish.
    auto bytes = [&](auto&& write) {
      auto owned = std::make_unique<StringSink>();
      StringSink* raw = owned.get();
      auto sink = Compress(std::move(owned), c);
      write(*sink);
      sink->Finish();
      return raw->data();
    };
    std::string two = bytes([](ByteSink& s) {
      s.EndMember();
      s.Write("one ");
      s.Write("record");
      s.EndMember();
      s.EndMember();
      s.Write("");
      s.EndMember();
      s.Write("two");
    });
    CHECK(CountUnits(c, two) == 2);
    CHECK(Decompressed(c, two) == "one recordtwo");

    std::string empty = bytes([](ByteSink&) {});
    CHECK(CountUnits(c, empty) == 1);
    CHECK(Decompressed(c, empty) == "");

    std::string ended = bytes([](ByteSink& s) { s.Write("x"), s.EndMember(); });
    CHECK(CountUnits(c, ended) == 1);

    std::vector<std::string> records;
    for (int i = 0; i < 50; ++i) records.push_back(Prose(1000 + 997 * i));
    std::string many = Compressed(c, records);
    CHECK(CountUnits(c, many) == 50);
    std::string all;
    for (const std::string& r : records) all += r;
    CHECK(Decompressed(c, many) == all);
  }
}

TEST_CASE("Decompress reads a stream larger than its buffers, in small reads") {
  std::string text = Prose(3 << 20);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    CAPTURE(CompressionExtension(c));
    std::string bytes = Compressed(c, {text.substr(0, 5), text.substr(5)});
    auto source = Decompress(std::make_unique<StringSource>(bytes), c);
    CHECK(testing::ReadAll(*source, 4093) == text);
    CHECK(source->raw_offset() == bytes.size());
    char b;
    CHECK(source->Read(&b, 1) == 0);
  }
}

TEST_CASE("gzip output is cut into members of at most 1 MiB") {
  std::string text = Prose((5 << 20) / 2);
  std::string gz = Compressed(Compression::kGzip, {text});
  CHECK(CountGzipMembers(gz) == 3);
  CHECK(Decompressed(Compression::kGzip, gz) == text);
}

TEST_CASE("WriteMember makes the bytes of Write then EndMember") {
  // Workers compress a chunk's output with WriteMember, compressing it where it lies;
  // the bytes must be those a sink fed Write and EndMember would make.
  const std::string text = Prose(3 << 20);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    for (size_t size : {size_t{0}, size_t{1}, size_t{1000}, size_t{1} << 20, (size_t{1} << 20) + 1,
                        size_t{3} << 20}) {
      CAPTURE(static_cast<int>(c));
      CAPTURE(size);
      std::string piece = text.substr(0, size);
      // Once after a Write that left a member open, once at a member's start.
      for (bool open : {false, true}) {
        auto write_owned = std::make_unique<StringSink>(), member_owned = std::make_unique<StringSink>();
        StringSink *by_write = write_owned.get(), *by_member = member_owned.get();
        auto a = Compress(std::move(write_owned), c), b = Compress(std::move(member_owned), c);
        if (open) {
          a->Write("head ");
          b->Write("head ");
        }
        a->Write(piece);
        a->EndMember();
        b->WriteMember(piece);
        b->WriteMember("tail");
        a->Write("tail");
        a->EndMember();
        a->Finish();
        b->Finish();
        CHECK(by_member->data() == by_write->data());
      }
    }
  }
}

TEST_CASE("Decompress reads gzip members whole in its buffer or across it") {
  // Members whole in the input buffer and fitting the reader's are decoded at once (by
  // libdeflate); one longer than the buffer, or read in small reads, as a stream (zlib).
  std::string small = Prose(70000), large = Prose(8 << 20);
  std::string gz = Compressed(Compression::kGzip, {small, small});
  uLongf bound = compressBound(static_cast<uLong>(large.size())) + 64;
  std::string one_member(bound, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(large.data());
  z.avail_in = static_cast<uInt>(large.size());
  z.next_out = reinterpret_cast<Bytef*>(one_member.data());
  z.avail_out = static_cast<uInt>(one_member.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  one_member.resize(one_member.size() - z.avail_out);
  deflateEnd(&z);
  REQUIRE(one_member.size() > (1 << 20));  // longer than the input buffer
  std::string both = gz + one_member + gz;
  for (size_t read_size : {size_t{4093}, size_t{1} << 20}) {
    CAPTURE(read_size);
    auto source = Decompress(std::make_unique<StringSource>(both), Compression::kGzip);
    CHECK(testing::ReadAll(*source, read_size) == small + small + large + small + small);
  }
}

TEST_CASE("The gzip and zstd tools read what Compress writes, and the other way round") {
  TempDir dir;
  std::string a = Prose(200000), b = "second record\n";
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    CAPTURE(CompressionExtension(c));
    std::string tool = c == Compression::kGzip ? "gzip" : "zstd -q";
    std::string ext(CompressionExtension(c));
    auto ours = (dir / "ours").string() + ext;
    testing::Spit(ours, Compressed(c, {a, b}));
    CHECK(Shell(tool + " -dc " + ours) == a + b);

    // Two files compressed by the tool and concatenated: two members.
    testing::Spit(dir / "a", a);
    testing::Spit(dir / "b", b);
    auto theirs = (dir / "theirs").string() + ext;
    std::string cmd = "cd " + dir.path().string() + " && " + tool + " -c a > " + theirs + " && " +
                      tool + " -c b >> " + theirs;
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(Decompressed(c, testing::Slurp(theirs)) == a + b);
  }
}

TEST_CASE("Truncated, corrupt and trailing data are errors that say which") {
  std::string text = Prose(100000);
  std::string gz = Compressed(Compression::kGzip, {text});
  std::string zst = Compressed(Compression::kZstd, {text});
  for (size_t cut : {size_t{1}, size_t{5}, size_t{12}, gz.size() / 2, gz.size() - 1})
    CHECK(DecodeError(Compression::kGzip, gz.substr(0, cut)) == "truncated gzip data");
  for (size_t cut : {size_t{1}, size_t{5}, size_t{12}, zst.size() / 2, zst.size() - 1})
    CHECK(DecodeError(Compression::kZstd, zst.substr(0, cut)) == "truncated zstd data");
  // A truncated second member is still a truncation.
  CHECK(DecodeError(Compression::kGzip, gz + gz.substr(0, 100)) == "truncated gzip data");
  CHECK(DecodeError(Compression::kZstd, zst + zst.substr(0, 100)) == "truncated zstd data");

  // The last bytes of both are checksums of the decompressed data.
  std::string bad_gz = gz, bad_zst = zst;
  bad_gz[gz.size() - 6] ^= 1;
  bad_zst[zst.size() - 2] ^= 1;
  CHECK(DecodeError(Compression::kGzip, bad_gz) == "corrupt gzip data: incorrect data check");
  CHECK(DecodeError(Compression::kZstd, bad_zst) ==
        "corrupt zstd data: Restored data doesn't match checksum");
  CHECK(DecodeError(Compression::kGzip, text) == "corrupt gzip data: incorrect header check");
  CHECK(DecodeError(Compression::kZstd, text) == "corrupt zstd data: Unknown frame descriptor");

  for (std::string junk : {std::string("\n"), std::string(512, '\0'), std::string("trailing junk")})
    CHECK(DecodeError(Compression::kGzip, gz + junk) == "trailing garbage after gzip member");
  CHECK(DecodeError(Compression::kZstd, zst + "trailing junk") ==
        "trailing garbage after zstd frame");

  // Empty input is an empty stream.
  CHECK(DecodeError(Compression::kGzip, "") == "no error");
  CHECK(DecodeError(Compression::kZstd, "") == "no error");
}

TEST_CASE("Decompress refuses a bomb but not text of the same size") {
  const uint64_t floor = 1 << 20;
  std::string zeros(16 << 20, '\0'), prose = Prose(16 << 20);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    CAPTURE(CompressionExtension(c));
    CHECK(DecodeError(c, Compressed(c, {zeros}), floor) ==
          "decompressed data is more than 200 times its compressed size (a decompression bomb?)");
    CHECK(Decompressed(c, Compressed(c, {prose}), floor) == prose);
    // Under the floor, nothing is refused.
    CHECK(Decompressed(c, Compressed(c, {zeros.substr(0, floor)}), floor).size() == floor);
  }
}

}  // namespace
}  // namespace boilerstrip
