/**
 * Imported first by every program that runs the refresher's handlers in its own process (the local
 * Lambda: `npm start`, the benchmarks): their EMF metric lines and info logs would bury what the
 * program prints. Powertools reads its switch when its module loads, so this must run before that
 * import.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.LOG_LEVEL ??= "warn";
