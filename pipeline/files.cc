#include "pipeline/files.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

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

bool Excluded(const fs::path& p, const std::vector<std::string>& excludes) {
  std::string name = p.filename().string();
  for (const std::string& glob : excludes)
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

bool SameFile(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return !b.empty() && fs::equivalent(a, b, ec);
}

}  // namespace

std::vector<InputFile> FindInputs(const std::vector<std::string>& inputs,
                                  const std::function<bool(const std::string&)>& wanted,
                                  const std::vector<std::string>& excludes,
                                  const fs::path& skip_dir,
                                  std::vector<std::pair<std::string, std::string>>* missing) {
  std::vector<InputFile> out;
  for (const std::string& input : inputs) {
    fs::path root(input);
    std::error_code ec;
    fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      missing->emplace_back(input, ec ? ec.message() : "No such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back({root, root.filename()});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (it->is_directory(ec)) {
        // The output directory may sit inside an input directory: never read it back.
        if (SameFile(p, skip_dir)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec) || !wanted(p.filename().string()) || Excluded(p, excludes)) continue;
      found.push_back({p, p.lexically_relative(root)});
    }
    if (ec) missing->emplace_back(input, ec.message());
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.relative < b.relative; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace boilerstrip
