// hazegate: the command line (see `hazegate --help` and README.md).
#include "hazegate/app/cli.h"

int main(int argc, char** argv) { return hazegate::RunCli(argc, argv); }
