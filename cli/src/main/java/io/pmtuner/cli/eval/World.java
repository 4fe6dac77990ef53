package io.pmtuner.cli.eval;

import org.apache.commons.math3.special.Erf;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated engine whose best gate is known (SPEC 11): latent quality, a noisy score, success rising
 * with quality, payoff +R / -L when acting. Read from a world file; every key optional but
 * {@code setups}, with SPEC 11's defaults. Knows its expected payoff per setup of a threshold, P(x), and
 * the threshold x* that maximises it, per scope and phase.
 */
public final class World {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Grid of the payoff integral over q and of the search for x*: SPEC 11's 0.0005. */
    static final double GRID = 0.0005;
    static final double X_MIN = 0.2;
    static final double X_MAX = 1.0;

    public final String name;
    public final int setups;
    public final double base;
    public final double noise;
    public final double pLo;
    public final double pHi;
    public final double r;
    public final double pAct;
    public final double pActQ;
    public final int delay;
    /** The setup (1-based) from which the shift's values hold, or 0 for no shift. */
    public final int shiftAt;
    public final List<Scope> scopes;
    /** [phase][scope]: the success curve and loss of that scope in that phase. */
    private final Curve[][] curves;
    private final double[][] bestX;

    /** One scope: its name (the scope value the engine reports), share of setups and success curve. */
    public record Scope(String name, double share, double c, double k) {}

    /** A success curve and the loss in one phase: what P(x) depends on besides the world's constants. */
    record Curve(double c, double k, double l) {}

    private World(JsonNode w) {
        if (!w.hasNonNull("setups")) throw new IllegalArgumentException("a world needs \"setups\"");
        name = w.path("name").asText("world");
        setups = w.get("setups").asInt();
        base = w.path("base").asDouble(0.6);
        noise = w.path("noise").asDouble(0.1);
        double k = w.path("k").asDouble(8);
        double c = w.path("c").asDouble(0.5);
        pLo = w.path("plo").asDouble(0);
        pHi = w.path("phi").asDouble(1);
        r = w.path("R").asDouble(1);
        double l = w.path("L").asDouble(1);
        pAct = w.path("p_act").asDouble(0.9);
        pActQ = w.path("pact_q").asDouble(0);
        delay = w.path("delay").asInt(0);
        if (setups < 1 || noise <= 0 || base <= 0 || delay < 0) {
            throw new IllegalArgumentException("world " + name + ": setups must be at least 1, noise and base positive, delay not negative");
        }

        List<Scope> sc = new ArrayList<>();
        JsonNode scopesNode = w.path("scopes");
        if (scopesNode.isArray() && !scopesNode.isEmpty()) {
            double total = 0;
            for (JsonNode s : scopesNode) total += s.path("share").asDouble(1);
            int i = 0;
            for (JsonNode s : scopesNode) {
                sc.add(new Scope(s.path("name").asText("s" + i), s.path("share").asDouble(1) / total,
                        s.path("c").asDouble(c), s.path("k").asDouble(k)));
                i++;
            }
        } else {
            sc.add(new Scope("s0", 1.0, c, k));
        }
        scopes = List.copyOf(sc);

        JsonNode shift = w.path("shift");
        shiftAt = shift.isObject() ? shift.path("at").asInt(2000) : 0;
        int phases = shiftAt > 0 ? 2 : 1;
        curves = new Curve[phases][scopes.size()];
        for (int s = 0; s < scopes.size(); s++) {
            curves[0][s] = new Curve(scopes.get(s).c(), scopes.get(s).k(), l);
            // SPEC 11: from shift.at on c, k and L take the shift's values, which default as the example shows
            if (phases == 2) curves[1][s] = new Curve(shift.path("c").asDouble(0.65), shift.path("k").asDouble(8), shift.path("L").asDouble(1));
        }
        bestX = new double[phases][scopes.size()];
        for (int ph = 0; ph < phases; ph++) {
            for (int s = 0; s < scopes.size(); s++) bestX[ph][s] = argmaxPayoff(curves[ph][s]);
        }
    }

    public static World parse(String json) throws IOException {
        return new World(MAPPER.readTree(json));
    }

    public int phases() {
        return curves.length;
    }

    /** The phase of setup {@code t} (1-based). */
    public int phaseOf(int t) {
        return shiftAt > 0 && t >= shiftAt ? 1 : 0;
    }

    /** The scope as the engine reports it: {@code {"mcap_bucket": name}}. */
    public java.util.Map<String, String> scopeMap(int scope) {
        return java.util.Map.of(Setup.SCOPE_DIM, scopes.get(scope).name());
    }

    /** The loss the judge is told (the world's before any shift). */
    public double initialLoss() {
        return curves[0][0].l();
    }

    /** Success probability of a setup of quality {@code q} in {@code scope} during {@code phase}. */
    public double success(double q, int scope, int phase) {
        return success(q, curves[phase][scope]);
    }

    private double success(double q, Curve cv) {
        return pLo + (pHi - pLo) / (1 + Math.exp(-cv.k() * (q - cv.c())));
    }

    /** Probability that the PM acts on an open gate for a setup of quality {@code q}. */
    public double act(double q) {
        return Math.max(0, Math.min(1, pAct + pActQ * (q - 0.5)));
    }

    /** The best threshold x* of a scope in a phase. */
    public double bestThreshold(int scope, int phase) {
        return bestX[phase][scope];
    }

    /** SPEC 11's expected payoff per setup of threshold x in a scope and phase. */
    public double payoff(double x, int scope, int phase) {
        return payoff(x, curves[phase][scope]);
    }

    /** P(x) by composite Simpson over q in [0, 1] on SPEC 11's grid. */
    private double payoff(double x, Curve cv) {
        double[] w = weights(cv);
        double sum = 0;
        for (int j = 0; j < w.length; j++) sum += w[j] * 0.5 * Erf.erfc((x - j * GRID) / (noise * Math.sqrt(2)));
        return sum;
    }

    /** Simpson weight x act(q) x (p(q) R - (1 - p(q)) L) at each q of the grid: P(x) is their sum against the gate's opening. */
    private double[] weights(Curve cv) {
        int n = (int) Math.round(1 / GRID);
        double[] w = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            double q = j * GRID;
            double simpson = (j == 0 || j == n) ? 1 : (j % 2 == 1 ? 4 : 2);
            double p = success(q, cv);
            w[j] = simpson * GRID / 3 * act(q) * (p * r - (1 - p) * cv.l());
        }
        return w;
    }

    /** x* over [0.2, 1.0] on the grid; x and q share the grid, so the gate's opening is tabulated by x - q. */
    private double argmaxPayoff(Curve cv) {
        double[] w = weights(cv);
        int first = (int) Math.round(X_MIN / GRID);
        int last = (int) Math.round(X_MAX / GRID);
        int n = w.length - 1;
        double[] open = new double[last + n + 1]; // index d + n for d = i - j in [-n, last]
        for (int d = -n; d <= last; d++) open[d + n] = 0.5 * Erf.erfc(d * GRID / (noise * Math.sqrt(2)));
        double best = X_MIN;
        double bestP = Double.NEGATIVE_INFINITY;
        for (int i = first; i <= last; i++) {
            double p = 0;
            for (int j = 0; j <= n; j++) p += w[j] * open[i - j + n];
            if (p > bestP) {
                bestP = p;
                best = i * GRID;
            }
        }
        return best;
    }

    /** SPEC 11's regret per setup of never tuning (x = base throughout), in expectation over scopes and phases. */
    public double expectedUntunedRegret() {
        double total = 0;
        for (int ph = 0; ph < phases(); ph++) {
            int inPhase = phases() == 1 ? setups : (ph == 0 ? Math.min(setups, shiftAt - 1) : Math.max(0, setups - shiftAt + 1));
            for (int s = 0; s < scopes.size(); s++) {
                total += inPhase * scopes.get(s).share() * (payoff(bestX[ph][s], curves[ph][s]) - payoff(base, curves[ph][s]));
            }
        }
        return total / setups;
    }
}
