package io.pmtuner.model;

/** The reason codes of {@code ingest_rejects.reason}. Documented in the README; keep the names. */
public enum RejectReason {
    /** Not a JSON object. */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type or an unparseable value (e.g. a bar_ts that is not ISO-8601). */
    BAD_TYPE,
    /** {@code v} is not a contract version this job reads. */
    UNSUPPORTED_VERSION,
    /** {@code type} is neither tick nor decision. */
    UNKNOWN_TYPE,
    /** {@code action} is not one of entry, add, trim, exit, emergency_exit. */
    UNKNOWN_ACTION,
    /** {@code state} or {@code prev_state} is not S0..S4. */
    UNKNOWN_STATE,
    /** The change from the previous state to this tick's state is not a legal edge. */
    ILLEGAL_TRANSITION,
    /** A number is NaN or infinite. */
    NON_FINITE,
    /** A second tick with a (series, seq) already seen. */
    DUPLICATE_SEQ,
    /** A tick whose seq is lower than the series' last one. */
    SEQ_REGRESSION,
    /** An event behind the watermark: later than the allowed lateness. */
    LATE,
    /** An event far ahead of the stream's time that the quorum of series did not bring near it (a corrupted or wrong clock). */
    TIME_JUMP,
    /** A tick whose bar_ts is not where its seq and its series' timeframe put it, counted from the series' last tick. */
    OFF_CADENCE,
    /** A decision whose bar_ts is not the bar time of the tick whose seq it names. */
    DECISION_MISMATCH;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
