package io.pmtuner.job.tuning;

import io.pmtuner.job.config.JudgeSettings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pmtuner.job.tuning.JudgeRules.AGGRESSION;
import static io.pmtuner.job.tuning.JudgeRules.LOOSEN_HALO;
import static io.pmtuner.job.tuning.JudgeRules.LOOSEN_TS;
import static io.pmtuner.job.tuning.JudgeRules.TIGHTEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of SPEC 6, one test per rule and edge, on evidence windows built vote by vote. */
class JudgeRulesTest {
    private final JudgeParameters cfg = JudgeSettings.defaults();
    private final Votes votes = new Votes();

    /** A window of the given quadrant counts; missed episodes are blocked by {@code missedBy}. */
    private JudgeState window(int actedSuccess, int actedFailure, int skippedSuccess, int skippedFailure, String... missedBy) {
        JudgeState s = new JudgeState();
        for (int i = 0; i < actedSuccess; i++) s.window.add(votes.actedSuccess());
        for (int i = 0; i < actedFailure; i++) s.window.add(votes.actedFailure());
        for (int i = 0; i < skippedSuccess; i++) s.window.add(votes.skippedSuccess(missedBy));
        for (int i = 0; i < skippedFailure; i++) s.window.add(votes.skippedFailure("ts"));
        return s;
    }

    @Test
    void theWorkedExampleLoosensTsOnly() {
        Judgment j = JudgeRules.judge(window(6, 4, 16, 4, "ts"), cfg);
        assertThat(j).isEqualTo(new Judgment(0.9, 1.0, 1.0, List.of(LOOSEN_TS)));
    }

    @Test
    void belowMinimumEvidenceNothingHappens() {
        // 29 success/failure episodes, all of them screaming "loosen"
        assertThat(JudgeRules.judge(window(5, 4, 16, 4, "ts"), cfg)).isNull();
        // neutral episodes never count towards the minimum
        JudgeState s = window(5, 4, 16, 4, "ts");
        for (int i = 0; i < 5; i++) {
            Vote v = votes.neutral();
            if (s.isEvidence(v, false)) s.window.add(v);
        }
        assertThat(JudgeRules.judge(s, cfg)).isNull();
    }

    @Test
    void tooFewActedMeansNoRuleOnFprOrWr() {
        // FPR 1.0 but only 9 acted
        assertThat(JudgeRules.judge(window(0, 9, 10, 11, "ts"), cfg)).isNull();
        // WR 1.0 but only 9 acted
        assertThat(JudgeRules.judge(window(9, 0, 10, 11, "ts"), cfg)).isNull();
    }

    @Test
    void tooFewSkippedMeansNoLoosening() {
        assertThat(JudgeRules.judge(window(12, 9, 9, 0, "ts"), cfg)).isNull();
    }

    @Test
    void tightenRaisesTsMinAndNarrowsHalo() {
        Judgment j = JudgeRules.judge(window(4, 6, 5, 15, "ts"), cfg);
        assertThat(j).isEqualTo(new Judgment(1.1, 0.8, 1.0, List.of(TIGHTEN)));
    }

    @Test
    void fprAtTheThresholdDoesNotTighten() {
        assertThat(JudgeRules.judge(window(5, 5, 5, 15, "ts"), cfg)).isNull();
    }

    @Test
    void loosenOnHalo() {
        Judgment j = JudgeRules.judge(window(6, 4, 16, 4, "halo"), cfg);
        assertThat(j).isEqualTo(new Judgment(1.0, 1.2, 1.0, List.of(LOOSEN_HALO)));
    }

    @Test
    void loosenOnWhicheverGateBlockedMost() {
        JudgeState s = window(6, 4, 0, 4);
        for (int i = 0; i < 9; i++) s.window.add(votes.skippedSuccess("halo"));
        for (int i = 0; i < 7; i++) s.window.add(votes.skippedSuccess("ts", "slope"));
        assertThat(JudgeRules.judge(s, cfg).rules()).containsExactly(LOOSEN_HALO);
    }

    @Test
    void aTieLoosensBoth() {
        JudgeState s = window(6, 4, 0, 4);
        for (int i = 0; i < 8; i++) s.window.add(votes.skippedSuccess("ts"));
        for (int i = 0; i < 8; i++) s.window.add(votes.skippedSuccess("halo"));
        assertThat(JudgeRules.judge(s, cfg)).isEqualTo(new Judgment(0.9, 1.2, 1.0, List.of(LOOSEN_TS, LOOSEN_HALO)));
    }

    @Test
    void missesBlockedOnlyByPmLoosenNothing() {
        assertThat(JudgeRules.judge(window(6, 4, 16, 4, "pm"), cfg)).isNull();
    }

    @Test
    void aggressionRaisesSizeWhenTheWinRateIsHigh() {
        Judgment j = JudgeRules.judge(window(8, 2, 5, 15, "ts"), cfg);
        assertThat(j).isEqualTo(new Judgment(1.0, 1.0, 1.1, List.of(AGGRESSION)));
    }

    @Test
    void tightenWinsOverLoosen() {
        // FPR 0.6 > 0.5 and MR 0.8 > 0.6
        Judgment j = JudgeRules.judge(window(4, 6, 16, 4, "ts"), cfg);
        assertThat(j).isEqualTo(new Judgment(1.1, 0.8, 1.0, List.of(TIGHTEN)));
    }

    @Test
    void loosenAndAggressionTogether() {
        Judgment j = JudgeRules.judge(window(8, 2, 16, 4, "ts"), cfg);
        assertThat(j).isEqualTo(new Judgment(0.9, 1.0, 1.1, List.of(LOOSEN_TS, AGGRESSION)));
    }

    @Test
    void clampsAtTheTop() {
        JudgeState s = window(4, 6, 5, 15, "ts");
        s.tsMinMult = 1.45;
        s.haloMult = 0.55;
        Judgment j = JudgeRules.judge(s, cfg);
        assertThat(j.tsMinMult()).isEqualTo(1.5);
        assertThat(j.haloMult()).isEqualTo(0.5);
        // and from there the same judgment is no change
        s.tsMinMult = j.tsMinMult();
        s.haloMult = j.haloMult();
        assertThat(JudgeRules.judge(s, cfg).sameMultipliers(s)).isTrue();
    }

    @Test
    void clampsAtTheBottomAndForSize() {
        JudgeState s = window(8, 2, 16, 4, "ts");
        s.tsMinMult = 0.52;
        s.aValueMult = 1.45;
        Judgment j = JudgeRules.judge(s, cfg);
        assertThat(j.tsMinMult()).isEqualTo(0.5);
        assertThat(j.aValueMult()).isEqualTo(1.5);

        JudgeState halo = window(6, 4, 16, 4, "halo");
        halo.haloMult = 1.9;
        assertThat(JudgeRules.judge(halo, cfg).haloMult()).isEqualTo(2.0);
    }

    @Test
    void repeatedStepsStayExact() {
        JudgeState s = window(4, 6, 5, 15, "ts");
        s.tsMinMult = 1.1;
        assertThat(JudgeRules.judge(s, cfg).tsMinMult()).isEqualTo(1.21);
    }

    @Test
    void thresholdsAndStepsComeFromTheSettings() {
        JudgeSettings strict = JudgeSettings.withDefaults();
        strict.minEpisodes = 40;
        assertThat(JudgeRules.judge(window(6, 4, 16, 4, "ts"), strict.parameters())).isNull();
        JudgeSettings bold = JudgeSettings.withDefaults();
        bold.loosenTsStep = 0.8;
        bold.mrMax = 0.85;
        assertThat(JudgeRules.judge(window(6, 4, 16, 4, "ts"), bold.parameters())).isNull();
        bold.mrMax = 0.6;
        assertThat(JudgeRules.judge(window(6, 4, 16, 4, "ts"), bold.parameters()).tsMinMult()).isEqualTo(0.8);
    }
}
