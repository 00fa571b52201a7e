/**
 * Imported first by each benchmark, before anything loads the refresher: the refresher's handlers
 * run in the benchmark's own process (the local Lambda), and their EMF metric lines and info logs
 * would bury the figures on stdout. Powertools reads its switch when its module loads, so this
 * must run before that import.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.LOG_LEVEL ??= "warn";
