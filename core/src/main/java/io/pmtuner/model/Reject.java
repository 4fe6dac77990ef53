package io.pmtuner.model;

/** A line or event that was not accepted, with why (README "The event contract"): a row of {@code ingest_rejects}. */
public class Reject {
    public String raw;
    /** The series as JSON, when it could be read. */
    public String seriesJson;
    public String reason;
    public String detail;
    /** bar_ts when it could be read. */
    public Long eventTs;

    public Reject() {}

    public Reject(String raw, String seriesJson, String reason, String detail, Long eventTs) {
        this.raw = raw;
        this.seriesJson = seriesJson;
        this.reason = reason;
        this.detail = detail;
        this.eventTs = eventTs;
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
