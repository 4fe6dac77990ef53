package io.pmtuner.job.config;

import org.apache.flink.util.TimeUtils;

import picocli.CommandLine;

import java.time.Duration;

/** Durations as Flink writes them: {@code 30d}, {@code 5 min}, {@code 200ms}. */
public class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 30d, 5min, 200ms)");
        }
    }
}
