#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include <doctest/doctest.h>

#include "io/stream.h"
#include "pipeline/status.h"
#include "tests/io/io_test_util.h"

namespace boilerstrip {
namespace {

namespace fs = std::filesystem;
using testing::ErrorOf;
using testing::InChild;
using testing::Prose;
using testing::ReadAll;
using testing::TempDir;
using Names = std::vector<std::string>;

const Compression kAll[] = {Compression::kNone, Compression::kGzip, Compression::kZstd};

std::string ReadFileThrough(const fs::path& path) {
  auto source = OpenFileSource(path, CompressionOf(path.string()));
  std::string data = ReadAll(*source);
  CHECK(source->raw_offset() == fs::file_size(path));
  return data;
}

// Points |fd| (0 or 1) of this process at |path|.
void Redirect(int fd, const fs::path& path) {
  int f = fd == STDIN_FILENO ? ::open(path.c_str(), O_RDONLY)
                             : ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
  ::dup2(f, fd);
  ::close(f);
}

TEST_CASE("Files written by OpenFileSink read back through OpenFileSource") {
  TempDir dir;
  std::string big = Prose(3 << 20);
  for (Compression c : kAll) {
    for (const std::string& data : {std::string(), std::string("one line\n"), big}) {
      CAPTURE(CompressionExtension(c));
      CAPTURE(data.size());
      fs::path path = dir / ("sub/deeper/out.txt" + std::string(CompressionExtension(c)));
      auto sink = OpenFileSink(path, c);
      // Small writes go through the buffer, large ones past it.
      size_t half = data.size() / 2;
      for (size_t i = 0; i < std::min<size_t>(half, 1000); ++i) sink->Write(data.substr(i, 1));
      sink->Write(std::string_view(data).substr(std::min<size_t>(half, 1000), half));
      sink->EndMember();
      sink->Write(std::string_view(data).substr(std::min<size_t>(half, 1000) + half));
      sink->Finish();
      CHECK(ReadFileThrough(path) == data);
      CHECK(TempDir::ListOf(path.parent_path()) == Names{path.filename().string()});
      if (c == Compression::kNone) CHECK(testing::Slurp(path) == data);
      fs::remove(path);
    }
  }
}

TEST_CASE("OpenFileSource says why a file cannot be read") {
  TempDir dir;
  CHECK(ErrorOf([&] { OpenFileSource(dir / "missing.gz", Compression::kGzip); }) ==
        "No such file or directory");
  CHECK(ErrorOf([&] { OpenFileSource(dir.path(), Compression::kNone); }) == "is a directory");
}

TEST_CASE("A read that ends short at the listed size ends the file; a wrong size loses no byte") {
  TempDir dir;
  std::string page = Prose(10000);
  fs::path path = dir / "page.txt";
  testing::Spit(path, page);
  auto append = [&](std::string_view more) {
    std::ofstream(path, std::ios::binary | std::ios::app) << more;
  };
  char buf[16384];
  // Listed at its size, the file is not read again after the short read: what is
  // appended after it is not seen. Unlisted, the next read finds it.
  auto listed = OpenFileSource(path.string(), Compression::kNone, page.size());
  auto unlisted = OpenFileSource(path.string(), Compression::kNone);
  CHECK(listed->Read(buf, sizeof buf) == page.size());
  CHECK(unlisted->Read(buf, sizeof buf) == page.size());
  append("more");
  CHECK(listed->Read(buf, sizeof buf) == 0);
  CHECK(unlisted->Read(buf, sizeof buf) == 4);
  // Listed at another size (the file changed since), or read in reads that end exactly
  // at the listed size, every byte is read.
  page += "more";
  for (uint64_t listed_size : {uint64_t{9000}, uint64_t{20000}, uint64_t{4096}, uint64_t{8192}}) {
    CAPTURE(listed_size);
    CHECK(ReadAll(*OpenFileSource(path.string(), Compression::kNone, listed_size), 4096) == page);
  }
}

TEST_CASE("An input folder opens files relative to the folder, which may change between them") {
  TempDir dir;
  for (const char* folder : {"a", "b", "a/c"}) {
    fs::create_directories(dir / folder);
    testing::Spit(dir / folder / "page.txt", std::string("in ") + folder);
  }
  {
    InputFolder opener;
    for (int round = 0; round < 2; ++round)
      for (const char* folder : {"a", "a", "b", "a/c", "a"}) {
        CAPTURE(folder);
        fs::path path = dir / folder / "page.txt";
        CHECK(ReadAll(*OpenFileSource(path.string(), Compression::kNone, 0, &opener)) ==
              std::string("in ") + folder);
      }
    CHECK(ReadAll(*OpenFileSource("/dev/null", Compression::kNone, 0, &opener)).empty());
    auto error = [&](const fs::path& path) {
      return ErrorOf([&] { OpenFileSource(path.string(), Compression::kNone, 0, &opener); });
    };
    CHECK(error(dir / "a" / "gone.txt") == "No such file or directory");
    CHECK(error(dir / "none" / "page.txt") == "No such file or directory");
    CHECK(error(dir / "b" / "page.txt" / "x") == "Not a directory");
  }
  // The folder is held only as long as its opener: a folder put in the place of another
  // is read by the next one.
  fs::rename(dir / "a", dir / "old");
  fs::create_directories(dir / "a");
  testing::Spit(dir / "a" / "page.txt", "new");
  InputFolder opener;
  CHECK(ReadAll(*OpenFileSource((dir / "a" / "page.txt").string(), Compression::kNone, 0, &opener)) == "new");
}

TEST_CASE("A file sink leaves its file only once finished") {
  TempDir dir;
  fs::path path = dir / "out.jsonl.gz";
  std::string tmp = "out.jsonl.gz.tmp";
  {
    auto sink = OpenFileSink(path, Compression::kGzip);
    sink->Write(Prose(2 << 20));
    CHECK(dir.List() == Names{tmp});
  }
  CHECK(dir.List() == Names{});

  testing::Spit(path, "old contents");
  auto sink = OpenFileSink(path, Compression::kGzip);
  sink->Write("new contents");
  CHECK(dir.List() == Names{"out.jsonl.gz", tmp});
  CHECK(testing::Slurp(path) == "old contents");
  sink->Finish();
  CHECK(dir.List() == Names{"out.jsonl.gz"});
  CHECK(ReadFileThrough(path) == "new contents");
}

TEST_CASE("A file sink names the path it cannot write") {
  TempDir dir;
  testing::Spit(dir / "file", "");
  fs::path under_file = dir / "file/out.txt";
  CHECK(ErrorOf([&] { OpenFileSink(under_file, Compression::kNone); }) ==
        "cannot write " + under_file.string() + ": Not a directory");
  fs::create_directory(dir / "taken");
  CHECK(ErrorOf([&] {
          auto sink = OpenFileSink(dir / "taken", Compression::kNone);
          sink->Finish();
        }) == "cannot write " + (dir / "taken").string() + ": Is a directory");
  CHECK(dir.List() == Names{"file", "taken"});
}

TEST_CASE("A full disk fails Write or Finish and leaves no temporary file") {
  TempDir dir;
  fs::path path = dir / "out/big.txt";
  // Past RLIMIT_FSIZE, write(2) fails with EFBIG as it would with ENOSPC on a full disk.
  std::string result = InChild([&] {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{100000, 100000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string out;
    out += ErrorOf([&] {
      auto sink = OpenFileSink(path, Compression::kGzip);
      sink->Write(Prose(2 << 20));  // more than the buffers hold: written before Finish
    });
    out += "\n";
    out += ErrorOf([&] {
      auto sink = OpenFileSink(path, Compression::kNone);
      for (int i = 0; i < 100; ++i) sink->Write(Prose(2000));  // buffered until Finish
      sink->Finish();
    });
    return out;
  });
  std::string error = "cannot write " + path.string() + ": File too large";
  CHECK(result == error + "\n" + error);
  CHECK(TempDir::ListOf(dir / "out") == Names{});
}

TEST_CASE("Standard input and output, compressed") {
  TempDir dir;
  std::string text = Prose(300000);
  std::string written = InChild([&] {
    Redirect(STDOUT_FILENO, dir / "stdout.zst");
    auto sink = OpenStdoutSink(Compression::kZstd);
    sink->Write(text.substr(0, 1000));
    sink->EndMember();
    sink->Write(text.substr(1000));
    sink->Finish();
    return "ok";
  });
  CHECK(written == "ok");
  CHECK(ReadFileThrough(dir / "stdout.zst") == text);

  std::string read = InChild([&] {
    Redirect(STDIN_FILENO, dir / "stdout.zst");
    auto source = OpenStdinSource(Compression::kZstd);
    std::string data = ReadAll(*source);
    if (data != text) return std::string("wrong data");
    return std::to_string(source->raw_offset());
  });
  CHECK(read == std::to_string(fs::file_size(dir / "stdout.zst")));
}

TEST_CASE("A closed standard output is an error, not a silent exit") {
  std::string result = InChild([] {
    std::signal(SIGPIPE, SIG_IGN);
    int fds[2];
    if (::pipe(fds) != 0) return std::string("pipe failed");
    ::close(fds[0]);
    ::dup2(fds[1], STDOUT_FILENO);
    return ErrorOf([] {
      auto sink = OpenStdoutSink(Compression::kNone);
      sink->Write("lost");
      sink->Finish();
    });
  });
  CHECK(result == "cannot write standard output: Broken pipe");
}

}  // namespace
}  // namespace boilerstrip
