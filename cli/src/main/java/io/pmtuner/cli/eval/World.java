package io.pmtuner.cli.eval;

import org.apache.commons.math3.special.Erf;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated engine whose best gate is known (docs/judges.md "Measuring judges"): latent quality, a noisy score, success rising
 * with quality, payoff +R / -L when acting. Read from a world file; every key optional but
 * {@code setups}, with the defaults of docs/judges.md. Knows its expected payoff per setup of a threshold, P(x), and
 * the threshold x* that maximises it, per scope and phase.
 */
public final class World {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Grid of the payoff integral over q and of the search for x*: 0.0005. */
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
    /** Each scope's c is drawn once per seed as c + N(0, cSd^2) ({@link #forSeed}); 0: not drawn. */
    public final double cSd;
    /** A wealth world's stake per acted setup as a fraction of wealth at a_value_mult 1.0; 0: not a wealth world. */
    public final double wealthFraction;
    /** [phase][scope]: the success curve and loss of that scope in that phase. */
    private final Curve[][] curves;
    private final double[][] bestX;

    /**
     * One scope: its name, share of setups and success curve, and the scope the engine reports for it
     * (a world's own dimensions, or {@code {"mcap_bucket": name}}).
     */
    public record Scope(String name, double share, double c, double k, java.util.Map<String, String> scope) {}

    /** The keys a world file may have, at its top level and in a scope, a shift and a wealth entry. */
    static final java.util.Set<String> KEYS = java.util.Set.of("name", "setups", "base", "noise", "k", "c", "plo", "phi", "R", "L", "p_act", "pact_q",
            "delay", "shift", "scopes", "c_sd", "wealth");
    static final java.util.Set<String> SCOPE_KEYS = java.util.Set.of("name", "share", "c", "k", "scope");
    static final java.util.Set<String> SHIFT_KEYS = java.util.Set.of("at", "c", "k", "L");
    static final java.util.Set<String> WEALTH_KEYS = java.util.Set.of("fraction");

    private final JsonNode source;
    private final double lossBefore;

    /** A success curve and the loss in one phase: what P(x) depends on besides the world's constants. */
    record Curve(double c, double k, double l) {}

    private World(JsonNode w) {
        this(w, null);
    }

    /** The world of {@code w}; with {@code drawnC}, each scope's c as drawn for a seed. */
    private World(JsonNode w, double[] drawnC) {
        this.source = w;
        if (!w.isObject()) throw new IllegalArgumentException("a world is a JSON object");
        refuseUnknown(w, KEYS, "");
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

        cSd = w.path("c_sd").asDouble(0);
        if (cSd < 0) throw new IllegalArgumentException("world " + name + ": c_sd must not be negative");
        JsonNode wealth = w.path("wealth");
        if (wealth.isObject()) refuseUnknown(wealth, WEALTH_KEYS, "wealth.");
        wealthFraction = wealth.isObject() ? wealth.path("fraction").asDouble(0.3) : 0;
        if (wealthFraction < 0 || wealthFraction >= 1) throw new IllegalArgumentException("world " + name + ": wealth.fraction must be in [0, 1)");
        lossBefore = l;

        List<Scope> sc = new ArrayList<>();
        JsonNode scopesNode = w.path("scopes");
        if (scopesNode.isArray() && !scopesNode.isEmpty()) {
            double total = 0;
            for (JsonNode s : scopesNode) total += s.path("share").asDouble(1);
            int i = 0;
            for (JsonNode s : scopesNode) {
                refuseUnknown(s, SCOPE_KEYS, "scopes[" + i + "].");
                String scopeName = s.path("name").asText("s" + i);
                java.util.Map<String, String> reported = new java.util.TreeMap<>();
                if (s.path("scope").isObject()) {
                    s.get("scope").fields().forEachRemaining(f -> reported.put(f.getKey(), f.getValue().asText()));
                } else {
                    reported.put(Setup.SCOPE_DIM, scopeName);
                }
                double scopeC = drawnC != null ? drawnC[i] : s.path("c").asDouble(c);
                sc.add(new Scope(scopeName, s.path("share").asDouble(1) / total, scopeC, s.path("k").asDouble(k), java.util.Map.copyOf(reported)));
                i++;
            }
        } else {
            sc.add(new Scope("s0", 1.0, drawnC != null ? drawnC[0] : c, k, java.util.Map.of(Setup.SCOPE_DIM, "s0")));
        }
        scopes = List.copyOf(sc);

        JsonNode shift = w.path("shift");
        if (shift.isObject()) refuseUnknown(shift, SHIFT_KEYS, "shift.");
        shiftAt = shift.isObject() ? shift.path("at").asInt(2000) : 0;
        int phases = shiftAt > 0 ? 2 : 1;
        curves = new Curve[phases][scopes.size()];
        for (int s = 0; s < scopes.size(); s++) {
            curves[0][s] = new Curve(scopes.get(s).c(), scopes.get(s).k(), l);
            // from shift.at on c, k and L take the shift's values, which default as the example shows
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

    private static void refuseUnknown(JsonNode o, java.util.Set<String> known, String prefix) {
        for (java.util.Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + prefix + key + "\" (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    /**
     * The world a seed plays: with {@code c_sd}, each scope's c drawn as c + N(0, c_sd^2) from the seed (its
     * own stream, so the setups are those of any other judge of the seed); without, this world.
     */
    public World forSeed(long seed) {
        if (cSd == 0) return this;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5EEDC5DL);
        double[] drawn = new double[scopes.size()];
        JsonNode scopesNode = source.path("scopes");
        double c = source.path("c").asDouble(0.5);
        for (int i = 0; i < drawn.length; i++) {
            double mean = scopesNode.isArray() && scopesNode.size() > i ? scopesNode.get(i).path("c").asDouble(c) : c;
            drawn[i] = mean + cSd * random.nextGaussian();
        }
        return new World(source, drawn);
    }

    /** Whether the world's scopes carry dimensions of their own (a lattice of scopes), rather than one value of one dimension. */
    public boolean lattice() {
        return scopes.stream().anyMatch(s -> !s.scope().containsKey(Setup.SCOPE_DIM) || s.scope().size() > 1);
    }

    public int phases() {
        return curves.length;
    }

    /** The phase of setup {@code t} (1-based). */
    public int phaseOf(int t) {
        return shiftAt > 0 && t >= shiftAt ? 1 : 0;
    }

    /** The scope as the engine reports it: the world's dimensions, or {@code {"mcap_bucket": name}}. */
    public java.util.Map<String, String> scopeMap(int scope) {
        return scopes.get(scope).scope();
    }

    /** The loss the judge is told (the world's before any shift). */
    public double initialLoss() {
        return lossBefore;
    }

    /** The loss in a phase (a shift may change it). */
    public double loss(int scope, int phase) {
        return curves[phase][scope].l();
    }

    /**
     * A wealth world's expected log growth per setup at threshold x and size multiplier a (docs/judges.md "World files"): every
     * acted setup stakes fraction x a of the wealth, winning R x stake or losing L x stake (a loss of it all
     * counts as a growth of log 1e-9).
     */
    public double logGrowth(double x, double a, int scope, int phase) {
        double[] sf = openedSuccessFailure(x, scope, phase);
        double stake = wealthFraction * a;
        return sf[0] * Math.log1p(r * stake) + sf[1] * Math.log(Math.max(1e-9, 1 - curves[phase][scope].l() * stake));
    }

    /** The expected share of setups acted on that succeed and that fail, at threshold x. */
    private double[] openedSuccessFailure(double x, int scope, int phase) {
        Curve cv = curves[phase][scope];
        int n = (int) Math.round(1 / GRID);
        double s = 0;
        double f = 0;
        for (int j = 0; j <= n; j++) {
            double q = j * GRID;
            double simpson = (j == 0 || j == n) ? 1 : (j % 2 == 1 ? 4 : 2);
            double open = 0.5 * Erf.erfc((x - q) / (noise * Math.sqrt(2)));
            double p = success(q, cv);
            double w = simpson * GRID / 3 * act(q) * open;
            s += w * p;
            f += w * (1 - p);
        }
        return new double[] {s, f};
    }

    /** The best fixed size multiplier in [0.5, 1.5] (grid 0.01) at the best threshold of a scope and phase (docs/judges.md "World files"). */
    public double bestSize(int scope, int phase) {
        double x = bestThreshold(scope, phase);
        double[] sf = openedSuccessFailure(x, scope, phase);
        double best = 0.5;
        double bestG = Double.NEGATIVE_INFINITY;
        for (int i = 50; i <= 150; i++) {
            double a = i / 100.0;
            double stake = wealthFraction * a;
            double g = sf[0] * Math.log1p(r * stake) + sf[1] * Math.log(Math.max(1e-9, 1 - curves[phase][scope].l() * stake));
            if (g > bestG) {
                bestG = g;
                best = a;
            }
        }
        return best;
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

    /** The expected payoff per setup of threshold x in a scope and phase. */
    public double payoff(double x, int scope, int phase) {
        return payoff(x, curves[phase][scope]);
    }

    /** P(x) by composite Simpson over q in [0, 1] on the world's grid. */
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

    /** The regret per setup of never tuning (x = base throughout), in expectation over scopes and phases. */
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
