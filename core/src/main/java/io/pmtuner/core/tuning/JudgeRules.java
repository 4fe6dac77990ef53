package io.pmtuner.core.tuning;

import io.pmtuner.model.TunedGate;

import java.util.ArrayList;
import java.util.List;

/**
 * The judge's rules (README "Choosing a judge") as a pure function of the evidence window and the current multipliers.
 * Multipliers are kept to six decimals, so that repeated steps stay exact and comparable.
 */
public final class JudgeRules {
    public static final String TIGHTEN = "tighten";
    public static final String LOOSEN_TS = "loosen_ts";
    public static final String LOOSEN_HALO = "loosen_halo";
    public static final String AGGRESSION = "aggression";

    private JudgeRules() {}

    /** The judgment on {@code s}, or null when there is not enough evidence or no rule fires. */
    public static Judgment judge(JudgeState s, JudgeParameters cfg) {
        Quadrants w = s.window;
        if (w.total() < cfg.minEpisodes()) return null;
        boolean enoughActed = w.acted() >= cfg.minActed() && w.acted() > 0;
        boolean enoughSkipped = w.skipped() >= cfg.minSkipped() && w.skipped() > 0;

        double ts = s.tsMinMult;
        double halo = s.haloMult;
        double aValue = s.aValueMult;
        List<String> rules = new ArrayList<>(2);

        if (enoughActed && w.fpr() > cfg.fprMax()) {
            ts *= cfg.tightenTsStep();
            halo *= cfg.tightenHaloStep();
            rules.add(TIGHTEN);
        } else if (enoughSkipped && w.mr() > cfg.mrMax()) {
            // tighten wins: loosening is only considered when tightening did not fire
            long byTs = w.missedBy(TunedGate.TS.gate);
            long byHalo = w.missedBy(TunedGate.HALO.gate);
            if (byTs > 0 && byTs >= byHalo) {
                ts *= cfg.loosenTsStep();
                rules.add(LOOSEN_TS);
            }
            if (byHalo > 0 && byHalo >= byTs) {
                halo *= cfg.loosenHaloStep();
                rules.add(LOOSEN_HALO);
            }
        }
        if (enoughActed && w.wr() > cfg.wrMin()) {
            aValue *= cfg.aggressionStep();
            rules.add(AGGRESSION);
        }
        if (rules.isEmpty()) return null;
        return new Judgment(
                clamp(ts, cfg.tsMinMultMin(), cfg.tsMinMultMax()),
                clamp(halo, cfg.haloMultMin(), cfg.haloMultMax()),
                clamp(aValue, cfg.aValueMultMin(), cfg.aValueMultMax()),
                List.copyOf(rules));
    }

    static double clamp(double v, double min, double max) {
        return round6(Math.max(min, Math.min(max, v)));
    }

    static double round6(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }
}
