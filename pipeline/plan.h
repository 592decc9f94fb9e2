// Planning a run: the inputs named on the command line (folders walked), each with its
// format, its output (a file under -o, or standard output) and its site; --shard and
// --resume applied. Missing inputs are reported and counted in |report|.
#ifndef BOILERSTRIP_PIPELINE_PLAN_H_
#define BOILERSTRIP_PIPELINE_PLAN_H_

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "pipeline/driver.h"
#include "pipeline/files.h"
#include "pipeline/report.h"
#include "pipeline/work.h"

namespace boilerstrip {

// The walk of the folders among |options|' inputs, on a thread of its own from
// construction, so that it runs while the engine is built (each takes a tenth of a
// second or more). The first PlanInputs given it takes its result instead of walking.
// Destroyed untaken (the run ended before planning), it stops the walk and waits.
class InputWalk {
 public:
  explicit InputWalk(const CleanOptions& options);
  ~InputWalk();
  InputWalk(const InputWalk&) = delete;
  InputWalk& operator=(const InputWalk&) = delete;

  // The walk's result, once; false (nothing taken) if there was no walk (stdin, no
  // thread to be had) or it was taken already.
  bool Take(std::vector<InputFile>* found, std::vector<std::pair<std::string, std::string>>* missing);

 private:
  std::atomic<bool> cancel_{false};
  bool taken_ = false;
  std::vector<InputFile> found_;
  std::vector<std::pair<std::string, std::string>> missing_;
  std::exception_ptr error_;
  std::thread thread_;
};

// Throws ConfigError for options that cannot work together (nothing written yet).
// |counting|: inputs for the counting pass, which writes no outputs.
std::vector<Input> PlanInputs(const CleanOptions& options, RunReport* report, bool counting);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_PLAN_H_
