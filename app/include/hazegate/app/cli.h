// The hazegate command line (contract §1). Returns the process exit code:
// 0 ok, 2 bad input (with a message naming the field), 1 other failure.
#pragma once

namespace hazegate {

int RunCli(int argc, char** argv);

}  // namespace hazegate
