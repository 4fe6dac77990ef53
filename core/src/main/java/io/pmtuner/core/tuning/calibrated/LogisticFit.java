package io.pmtuner.core.tuning.calibrated;

/**
 * Maximum-likelihood fit of {@code p(success | x) = sigmoid(a + b x)} to binned counts, with a ridge
 * {@code lambda (a^2 + b^2)}, by Newton's method with step halving (docs/judges.md, "How the calibrated judge decides", step 4). Two parameters
 * and at most a few hundred bins: written out rather than pulled from a library, so that every step
 * the documented rule fixes (warm start, iteration cap, halving) is visible.
 */
public final class LogisticFit {
    private static final double STEP_TOLERANCE = 1e-8;
    private static final int MAX_HALVINGS = 30;

    /** A converged fit, with the inverse of the penalised Hessian at the optimum (the covariance). */
    public record Result(double a, double b, double varA, double covAB, double varB, int iterations) {
        public double p(double x) {
            return sigmoid(a + b * x);
        }
    }

    private LogisticFit() {}

    /** The fit, or null when it does not converge within {@code maxIterations}. */
    public static Result fit(double[] x, int[] n, int[] s, int count, double a0, double b0, double ridge, int maxIterations) {
        double a = a0;
        double b = b0;
        for (int it = 1; it <= maxIterations; it++) {
            double ga = 2 * ridge * a;
            double gb = 2 * ridge * b;
            double haa = 2 * ridge;
            double hab = 0;
            double hbb = 2 * ridge;
            for (int i = 0; i < count; i++) {
                double p = sigmoid(a + b * x[i]);
                double r = n[i] * p - s[i];
                double w = n[i] * p * (1 - p);
                ga += r;
                gb += r * x[i];
                haa += w;
                hab += w * x[i];
                hbb += w * x[i] * x[i];
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) return null;
            double da = -(hbb * ga - hab * gb) / det;
            double db = -(haa * gb - hab * ga) / det;
            double f0 = objective(x, n, s, count, a, b, ridge);
            double t = 1;
            int halvings = 0;
            while (objective(x, n, s, count, a + t * da, b + t * db, ridge) > f0 && halvings++ < MAX_HALVINGS) t /= 2;
            a += t * da;
            b += t * db;
            if (!Double.isFinite(a) || !Double.isFinite(b)) return null;
            if (Math.max(Math.abs(t * da), Math.abs(t * db)) < STEP_TOLERANCE) return withCovariance(x, n, count, a, b, ridge, it);
        }
        return null;
    }

    private static Result withCovariance(double[] x, int[] n, int count, double a, double b, double ridge, int iterations) {
        double haa = 2 * ridge;
        double hab = 0;
        double hbb = 2 * ridge;
        for (int i = 0; i < count; i++) {
            double p = sigmoid(a + b * x[i]);
            double w = n[i] * p * (1 - p);
            haa += w;
            hab += w * x[i];
            hbb += w * x[i] * x[i];
        }
        double det = haa * hbb - hab * hab;
        if (!(det > 0)) return null;
        return new Result(a, b, hbb / det, -hab / det, haa / det, iterations);
    }

    /** Penalised negative log-likelihood. */
    static double objective(double[] x, int[] n, int[] s, int count, double a, double b, double ridge) {
        double f = ridge * (a * a + b * b);
        for (int i = 0; i < count; i++) {
            double eta = a + b * x[i];
            f += n[i] * softplus(eta) - s[i] * eta;
        }
        return f;
    }

    /** log(1 + e^x) without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
