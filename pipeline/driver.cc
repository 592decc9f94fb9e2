#include "pipeline/driver.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "formats/records.h"
#include "io/file_batch.h"
#include "pipeline/chunk_cleaner.h"
#include "pipeline/files.h"
#include "pipeline/plan.h"
#include "pipeline/report.h"
#include "pipeline/status.h"
#include "pipeline/work.h"

namespace boilerstrip {
namespace fs = std::filesystem;
namespace {

// The first SIGINT or SIGTERM asks the run to stop after the chunk in hand, leaving no
// partial output; a second one ends the process at once.
std::atomic<int> g_signal{0};

extern "C" void OnSignal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

// How far workers may run ahead of the writer, in batches (a chunk of a stream, or a run
// of pages read whole, of about a chunk's bytes) and in bytes: bounds the memory held by
// finished batches waiting for their turn, whatever the input size.
constexpr size_t kWindowChunks = 64;
constexpr size_t kWindowBytes = size_t{64} << 20;

// Where the explanation lines go: stderr, or a file renamed into place at the end.
class ExplainSink {
 public:
  explicit ExplainSink(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    tmp_ = path_;
    tmp_ += ".tmp";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw ConfigError(fmt::format("cannot write {}", tmp_.string()));
  }
  void Write(std::string_view lines) {
    if (lines.empty()) return;
    if (path_.empty()) std::cerr << lines;
    else file_ << lines;
  }
  void Finish() {
    if (path_.empty()) return;
    file_.close();
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (!file_ || ec) throw InputError(fmt::format("cannot write {}", path_.string()));
  }

 private:
  fs::path path_, tmp_;
  std::ofstream file_;
};

// ---- Reading -------------------------------------------------------------------------

// Hands out the inputs' chunks in order, one input after the other: a chunk of a stream,
// or a run of inputs read whole (read by the caller, outside the lock the feeder needs).
class Feeder {
 public:
  Feeder(const std::vector<Input>& inputs, size_t max_record_bytes)
      : inputs_(inputs), max_record_bytes_(max_record_bytes) {}

  // The next works into |*batch|; false when every input is read or the run is stopping.
  bool Next(std::vector<Work>* batch) {
    batch->clear();
    if (current_ >= inputs_.size() || stop_ || g_signal) return false;
    if (!ReadWhole(inputs_[current_])) {
      NextChunk(&batch->emplace_back());
      return true;
    }
    // Many small pages to a batch, so that handing them between threads costs little;
    // about a chunk's bytes where their sizes are known, so that batches stay as even as
    // chunks (where not, the worker cuts a batch once it knows them: Batch::ReadAndSplit).
    uint64_t bytes = 0;
    while (current_ < inputs_.size() && ReadWhole(inputs_[current_]) && batch->size() < kBatchInputs &&
           bytes < kChunkBytes) {
      Work& work = batch->emplace_back();
      work.input = current_;
      work.last = work.unread = true;
      work.size = inputs_[current_].size;
      work.max_record_bytes = max_record_bytes_;
      bytes += inputs_[current_].size;
      raw_done_ += inputs_[current_].size;
      ++current_;
    }
    return true;
  }

  // Reads the input of a work from Next() that is |unread|, opening it through |folder|
  // (one per thread). Thread-safe.
  static void Read(const Input& input, InputFolder& folder, Work* work) {
    work->unread = false;
    try {
      OpenRecordReader(input.in.format,
                       OpenFileSource(input.path, input.in.compression, work->size, &folder),
                       work->max_record_bytes)
          ->Next(&work->chunk);
    } catch (const InputError& e) {
      work->chunk = Chunk();
      work->failure = e.what();
    }
  }

  // Input bytes read so far, for progress.
  uint64_t raw_bytes() const { return raw_done_ + raw_current_; }
  void Stop() { stop_ = true; }

 private:
  static constexpr size_t kBatchInputs = 64;

  void NextChunk(Work* work) {
    const Input& input = inputs_[current_];
    work->input = current_;
    try {
      if (!reader_) {
        Compression c = input.in.compression;
        reader_ = OpenRecordReader(input.in.format,
                                   input.path.empty() ? OpenStdinSource(c) : OpenFileSource(input.path, c),
                                   max_record_bytes_);
      }
      if (reader_->Next(&work->chunk)) {
        raw_current_ = reader_->raw_offset();
        return;
      }
    } catch (const InputError& e) {
      work->failure = e.what();
    }
    work->last = true;
    reader_.reset();
    raw_done_ += input.size;
    raw_current_ = 0;
    ++current_;
  }

  const std::vector<Input>& inputs_;
  size_t max_record_bytes_;
  size_t current_ = 0;
  std::unique_ptr<RecordReader> reader_;
  std::atomic<uint64_t> raw_done_{0}, raw_current_{0};
  std::atomic<bool> stop_{false};
};

// ---- Progress ------------------------------------------------------------------------

// One line on stderr, redrawn a few times a second: only for people at a terminal.
class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes)
      : enabled_(enabled), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  void Finish(uint64_t documents) { Update(documents, bytes_, true); }

  void Update(uint64_t documents, uint64_t bytes, bool final = false) {
    if (!enabled_) return;
    bytes_ = bytes;
    auto now = Clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double secs = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
    std::string line = fmt::format("\r{} documents  {:.0f} docs/s  {:.1f} MB/s", documents,
                                   documents / secs, bytes / 1e6 / secs);
    if (total_ && bytes <= total_) {
      line += fmt::format("  {:.0f}%", 100.0 * bytes / total_);
      if (bytes && !final) {
        int eta = static_cast<int>(secs * (total_ - bytes) / bytes);
        line += fmt::format("  ETA {}:{:02}", eta / 60, eta % 60);
      }
    }
    std::cerr << line << "\x1b[K" << (final ? "\n" : "") << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  uint64_t total_, bytes_ = 0;
  Clock::time_point start_, last_;
};

// ---- Writing -------------------------------------------------------------------------

// Takes the results in input order: writes outputs (each file renamed into place once
// its input is complete), explanations and the report; decides when the run stops.
class Writer {
 public:
  Writer(const std::vector<Input>& inputs, const CleanOptions& options, ExplainSink& explain,
         RunReport* report, SiteCounter* counter = nullptr)
      : inputs_(inputs), options_(options), explain_(explain), report_(report), counter_(counter) {}

  void Write(const Work& work, Result& r) {
    if (stopped()) return;
    const Input& input = inputs_[work.input];
    if (work.input != current_ || !started_) Begin(work.input);
    if (broken_) return;  // the rest of a failed input is not written
    if (!work.failure.empty()) {
      spdlog::error("{}: {}", input.label(), work.failure);
      FailInput(input, work.failure);
      return;
    }
    for (const std::string& w : r.warnings) spdlog::warn("{}", w);
    for (const InputFailure& f : r.report.failures) spdlog::error("{}: {}", f.input, f.reason);
    if (r.page_failed) {  // a text file is one page: without it there is no output
      report_->Merge(r.report);
      FailInput(input, "");
      return;
    }
    if (counter_) {
      for (const auto& [site, keys] : r.site_lines) counter_->AddDocument(site, keys);
      report_->Merge(r.report);
      if (options_.fail_fast && !r.report.failures.empty()) Stop();
      return;
    }
    try {
      if (!r.file_error.empty()) throw InputError(r.file_error);
      if (!r.file) WriteRecords(r);
      report_->Merge(r.report);
      explain_.Write(r.explanation);
      if (options_.fail_fast && !r.report.failures.empty()) return Stop();
      if (r.file) {
        r.file->Commit();
      } else if (work.last && !input.output.empty()) {
        sink().Finish();
        sink_.reset();
      }
    } catch (const InputError& e) {
      spdlog::error("{}: {}", input.label(), e.what());
      FailInput(input, e.what());
    }
    if (g_signal) Stop();
  }

  // Ends the run: the output in progress, if any, is dropped (nothing partial is left).
  void Stop() {
    stopped_ = true;
    if (!inputs_.empty() && !inputs_[current_].output.empty()) sink_.reset();
  }
  bool stopped() const { return stopped_; }

  void Finish() {
    if (stdout_) stdout_->Finish();
  }

 private:
  void Begin(size_t input) {
    current_ = input;
    started_ = true;
    broken_ = false;
    sink_.reset();
  }

  // The current input's output, opened when first needed. Throws InputError.
  ByteSink& sink() {
    const Input& in = inputs_[current_];
    if (in.output.empty()) {
      if (!stdout_) stdout_ = OpenStdoutSink(in.out.compression);
      return *stdout_;
    }
    if (!sink_) sink_ = OpenFileSink(in.output, in.out.compression);
    return *sink_;
  }

  void WriteRecords(const Result& r) {
    if (r.compressed) return sink().WriteMembers(r.out);
    size_t begin = 0;
    for (size_t end : r.record_ends) {
      sink().Write(std::string_view(r.out).substr(begin, end - begin));
      sink().EndMember();
      begin = end;
    }
    sink().Write(std::string_view(r.out).substr(begin));
  }

  // The input failed: its output is not written (a file output is dropped; what went to
  // stdout is gone), and with --on-error fail the run stops.
  void FailInput(const Input& input, std::string_view reason) {
    if (!reason.empty()) {
      ++report_->inputs_failed;
      report_->failures.push_back({std::string(input.label()), std::string(reason)});
    }
    broken_ = true;
    if (!input.output.empty()) sink_.reset();
    if (options_.fail_fast) Stop();
  }

  const std::vector<Input>& inputs_;
  const CleanOptions& options_;
  ExplainSink& explain_;
  RunReport* report_;
  SiteCounter* counter_;  // counting: nothing is written, lines are counted
  size_t current_ = 0;
  bool started_ = false, broken_ = false, stopped_ = false;
  std::unique_ptr<ByteSink> sink_, stdout_;
};

// ---- Running -------------------------------------------------------------------------

// Writes the output of an input read whole under its temporary name: the file system's
// part of writing a small page (making the file) costs more than cleaning it, and here
// it runs in parallel; the writer only renames.
void StageFile(const Input& input, Result* r) {
  try {
    r->file = std::make_unique<StagedFile>(input.output, input.out.compression);
    r->file->Write(r->out);
    r->file->Close();
  } catch (const InputError& e) {
    r->file.reset();
    r->file_error = e.what();
  }
  r->out.clear();
}

// Compresses a chunk's output into |r->out| here, in parallel, rather than in the
// writer, which is serial: records that go each in their own member (WET) apart, other
// output as members of its own. Chunks end where the input says, so the bytes do not
// depend on the number of threads.
void CompressMembers(const Input& input, Result* r) {
  // Text compresses to well under half at level 1: one allocation, not a dozen copies.
  auto raw = std::make_unique<StringSink>(r->out.size() / 2 + 4096);
  StringSink* members = raw.get();
  std::unique_ptr<ByteSink> sink = Compress(std::move(raw), input.out.compression);
  size_t begin = 0;
  for (size_t end : r->record_ends) {
    sink->WriteMember(std::string_view(r->out).substr(begin, end - begin));
    begin = end;
  }
  sink->WriteMember(std::string_view(r->out).substr(begin));
  r->out = members->Take();
  r->compressed = true;
}

// Reads the uncompressed pages of |works| left to the worker, all at once where the
// system can (ReadFilesAtOnce, which takes the small ones); the pages it could not read
// are read one by one later, with the reasons they could not be. A page over the record
// limit is left for that read to refuse.
void ReadPagesAtOnce(const std::vector<Input>& inputs, std::vector<Work>& works) {
  thread_local std::vector<FileRead> files;
  thread_local std::vector<Work*> owners;
  files.clear();
  owners.clear();
  for (Work& work : works) {
    const Input& input = inputs[work.input];
    if (!work.unread || input.in.compression != Compression::kNone || work.size > work.max_record_bytes)
      continue;
    FileRead& f = files.emplace_back();
    f.path = &input.path;
    f.size = work.size;
    owners.push_back(&work);
  }
  if (files.size() < 2) return;
  ReadFilesAtOnce(files);
  for (size_t i = 0; i < files.size(); ++i) {
    Work& work = *owners[i];
    if (!files[i].done || files[i].data.size() > work.max_record_bytes) continue;
    work.unread = false;
    work.chunk.bytes += files[i].data.size();
    work.chunk.items.emplace_back().data = std::move(files[i].data);
  }
}

// The size of a file the listing did not ask; 0 if it is not a regular file (reading it
// will say why).
uint64_t SizeOf(const Input& input) {
  struct stat st;
  return ::stat(input.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
}

// Reads (if the feeder left it to us), cleans and encodes a work: what can run on any
// thread.
Result Process(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting,
               InputFolder& folder, Work& work) {
  const Input& input = inputs[work.input];
  if (work.unread) Feeder::Read(input, folder, &work);
  Result r = cleaner.Clean(input, work);
  if (counting || input.output.empty() || !work.failure.empty()) return r;
  if (ReadWhole(input)) {
    if (!r.page_failed) StageFile(input, &r);
  } else if (input.out.compression != Compression::kNone && !r.out.empty()) {
    CompressMembers(input, &r);
  }
  return r;
}

// Reads, cleans and writes every input. With one thread everything happens here; with
// more, workers read and clean batches while this thread writes them in input order.
void Run(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting,
         size_t max_record_bytes, Writer& writer, Progress& progress, RunReport* report, int threads) {
  Feeder feeder(inputs, max_record_bytes);
  struct Batch {
    std::vector<Work> works;
    std::vector<Result> results;
    size_t bytes = 0;
    bool more = false;  // the batch goes on in a next part

    // A batch's results wait for their turn whole, and a batch is cleaned by one worker.
    // Pages of unknown size (a walk that did not ask) can make a batch of large pages:
    // once its small pages are read, a batch is cut into parts of about a chunk's bytes,
    // the parts after the first returned, to be cleaned by any worker.
    std::vector<Batch> ReadAndSplit(const std::vector<Input>& inputs) {
      ReadPagesAtOnce(inputs, works);
      // Each part ends after the page that brings it to a chunk's bytes.
      std::vector<size_t> ends;
      size_t part_bytes = 0;
      for (size_t i = 0; i < works.size(); ++i) {
        Work& work = works[i];
        if (work.unread && work.size == 0) work.size = SizeOf(inputs[work.input]);
        part_bytes += work.unread ? work.size : work.chunk.bytes;
        if (part_bytes < kChunkBytes && i + 1 < works.size()) continue;
        ends.push_back(i + 1);
        part_bytes = 0;
      }
      std::vector<Batch> parts;
      for (size_t k = 1; k < ends.size(); ++k) {
        Batch& part = parts.emplace_back();
        part.works.assign(std::make_move_iterator(works.begin() + ends[k - 1]),
                          std::make_move_iterator(works.begin() + ends[k]));
        part.more = k + 1 < ends.size();
      }
      more = !parts.empty();
      if (more) works.erase(works.begin() + ends[0], works.end());
      return parts;
    }
    void Process(const std::vector<Input>& inputs, const ChunkCleaner& cleaner, bool counting) {
      // A batch's pages are read within moments of each other, mostly from one folder.
      InputFolder folder;
      for (Work& work : works) {
        results.push_back(boilerstrip::Process(inputs, cleaner, counting, folder, work));
        bytes += work.chunk.bytes;
        // The writer needs only the output: a chunk's input goes back now, not when its
        // turn to be written comes, so the window holds one copy of each chunk, not two.
        std::vector<Item>().swap(work.chunk.items);
      }
    }
  };
  auto write = [&](Batch& b) {
    for (size_t i = 0; i < b.works.size(); ++i) writer.Write(b.works[i], b.results[i]);
    progress.Update(report->documents, feeder.raw_bytes());
    if (writer.stopped()) feeder.Stop();
  };
  if (threads <= 1) {
    Batch b;
    while (feeder.Next(&b.works)) {
      std::vector<Batch> parts = b.ReadAndSplit(inputs);
      b.Process(inputs, cleaner, counting);
      write(b);
      for (Batch& part : parts) {
        if (writer.stopped()) break;
        part.Process(inputs, cleaner, counting);
        write(part);
        part = Batch();
      }
      b = Batch();
    }
    return;
  }
  std::mutex mu, feed_mu;
  std::condition_variable ready, room;  // a result arrived; the window moved or work came
  using Part = std::pair<uint64_t, size_t>;  // a batch's sequence number, and a part of it
  std::map<Part, Batch> queued, done;        // parts to clean; parts cleaned
  uint64_t issued = 0, total = UINT64_MAX;
  Part emitted{0, 0};                        // the next part to write
  size_t window_bytes = 0;
  auto worker = [&] {
    // Named for `top -H` and perf: the main thread writes, these clean.
    pthread_setname_np(pthread_self(), "bs-clean");
    for (;;) {
      Batch b;
      Part part;
      {
        std::unique_lock lock(mu);
        // A queued part goes first; it too waits for room, unless it is the next to write.
        auto queued_may_go = [&] {
          return !queued.empty() && (window_bytes < kWindowBytes || queued.begin()->first == emitted);
        };
        room.wait(lock, [&] {
          return queued_may_go() || emitted.first == total ||
                 (total == UINT64_MAX && issued - emitted.first < kWindowChunks &&
                  (window_bytes < kWindowBytes || issued == emitted.first));
        });
        if (queued_may_go()) {
          part = queued.begin()->first;
          b = std::move(queued.begin()->second);
          queued.erase(queued.begin());
        } else if (emitted.first == total) {
          return;
        }
      }
      if (b.works.empty()) {
        {
          std::lock_guard feed_lock(feed_mu);
          bool got = feeder.Next(&b.works);
          std::lock_guard lock(mu);
          if (!got) {
            // Parts of batches still being cleaned may yet be queued: the workers stay.
            if (total == UINT64_MAX) total = issued;
            ready.notify_all();
            room.notify_all();
            continue;
          }
          part = {issued++, 0};
        }
        std::vector<Batch> parts = b.ReadAndSplit(inputs);
        if (!parts.empty()) {
          std::lock_guard lock(mu);
          for (size_t k = 0; k < parts.size(); ++k) queued.emplace(Part{part.first, k + 1}, std::move(parts[k]));
          room.notify_all();
        }
      }
      b.Process(inputs, cleaner, counting);
      std::lock_guard lock(mu);
      window_bytes += b.bytes;
      done.emplace(part, std::move(b));
      if (part == emitted) ready.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (;;) {
    Batch b;
    {
      std::unique_lock lock(mu);
      ready.wait(lock, [&] { return done.count(emitted) || emitted.first == total; });
      if (emitted.first == total) break;
      auto it = done.find(emitted);
      b = std::move(it->second);
      done.erase(it);
      emitted = b.more ? Part{emitted.first, emitted.second + 1} : Part{emitted.first + 1, 0};
      window_bytes -= b.bytes;
    }
    room.notify_all();
    write(b);
  }
  room.notify_all();
  for (std::thread& t : pool) t.join();
}

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // A closed stdout is an error the writer reports, not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
}

// One pass over |inputs|: cleaning them, or with |counter| counting their site lines.
void Pass(const std::vector<Input>& inputs, const CleanOptions& options, const Engine& engine,
          ExplainSink& explain, RunReport* report, SiteCounter* counter) {
  uint64_t total = 0;
  for (const Input& in : inputs) total += in.size;
  Progress progress(options.progress, total);
  Writer writer(inputs, options, explain, report, counter);
  ChunkCleaner cleaner(engine, options, counter != nullptr);
  Run(inputs, cleaner, counter != nullptr, options.max_page_bytes, writer, progress, report,
      std::max(1, options.threads));
  try {
    writer.Finish();
  } catch (const InputError& e) {
    spdlog::error("{}", e.what());
    report->failures.push_back({"-", e.what()});
  }
  progress.Finish(report->documents);
}

// Writes the explanation, report and summary; returns the exit code.
int Conclude(const CleanOptions& options, const RunReport& report, ExplainSink& explain) {
  int code = kExitOk;
  if (g_signal) {
    spdlog::warn("stopped by signal {}; outputs not complete were not written", g_signal.load());
    code = 128 + g_signal;
  } else if (!report.failures.empty()) {
    code = kExitInputFailed;
  }
  explain.Finish();
  if (!options.report_path.empty()) WriteFileAtomic(options.report_path, report.ToJson());
  if (options.summary) std::cerr << report.Summary(12);
  return code;
}

}  // namespace

void ParseShard(const std::string& value, CleanOptions* options) {
  size_t slash = value.find('/');
  int k = -1, n = 0;
  auto parse = [](std::string_view s, int* v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(value).substr(0, slash), &k) ||
      !parse(std::string_view(value).substr(slash + 1), &n) || n < 1 || k < 0 || k >= n)
    throw ConfigError(fmt::format("--shard {}: expected K/N with 0 <= K < N (e.g. 3/16)", value));
  options->shard = k;
  options->shards = n;
}

int RunClean(const CleanOptions& options, Engine& engine) {
  RunReport report;
  std::vector<Input> inputs = PlanInputs(options, &report, false);
  ExplainSink explain(options.explain_to);
  InstallSignalHandlers();
  if (options.site_lines) {
    if (options.shards > 1)
      throw ConfigError("--site-lines counts every input on this machine; with --shard, use "
                        "`boilerstrip count`, `merge` and `clean --site-counts`");
    CleanOptions all = options;
    all.resume = false;  // the counts cover every input, done or not
    RunReport count_report;
    std::vector<Input> count_inputs = PlanInputs(all, &count_report, true);
    SiteCounter counter;
    ExplainSink none("");
    Pass(count_inputs, all, engine, none, &count_report, &counter);
    if (g_signal) return Conclude(options, count_report, none);
    spdlog::info("site lines: {} distinct lines in {} documents", counter.distinct_lines(), count_report.documents);
    engine.SetSiteCounts(SiteCounts(counter));
  }
  Pass(inputs, options, engine, explain, &report, nullptr);
  return Conclude(options, report, explain);
}

int RunCount(const CleanOptions& options, const Engine& engine, const std::string& out) {
  RunReport report;
  std::vector<Input> inputs = PlanInputs(options, &report, true);
  InstallSignalHandlers();
  SiteCounter counter;
  ExplainSink none("");
  Pass(inputs, options, engine, none, &report, &counter);
  bool stopped = g_signal || (options.fail_fast && !report.failures.empty());
  if (!stopped) {
    counter.Write(out);
    spdlog::info("{}: {} distinct lines in {} documents", out, counter.distinct_lines(), report.documents);
  }
  return Conclude(options, report, none);
}

}  // namespace boilerstrip
