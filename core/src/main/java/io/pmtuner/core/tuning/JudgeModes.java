package io.pmtuner.core.tuning;

import io.pmtuner.core.tuning.calibrated.CalibratedGatesJudge;

/**
 * The one place a judge mode becomes a judge: the job's operator and the in-process evaluation both ask
 * here, so a new mode is its {@link TuningJudge}, a {@link JudgeParameters.Mode} constant and one line below.
 */
public final class JudgeModes {
    private JudgeModes() {}

    /** The judge of {@code p.mode()}; {@code withDataGap}: whether data-gap episodes count as evidence (README "Choosing a judge"). */
    public static TuningJudge<?> judge(JudgeParameters p, boolean withDataGap) {
        return switch (p.mode()) {
            case spec -> new SpecJudge(p, withDataGap);
            case calibrated -> new CalibratedGatesJudge(p);
        };
    }
}
