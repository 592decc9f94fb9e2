#include "io/file_batch.h"

#include <fcntl.h>
#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "io/stream.h"

namespace boilerstrip {
namespace {

// Files per round: a round's reads and closes take two entries each.
constexpr unsigned kRoundFiles = 64;

class Ring {
 public:
  Ring() {
    const char* env = std::getenv("BOILERSTRIP_IO_URING");
    if (env && std::string_view(env) == "0") return;
    usable_ = io_uring_queue_init(2 * kRoundFiles, &ring_, 0) == 0;
  }
  ~Ring() {
    if (usable_) io_uring_queue_exit(&ring_);
  }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  bool usable() const { return usable_; }
  io_uring_sqe* Entry() { return io_uring_get_sqe(&ring_); }

  // Submits the entries made since the last call and hands the result of each of the
  // |n| operations to |fn|(user_data, result). False if the ring failed: from then on
  // it is not used, and what it had not reported may not have happened (a file left
  // open is closed with the process).
  template <typename Fn>
  bool Complete(unsigned n, Fn&& fn) {
    for (unsigned seen = 0; seen < n;) {
      int r = io_uring_submit_and_wait(&ring_, 1);
      if (r < 0 && r != -EINTR) {
        Fail();
        return false;
      }
      io_uring_cqe* cqe;
      unsigned head, count = 0;
      io_uring_for_each_cqe(&ring_, head, cqe) {
        fn(cqe->user_data, cqe->res);
        ++count;
      }
      io_uring_cq_advance(&ring_, count);
      seen += count;
    }
    return true;
  }

  // Gives up: the entries made and not submitted never will be.
  void Fail() {
    io_uring_queue_exit(&ring_);
    usable_ = false;
  }

 private:
  io_uring ring_{};
  bool usable_ = false;
};

Ring& ThreadRing() {
  thread_local Ring ring;
  return ring;
}

// The folders a round's files are opened relative to, each opened once.
class Folders {
 public:
  ~Folders() {
    for (int fd : fds_) ::close(fd);
  }
  // The folder to open |path| from (AT_FDCWD for a path opened whole, as InputFolder
  // opens it) and in |*name| the name there; -1 if the folder cannot be opened.
  int Of(const std::string& path, const char** name) {
    std::string_view dir;
    if (!internal::SplitFolder(path, &dir, name)) {
      *name = path.c_str();
      return AT_FDCWD;
    }
    if (dir != last_) {
      last_ = dir;
      std::string copy(dir);
      last_fd_ = ::open(copy.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (last_fd_ >= 0) fds_.push_back(last_fd_);
    }
    return last_fd_;
  }

 private:
  std::vector<int> fds_;
  std::string_view last_;  // a view of a path of the round's files
  int last_fd_ = -1;
};

// Where the files of unknown size are read, a slot each, before they are copied out at
// their size: a buffer of the thread's, its memory touched by the first rounds and
// reused, rather than a string zero-filled to the slot's size for each file.
class UnsizedSlots {
 public:
  char* Slot(size_t i) {
    if (!buffer_) buffer_ = std::make_unique_for_overwrite<char[]>(kRoundFiles * kUnknownSizeReadBytes);
    return buffer_.get() + i * kUnknownSizeReadBytes;
  }

 private:
  std::unique_ptr<char[]> buffer_;
};

// One round of at most kRoundFiles files: opened, then read and closed. False if the
// ring failed.
bool ReadRound(Ring& ring, FileRead* const* files, unsigned n) {
  thread_local UnsizedSlots unsized;
  Folders folders;
  int fds[kRoundFiles];
  unsigned opens = 0;
  for (unsigned i = 0; i < n; ++i) {
    fds[i] = -1;
    const char* name;
    int dir = folders.Of(*files[i]->path, &name);
    if (dir == -1) continue;
    io_uring_sqe* sqe = ring.Entry();
    if (!sqe) {
      ring.Fail();
      return false;
    }
    io_uring_prep_openat(sqe, dir, name, internal::kReadFlags, 0);
    io_uring_sqe_set_data64(sqe, i);
    ++opens;
  }
  if (!ring.Complete(opens, [&](uint64_t i, int res) { fds[i] = res; })) return false;

  unsigned ops = 0;
  for (unsigned i = 0; i < n; ++i) {
    if (fds[i] < 0) continue;
    io_uring_sqe* read = ring.Entry();
    io_uring_sqe* close = read ? ring.Entry() : nullptr;
    if (!close) {
      // Nothing of this round's second half was submitted: its files are closed here.
      ring.Fail();
      for (unsigned j = 0; j < n; ++j)
        if (fds[j] >= 0) ::close(fds[j]);
      return false;
    }
    FileRead& f = *files[i];
    char* buffer;
    unsigned length;
    if (f.size == 0) {
      buffer = unsized.Slot(i);
      length = kUnknownSizeReadBytes;
    } else {
      // One byte more than listed: a file that grew since fills it, and is read again.
      f.data.resize(f.size + 1);
      buffer = f.data.data();
      length = static_cast<unsigned>(f.size + 1);
    }
    io_uring_prep_read(read, fds[i], buffer, length, 0);
    io_uring_sqe_set_data64(read, i);
    // A hard link: the file is closed whatever the read gave.
    read->flags |= IOSQE_IO_HARDLINK;
    io_uring_prep_close(close, fds[i]);
    io_uring_sqe_set_data64(close, kRoundFiles + i);
    ops += 2;
  }
  return ring.Complete(ops, [&](uint64_t id, int res) {
    if (id >= kRoundFiles) return;
    FileRead& f = *files[id];
    // A regular file reads short only at its end.
    if (f.size == 0) {
      f.done = res > 0 && static_cast<uint64_t>(res) < kUnknownSizeReadBytes;
      if (f.done) f.data.assign(unsized.Slot(id), res);
      return;
    }
    f.done = res >= 0 && static_cast<uint64_t>(res) == f.size;
    if (f.done) f.data.resize(f.size);
    else std::string().swap(f.data);
  });
}

}  // namespace

bool FileBatchesAvailable() { return ThreadRing().usable(); }

void ReadFilesAtOnce(std::vector<FileRead>& files) {
  Ring& ring = ThreadRing();
  FileRead* round[kRoundFiles];
  unsigned n = 0;
  for (size_t i = 0; i <= files.size() && ring.usable(); ++i) {
    if (i < files.size()) {
      FileRead& f = files[i];
      if (f.done || f.size > kMaxBatchFileBytes) continue;
      round[n++] = &f;
      if (n < kRoundFiles) continue;
    }
    if (n > 0 && !ReadRound(ring, round, n)) return;
    n = 0;
  }
}

}  // namespace boilerstrip
