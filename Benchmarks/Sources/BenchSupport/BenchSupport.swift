// Shared helpers for the benchmark executables.
