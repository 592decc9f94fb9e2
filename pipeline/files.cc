#include "pipeline/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace fs = std::filesystem;

void WriteFileAtomic(const fs::path& path, std::string_view data) {
  std::unique_ptr<ByteSink> sink = OpenFileSink(path, Compression::kNone);
  sink->Write(data);
  sink->Finish();
}

namespace {

bool Excluded(const std::string& name, const std::vector<std::string>& excludes) {
  for (const std::string& glob : excludes)
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

// Walks a directory tree with readdir and stats relative to the open directory: at most
// one system call per wanted file (none for a regular file whose size is not wanted),
// and no std::filesystem path parsing per entry (the recursive_directory_iterator walk,
// with a sort of the paths after it, cost more than reading the small pages it found).
class Walk {
 public:
  Walk(const std::function<bool(const std::string&)>& wanted, const std::vector<std::string>& excludes,
       const fs::path& skip_dir, bool sizes, int threads, const std::atomic<bool>* cancel,
       std::vector<InputFile>* out)
      : wanted_(wanted), excludes_(excludes), sizes_(sizes), threads_(std::max(1, threads)), cancel_(cancel),
        out_(out) {
    struct stat st;
    if (!skip_dir.empty() && ::stat(skip_dir.c_str(), &st) == 0) skip_ = {st.st_dev, st.st_ino};
  }

  // Walks the directory |fd| (taken) at |path|, |relative| under the root; false with
  // the reason in |*error| if a directory could not be read.
  bool Directory(int fd, const std::string& path, const std::string& relative, std::string* error) {
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
      *error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    // Sorting each directory's names and going depth first yields the order of the
    // relative paths compared component by component, as fs::path compares them.
    std::vector<Entry> entries;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
      std::string_view name(e->d_name);
      if (name != "." && name != "..") entries.emplace_back(name, e->d_type);
    }
    bool ok = errno == 0;
    if (!ok) *error = std::strerror(errno);
    std::sort(entries.begin(), entries.end());
    // The files between two subfolders are asked for their sizes together (AddFiles).
    std::vector<const Entry*> files;
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
      *error = "walk cancelled";
      ok = false;
    }
    for (size_t i = 0; ok && i < entries.size(); ++i) {
      auto& [name, type] = entries[i];
      struct stat st;
      if (type == DT_UNKNOWN) {
        if (::fstatat(::dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type == DT_DIR) {
        AddFiles(::dirfd(dir), path, relative, files);
        ok = Subdirectory(::dirfd(dir), Join(path, name), Join(relative, name), name, error);
        continue;
      }
      // Links are followed to files, never to directories; links to nothing are no files.
      if ((type == DT_REG || type == DT_LNK) && wanted_(name) && !Excluded(name, excludes_))
        files.push_back(&entries[i]);
    }
    if (ok) AddFiles(::dirfd(dir), path, relative, files);
    ::closedir(dir);
    return ok;
  }

 private:
  using Entry = std::pair<std::string, unsigned char>;  // a name and its dirent type

  // |dir| / |name| as fs::path would join them, in strings (see InputFile).
  static std::string Join(const std::string& dir, const std::string& name) {
    std::string out;
    out.reserve(dir.size() + 1 + name.size());
    out = dir;
    if (!out.empty() && out.back() != '/') out.push_back('/');
    out += name;
    return out;
  }
  // Join(dir, name).size(), without the string.
  static size_t JoinedSize(const std::string& dir, const std::string& name) {
    return dir.size() + (!dir.empty() && dir.back() != '/') + name.size();
  }

  // Adds the regular files among |names| (taken) of the folder |dir_fd| at |path|, in
  // their order. Each link, and each file if sizes are wanted, costs a system call
  // (fstatat), most of a walk's time: a big folder's are split between threads, since
  // cleaning waits for the walk.
  void AddFiles(int dir_fd, const std::string& path, const std::string& relative,
                std::vector<const Entry*>& names) {
    constexpr int64_t kNotRegular = -1;
    std::vector<int64_t> sizes(names.size());
    auto stat_files = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        if (!sizes_ && names[i]->second == DT_REG) continue;  // size 0: unknown
        struct stat st;
        bool regular = ::fstatat(dir_fd, names[i]->first.c_str(), &st, 0) == 0 && S_ISREG(st.st_mode);
        sizes[i] = regular && sizes_ ? static_cast<int64_t>(st.st_size) : regular ? 0 : kNotRegular;
      }
    };
    size_t stats = sizes_ ? names.size()
                          : std::count_if(names.begin(), names.end(), [](const Entry* e) { return e->second != DT_REG; });
    size_t parts = stats >= kFilesPerThread ? std::min<size_t>(threads_, stats / kFilesPerThread) : 1;
    std::vector<std::thread> helpers;
    for (size_t k = 1; k < parts; ++k) {
      size_t begin = names.size() * k / parts, end = names.size() * (k + 1) / parts;
      try {
        helpers.emplace_back(stat_files, begin, end);
      } catch (const std::system_error&) {  // no thread to be had: this one does it
        stat_files(begin, end);
      }
    }
    stat_files(0, names.size() / parts);
    for (std::thread& t : helpers) t.join();
    for (size_t i = 0; i < names.size(); ++i)
      if (sizes[i] != kNotRegular)
        out_->push_back({Join(path, names[i]->first), static_cast<uint32_t>(JoinedSize(relative, names[i]->first)),
                         static_cast<uint64_t>(sizes[i])});
    names.clear();
  }

  bool Subdirectory(int dir_fd, const std::string& path, const std::string& relative, const std::string& name,
                    std::string* error) {
    int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (errno == EACCES) return true;  // as skip_permission_denied
      *error = std::strerror(errno);
      return false;
    }
    struct stat st;
    // The output directory may sit inside an input directory: never read it back.
    if (skip_ && ::fstat(fd, &st) == 0 && std::pair(st.st_dev, st.st_ino) == *skip_) {
      ::close(fd);
      return true;
    }
    return Directory(fd, path, relative, error);
  }

  const std::function<bool(const std::string&)>& wanted_;
  const std::vector<std::string>& excludes_;
  bool sizes_;
  std::optional<std::pair<dev_t, ino_t>> skip_;
  // Threads to ask for files' sizes, each for at least kFilesPerThread files: starting a
  // thread costs some tens of microseconds, a file's fstatat a few.
  static constexpr size_t kFilesPerThread = 128;
  size_t threads_;
  const std::atomic<bool>* cancel_;
  std::vector<InputFile>* out_;
};

}  // namespace

std::vector<InputFile> FindInputs(const std::vector<std::string>& inputs,
                                  const std::function<bool(const std::string&)>& wanted,
                                  const std::vector<std::string>& excludes,
                                  const fs::path& skip_dir, bool sizes, int threads,
                                  std::vector<std::pair<std::string, std::string>>* missing,
                                  const std::atomic<bool>* cancel) {
  std::vector<InputFile> out;
  Walk walk(wanted, excludes, skip_dir, sizes, threads, cancel, &out);
  for (const std::string& input : inputs) {
    fs::path root(input);
    std::error_code ec;
    fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      missing->emplace_back(input, ec ? ec.message() : "No such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      uint64_t size = fs::file_size(root, ec);
      // Its name: what follows the last slash, as fs::path's filename() of a file.
      out.push_back({input, static_cast<uint32_t>(input.size() - (input.rfind('/') + 1)), ec ? 0 : size});
      continue;
    }
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    std::string error;
    if (fd < 0) {
      if (errno != EACCES) missing->emplace_back(input, std::strerror(errno));
    } else if (!walk.Directory(fd, input, "", &error)) {
      missing->emplace_back(input, error);
    }
  }
  return out;
}

}  // namespace boilerstrip
