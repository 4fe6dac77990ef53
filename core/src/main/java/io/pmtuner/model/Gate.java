package io.pmtuner.model;

/** One entry gate at one bar: the value, the effective threshold, whether it passed (README "The event contract"). */
public class Gate {
    public double value;
    public double threshold;
    public boolean pass;
    /** The threshold before overrides, when the engine sends it. */
    public Double base;

    public Gate() {}

    public Gate(double value, double threshold, boolean pass, Double base) {
        this.value = value;
        this.threshold = threshold;
        this.pass = pass;
        this.base = base;
    }

    public Gate copy() {
        return new Gate(value, threshold, pass, base);
    }
}
