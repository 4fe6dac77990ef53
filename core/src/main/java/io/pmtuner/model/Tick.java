package io.pmtuner.model;

import java.util.Map;

/**
 * What one bar of one series looked like: the part of a {@code tick} event an episode needs. The
 * maps are null on the light "clock" copies that only carry time and state to the outcome function;
 * once a tick has crossed the network they are read-only {@link CompactMap}s.
 */
public class Tick {
    public long seq;
    public long barTs;
    public State state;
    public boolean buyFlag;
    public boolean trimFlag;
    public double price;
    public double atr;
    public Double aValue;
    public Map<String, Double> scores;
    public Map<String, Gate> gates;
    public Map<String, String> scope;
    public String engineVersion;

    public Tick() {}

    /** Gates with {@code pass = false}, as a count: used to pick the S1 decision point without a buy flag. */
    public int failingGates() {
        if (gates == null) return 0;
        int n = 0;
        for (Gate g : gates.values()) {
            if (!g.pass) n++;
        }
        return n;
    }

    /** A copy without the maps: time, state, flags and price are all the outcome rules read. */
    public Tick light() {
        Tick t = new Tick();
        t.seq = seq;
        t.barTs = barTs;
        t.state = state;
        t.buyFlag = buyFlag;
        t.trimFlag = trimFlag;
        t.price = price;
        t.atr = atr;
        t.aValue = aValue;
        return t;
    }
}
