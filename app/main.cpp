// hazegate: the command line (see `hazegate --help` and README.md).
#include "cli.h"

int main(int argc, char** argv) { return hazegate::RunCli(argc, argv); }
