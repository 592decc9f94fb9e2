// Planning a run: the inputs named on the command line (folders walked), each with its
// format, its output (a file under -o, or standard output) and its site; --shard and
// --resume applied. Missing inputs are reported and counted in |report|.
#ifndef BOILERSTRIP_PIPELINE_PLAN_H_
#define BOILERSTRIP_PIPELINE_PLAN_H_

#include <vector>

#include "pipeline/driver.h"
#include "pipeline/report.h"
#include "pipeline/work.h"

namespace boilerstrip {

// Throws ConfigError for options that cannot work together (nothing written yet).
// |counting|: inputs for the counting pass, which writes no outputs.
std::vector<Input> PlanInputs(const CleanOptions& options, RunReport* report, bool counting);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_PLAN_H_
