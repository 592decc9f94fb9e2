#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "io/stream.h"
#include "pipeline/hash.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace fs = std::filesystem;
namespace {

class FdSource : public ByteSource {
 public:
  // |listed_size|: see OpenFileSource.
  FdSource(int fd, bool owned, uint64_t listed_size = 0)
      : fd_(fd), owned_(owned), listed_size_(listed_size) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }

  size_t Read(char* buf, size_t n) override {
    if (at_end_) return 0;
    for (;;) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) {
        offset_ += static_cast<uint64_t>(got);
        // A regular file reads short only at its end; the listed size guards against
        // a file system that reads short elsewhere.
        at_end_ = listed_size_ > 0 && static_cast<size_t>(got) < n && offset_ == listed_size_;
        return static_cast<size_t>(got);
      }
      if (errno != EINTR) throw InputError(std::strerror(errno));
    }
  }

  uint64_t raw_offset() const override { return offset_; }

 private:
  const int fd_;
  const bool owned_;
  const uint64_t listed_size_;
  uint64_t offset_ = 0;
  bool at_end_ = false;
};

// Writes to a file descriptor through a buffer, so that many small records cost few
// system calls. Errors name |name|.
class FdSink : public ByteSink {
 public:
  FdSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

  void Write(std::string_view data) override {
    if (buf_.size() + data.size() > kBufferBytes) Flush();
    // The buffer grows as needed: most output files of the driver are small.
    if (data.size() >= kBufferBytes) {
      WriteAll(data);
    } else {
      buf_.append(data);
    }
  }

  void Finish() override { Flush(); }

 protected:
  [[noreturn]] void Fail(int err) const {
    throw InputError(fmt::format("cannot write {}: {}", name_, std::strerror(err)));
  }

  int fd_;

 private:
  static constexpr size_t kBufferBytes = 256 << 10;

  void Flush() {
    WriteAll(buf_);
    buf_.clear();
  }

  void WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno != EINTR) Fail(errno);
      if (n > 0) data.remove_prefix(static_cast<size_t>(n));
    }
  }

  const std::string name_;
  std::string buf_;
};

// A file written under a temporary name beside |path| and renamed over it by Finish(),
// so that readers never see half a file and a failed run leaves none. The names are
// strings: a std::filesystem::path splits itself into components when made, which for a
// folder of small pages cost more than writing the file.
class FileSink : public FdSink {
 public:
  FileSink(int fd, const std::string& path, std::string tmp)
      : FdSink(fd, path), path_(path), tmp_(std::move(tmp)) {}
  ~FileSink() override {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) ::unlink(tmp_.c_str());
  }

  void Finish() override {
    Close();
    Commit();
  }

  void Close() {
    assert(fd_ >= 0);
    FdSink::Finish();
    // Some file systems (NFS) report a failed write only when the file is closed.
    if (::close(std::exchange(fd_, -1)) != 0) Fail(errno);
  }

  void Commit() {
    assert(fd_ < 0 && !finished_);
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) Fail(errno);
    finished_ = true;
  }

 private:
  const std::string path_, tmp_;
  bool finished_ = false;
};

void CreateParentDirectories(const std::string& path) {
  // Directories made by this thread already: most outputs land in a directory that an
  // earlier output created, and asking the file system again costs a system call each.
  thread_local std::unordered_set<std::string, TransparentHash, std::equal_to<>> made;
  std::string_view folder;
  const char* name;
  if (!internal::SplitFolder(path, &folder, &name)) return;  // the working directory, or the root
  if (made.find(folder) != made.end()) return;
  std::error_code ec;
  fs::create_directories(fs::path(folder), ec);
  if (ec) throw InputError(fmt::format("cannot write {}: {}", path, ec.message()));
  if (made.size() > 4096) made.clear();
  made.emplace(folder);
}

// The temporary file for |path|, opened for writing. Throws InputError.
int CreateTemporary(const std::string& path, std::string* tmp) {
  CreateParentDirectories(path);
  // One fixed name per output, not one per process: a run killed with -9 leaves its
  // temporary file behind, and the run that redoes that output (--resume) replaces it.
  *tmp = path;
  *tmp += ".tmp";
  // A leftover is removed rather than truncated, and the new file must not exist: a
  // symbolic link planted at the temporary name would otherwise be written through to
  // whatever it points at, outside the output directory. Nearly always there is none,
  // so removing comes only after creating failed.
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::open(tmp->c_str(), kFlags, 0666);
  if (fd < 0 && errno == EEXIST) {
    if (::unlink(tmp->c_str()) != 0 && errno != ENOENT)
      throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    fd = ::open(tmp->c_str(), kFlags, 0666);
  }
  if (fd < 0)
    throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  return fd;
}

}  // namespace

namespace internal {

const int kReadFlags = O_RDONLY | O_CLOEXEC;

bool SplitFolder(const std::string& path, std::string_view* dir, const char** name) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return false;
  *dir = std::string_view(path.data(), slash);
  *name = path.c_str() + slash + 1;
  return true;
}

}  // namespace internal

using internal::kReadFlags;

InputFolder::~InputFolder() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFolder::Open(const std::string& path) {
  std::string_view dir;
  const char* name;
  if (!internal::SplitFolder(path, &dir, &name)) return ::open(path.c_str(), kReadFlags);
  if (dir != path_) {
    if (fd_ >= 0) ::close(fd_);
    path_ = dir;
    fd_ = ::open(path_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  // Where the folder cannot be opened, the whole path is, for its error.
  if (fd_ < 0) return ::open(path.c_str(), kReadFlags);
  return ::openat(fd_, name, kReadFlags);
}

std::unique_ptr<ByteSource> OpenFileSource(const std::string& path, Compression compression,
                                           uint64_t listed_size, InputFolder* folder) {
  int fd = folder ? folder->Open(path) : ::open(path.c_str(), kReadFlags);
  if (fd < 0) throw InputError(std::strerror(errno));
  auto raw = std::make_unique<FdSource>(fd, /*owned=*/true, listed_size);
  uint64_t size = listed_size;
  if (listed_size == 0) {
    struct stat st;
    bool known = ::fstat(fd, &st) == 0;
    if (known && S_ISDIR(st.st_mode)) throw InputError("is a directory");
    size = known ? static_cast<uint64_t>(st.st_size) : UINT64_MAX;
  }
  // Inputs are read once from start to end: a larger read-ahead window pays, but only
  // past the default one (128 KB); most text pages are a few KB and the advice a
  // system call each.
  if (size > (uint64_t{1} << 20)) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return Decompress(std::move(raw), compression);
}

std::unique_ptr<ByteSource> OpenStdinSource(Compression compression) {
  return Decompress(std::make_unique<FdSource>(STDIN_FILENO, /*owned=*/false), compression);
}

// Its Finish(), called through the compressing sink around it, stops short of the
// rename, which StagedFile::Commit() does later.
class StagedFile::Impl : public FileSink {
 public:
  using FileSink::FileSink;
  void Finish() override { Close(); }
};

StagedFile::StagedFile(const std::string& path, Compression compression) {
  std::string tmp;
  int fd = CreateTemporary(path, &tmp);
  auto file = std::make_unique<Impl>(fd, path, std::move(tmp));
  file_ = file.get();
  sink_ = Compress(std::move(file), compression);
}

StagedFile::~StagedFile() = default;
void StagedFile::Write(std::string_view data) { sink_->Write(data); }
void StagedFile::Close() { sink_->Finish(); }
void StagedFile::Commit() { file_->Commit(); }

std::unique_ptr<ByteSink> OpenFileSink(const std::string& path, Compression compression) {
  std::string tmp;
  int fd = CreateTemporary(path, &tmp);
  return Compress(std::make_unique<FileSink>(fd, path, std::move(tmp)), compression);
}

std::unique_ptr<ByteSink> OpenStdoutSink(Compression compression) {
  return Compress(std::make_unique<FdSink>(STDOUT_FILENO, "standard output"), compression);
}

}  // namespace boilerstrip
