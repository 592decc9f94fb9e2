#include <unistd.h>

#include <cstdlib>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "io/file_batch.h"
#include "tests/io/io_test_util.h"

namespace boilerstrip {
namespace {

namespace fs = std::filesystem;
using testing::InChild;
using testing::TempDir;

struct Listed {
  std::string path;
  uint64_t size;
};

// What ReadFilesAtOnce made of each file: its bytes, or "-" where it left it.
std::vector<std::string> ReadAtOnce(const std::vector<Listed>& listed) {
  std::vector<FileRead> files(listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    files[i].path = &listed[i].path;
    files[i].size = listed[i].size;
  }
  ReadFilesAtOnce(files);
  std::vector<std::string> out;
  for (const FileRead& f : files) out.push_back(f.done ? f.data : "-");
  return out;
}

TEST_CASE("Small files are read many at a time, each whole or not at all") {
  if (!FileBatchesAvailable()) {
    MESSAGE("io_uring is not available here: only the fallback is tested");
    TempDir dir;
    testing::Spit(dir / "a.txt", "page");
    CHECK(ReadAtOnce({{(dir / "a.txt").string(), 4}}) == std::vector<std::string>{"-"});
    return;
  }
  TempDir dir;
  fs::create_directories(dir / "a" / "b");
  fs::create_directories(dir / "c");
  // Three rounds of files from three folders, in an order that goes back and forth.
  std::vector<Listed> listed;
  std::vector<std::string> want;
  for (int i = 0; i < 150; ++i) {
    const char* folder = i % 7 == 0 ? "c" : i % 3 == 0 ? "a/b" : "a";
    std::string text = fmt::format("page {}", i);
    text.append(static_cast<size_t>(i) * 37, 'x');
    fs::path path = dir / folder / fmt::format("p{}.txt", i);
    testing::Spit(path, text);
    listed.push_back({path.string(), text.size()});
    want.push_back(text);
  }
  CHECK(ReadAtOnce(listed) == want);

  // Everything that is not the file as listed is left for the usual read, which says why.
  testing::Spit(dir / "grown.txt", "grown since");
  testing::Spit(dir / "shrunk.txt", "short");
  testing::Spit(dir / "exact.txt", "exact");
  std::string big(kMaxBatchFileBytes + 1, 'b');
  testing::Spit(dir / "big.txt", big);
  testing::Spit(dir / "empty.txt", "");
  std::vector<Listed> odd = {
      {(dir / "grown.txt").string(), 5},     {(dir / "shrunk.txt").string(), 9},
      {(dir / "gone.txt").string(), 3},      {(dir / "none" / "x.txt").string(), 3},
      {(dir / "a").string(), 4096},          {(dir / "exact.txt" / "x").string(), 1},
      {(dir / "big.txt").string(), big.size()}, {(dir / "empty.txt").string(), 0},
      {(dir / "exact.txt").string(), 5},
  };
  CHECK(ReadAtOnce(odd) == std::vector<std::string>{"-", "-", "-", "-", "-", "-", "-", "-", "exact"});

  // Paths without a folder are relative to the working directory; "/x" is in the root.
  // (In a child, on a thread of its own: a ring is shared with a forked child, and
  // used by both it would be neither's.)
  std::string in_cwd = InChild([&] {
    if (::chdir((dir / "c").c_str()) != 0) return std::string("chdir failed");
    std::vector<std::string> got;
    std::thread([&] { got = ReadAtOnce({{"p0.txt", want[0].size()}, {"/nonexistent-page", 1}}); }).join();
    return got[0] + "|" + got[1];
  });
  CHECK(in_cwd == want[0] + "|-");

  // No file or folder is left open, whatever became of the reads.
  auto open_files = [] { return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator()); };
  auto before = open_files();
  for (int round = 0; round < 5; ++round) {
    REQUIRE(ReadAtOnce(listed) == want);
    ReadAtOnce(odd);
  }
  CHECK(open_files() == before);
}

TEST_CASE("Files of unknown size are read whole if they are shorter than the buffer") {
  if (!FileBatchesAvailable()) {
    MESSAGE("io_uring is not available here: nothing is read at once");
    return;
  }
  TempDir dir;
  // Rounds of files of unknown size reuse the thread's buffer: each file gets its own
  // bytes, whatever the files before it in the same slot held.
  std::vector<Listed> listed;
  std::vector<std::string> want;
  for (int i = 0; i < 200; ++i) {
    std::string text = fmt::format("page {} ", i);
    text.append(static_cast<size_t>((i * 7919) % 9000), static_cast<char>('a' + i % 26));
    fs::path path = dir / fmt::format("p{}.txt", i);
    testing::Spit(path, text);
    listed.push_back({path.string(), 0});
    want.push_back(text);
  }
  CHECK(ReadAtOnce(listed) == want);

  std::string under(kUnknownSizeReadBytes - 1, 'u'), full(kUnknownSizeReadBytes, 'f');
  testing::Spit(dir / "under.txt", under);
  testing::Spit(dir / "full.txt", full);
  testing::Spit(dir / "empty.txt", "");
  std::vector<Listed> odd = {
      {(dir / "under.txt").string(), 0}, {(dir / "full.txt").string(), 0}, {(dir / "empty.txt").string(), 0},
      {(dir / "gone.txt").string(), 0},  {dir.path().string(), 0},          {(dir / "p1.txt").string(), 0},
  };
  // One that fills the buffer may go on; an empty one is read the usual way, which
  // decides what an empty page is.
  CHECK(ReadAtOnce(odd) == std::vector<std::string>{under, "-", "-", "-", "-", want[1]});
}

TEST_CASE("BOILERSTRIP_IO_URING=0 leaves every file to the usual read") {
  TempDir dir;
  testing::Spit(dir / "a.txt", "page");
  std::string result = InChild([&] {
    ::setenv("BOILERSTRIP_IO_URING", "0", 1);
    std::string out;
    // The switch is read when a thread first reads: a new thread here.
    std::thread([&] {
      out = (FileBatchesAvailable() ? "available " : "off ") +
            ReadAtOnce({{(dir / "a.txt").string(), 4}, {(dir / "a.txt").string(), 4}})[0];
    }).join();
    return out;
  });
  CHECK(result == "off -");
}

}  // namespace
}  // namespace boilerstrip
