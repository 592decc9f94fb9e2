// Small files read many at a time. A folder of pages costs the kernel an open, a read
// and a close per page, each a system call, and on a virtual machine a system call
// alone can cost a microsecond: with io_uring, a batch of pages is opened in one call
// and read and closed in a second.
#ifndef BOILERSTRIP_IO_FILE_BATCH_H_
#define BOILERSTRIP_IO_FILE_BATCH_H_

#include <cstdint>
#include <string>
#include <vector>

namespace boilerstrip {

struct FileRead {
  const std::string* path = nullptr;  // in
  uint64_t size = 0;                  // in: the size a listing found (up to kMaxBatchFileBytes), 0 if unknown
  std::string data;                   // out: the whole file, when |done|
  bool done = false;
};

// Larger files are read the usual way: their read, not its system call, is the cost.
inline constexpr uint64_t kMaxBatchFileBytes = uint64_t{1} << 20;
// A file of unknown size is read into a buffer of this many bytes; one that fills it
// is left to be read the usual way. Web pages' text is rarely longer.
inline constexpr uint64_t kUnknownSizeReadBytes = uint64_t{64} << 10;

// Reads whole the files of |files| that it can, on this thread. A file is |done| only
// when it was read whole: at its listed size, or, its size unknown, in fewer bytes than
// kUnknownSizeReadBytes and more than none. Whatever else happened to it (missing,
// unreadable, grown, shrunk, too large, empty, not a regular file any more) is left for
// the caller to read the usual way, which reports it as always. Nothing is done where
// io_uring is not available (kernels before 5.6, a container's seccomp filter) or the
// environment sets BOILERSTRIP_IO_URING=0; nor, from then on, on a thread whose ring
// failed.
void ReadFilesAtOnce(std::vector<FileRead>& files);

// Whether ReadFilesAtOnce reads anything on this thread, for tests.
bool FileBatchesAvailable();

}  // namespace boilerstrip

#endif  // BOILERSTRIP_IO_FILE_BATCH_H_
