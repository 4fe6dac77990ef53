package io.pmtuner.model;

/**
 * A gate the judges move, and everything particular to it: its name in events, lessons and evidence,
 * the override column that multiplies its base, and its direction. Every other entry gate (slope, dx,
 * ...) is a floor that no judge moves. The one place that knows which way a gate lets a setup through.
 */
public enum TunedGate {
    /** Trend score: lets through what is at least {@code base x ts_min_mult}. */
    TS("ts", "ts_min_mult", Direction.FLOOR),
    /** Distance to the EMA: lets through what is at most {@code base x halo_mult}. */
    HALO("halo", "halo_mult", Direction.CEILING);

    /** A floor lets through values at or above its threshold, a ceiling values at or below it. */
    public enum Direction { FLOOR, CEILING }

    /** The gate's name in a tick's {@code gates}, in {@code blocked_by} and in evidence. */
    public final String gate;
    /** Its multiplier's column in {@code pm_overrides} (and what the engine's lookup answers). */
    public final String column;
    public final Direction direction;

    TunedGate(String gate, String column, Direction direction) {
        this.gate = gate;
        this.column = column;
        this.direction = direction;
    }

    /** Whether {@code value} passes at {@code threshold}. */
    public boolean passes(double value, double threshold) {
        return direction == Direction.FLOOR ? value >= threshold : value <= threshold;
    }

    /** +1 when success rises with the multiplier (a floor: a higher threshold keeps better setups), -1 when it falls. */
    public int slopeSign() {
        return direction == Direction.FLOOR ? 1 : -1;
    }

    /** The calibrated judge's rule name for a move of this gate ({@code calibrate_ts}). */
    public String rule() {
        return "calibrate_" + gate;
    }

    /** The tuned gate named {@code gate}, or null for a gate no judge moves. */
    public static TunedGate of(String gate) {
        for (TunedGate g : values()) if (g.gate.equals(gate)) return g;
        return null;
    }

    /** Whether any gate, tuned or not, lets {@code value} through at {@code threshold}: untuned gates are floors. */
    public static boolean passes(String gate, double value, double threshold) {
        TunedGate tuned = of(gate);
        return tuned == null ? value >= threshold : tuned.passes(value, threshold);
    }
}
