// The one list of stages: name -> factory and a one-line description. Reading
// registry.cc tells every stage there is; `boilerstrip stages` prints it.
#ifndef BOILERSTRIP_PIPELINE_REGISTRY_H_
#define BOILERSTRIP_PIPELINE_REGISTRY_H_

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "pipeline/stage.h"

namespace boilerstrip {

struct StageInfo {
  std::string_view name;
  std::string_view description;
  // Builds the stage from its options; throws ConfigError on a bad option.
  std::function<std::unique_ptr<Stage>(StageOptions&, const StageEnv&)> make;
};

const std::vector<StageInfo>& StageRegistry();
// The entry for |name|, or nullptr.
const StageInfo* FindStage(std::string_view name);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_REGISTRY_H_
