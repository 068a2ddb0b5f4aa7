// Filled in by the results page work.
