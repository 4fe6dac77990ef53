/**
 * The tuning state classes under the names that savepoints of builds before 2026-12-08 give them (they
 * now live in {@code io.pmtuner.core.tuning}): their fields only, for {@code upgrade-savepoint} to read
 * such a savepoint. Flink names a POJO's class in its state and needs that class to read it, so these
 * stay as long as such savepoints are to be upgraded; nothing else uses them.
 */
package io.pmtuner.job.tuning;
