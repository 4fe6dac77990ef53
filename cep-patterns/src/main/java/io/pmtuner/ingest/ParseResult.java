package io.pmtuner.ingest;

import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.Reject;

/** Either an accepted event or a reject, never both. */
public final class ParseResult {
    public final EngineEvent event;
    public final Reject reject;

    private ParseResult(EngineEvent event, Reject reject) {
        this.event = event;
        this.reject = reject;
    }

    static ParseResult ok(EngineEvent event) {
        return new ParseResult(event, null);
    }

    static ParseResult rejected(Reject reject) {
        return new ParseResult(null, reject);
    }
}
