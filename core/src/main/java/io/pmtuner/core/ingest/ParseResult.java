package io.pmtuner.core.ingest;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;

/**
 * Either an accepted event or a reject, never both. A POJO, so that a source can emit it (the Kafka
 * source parses in its deserializer, where it needs the bar time for per-partition watermarks).
 */
public class ParseResult {
    public EngineEvent event;
    public Reject reject;
    /**
     * Where a source read it when the source has parts with an order of their own (a Kafka topic's
     * partition, as {@code topic-partition}), else null: the stream's clock is kept per part.
     */
    public String partition;

    /** For Flink's POJO serializer only. */
    public ParseResult() {}

    private ParseResult(EngineEvent event, Reject reject) {
        this.event = event;
        this.reject = reject;
    }

    public static ParseResult ok(EngineEvent event) {
        return new ParseResult(event, null);
    }

    public static ParseResult rejected(Reject reject) {
        return new ParseResult(null, reject);
    }
}
