package io.pmtuner.core.tuning.calibrated;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogisticFitTest {
    @Test
    void recoversTheCurveTheCountsCameFrom() {
        int bins = 41;
        double[] x = new double[bins];
        int[] n = new int[bins];
        int[] s = new int[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = -0.2 + i * 0.01;
            n[i] = 10_000;
            s[i] = (int) Math.round(n[i] * LogisticFit.sigmoid(0.3 + 7 * x[i]));
        }
        LogisticFit.Result r = LogisticFit.fit(x, n, s, bins, 0, 0, 0.0005, 50);
        assertThat(r).isNotNull();
        assertThat(r.a()).isCloseTo(0.3, within(1e-3));
        assertThat(r.b()).isCloseTo(7, within(1e-2));
        assertThat(r.varA()).isPositive();
        assertThat(r.varB()).isPositive();
        // warm-started at the optimum it stops at once, on the same answer
        LogisticFit.Result warm = LogisticFit.fit(x, n, s, bins, r.a(), r.b(), 0.0005, 50);
        assertThat(warm.iterations()).isEqualTo(1);
        assertThat(warm.a()).isCloseTo(r.a(), within(1e-9));
    }

    @Test
    void theRidgeKeepsSeparatedDataFiniteAndTheCapHoldsWhenItIsNotEnough() {
        double[] x = {-0.1, 0.0, 0.1};
        int[] n = {10, 10, 10};
        int[] s = {0, 0, 10}; // perfectly separated: no maximum without the ridge
        LogisticFit.Result r = LogisticFit.fit(x, n, s, 3, 0, 0, 0.0005, 50);
        if (r != null) assertThat(Double.isFinite(r.b())).isTrue();
        assertThat(LogisticFit.fit(x, n, s, 3, 0, 0, 0.0005, 2)).as("two iterations do not converge").isNull();
    }
}
