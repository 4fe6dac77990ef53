/** The calibrated judge's state classes under their names in earlier savepoints (see {@code io.pmtuner.job.tuning}). */
package io.pmtuner.job.tuning.calibrated;
