package io.pmtuner.model;

/** A PM action on the tick with the same {@code seq} (README "The event contract", {@code type = decision}). */
public class Decision {
    public Action action;
    public String tradeId;
    public Double sizeFrac;
    public Double pnl;
    public String reason;

    public Decision() {}
}
