package io.pmtuner.core.tuning;

import io.pmtuner.job.config.JudgeSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.pmtuner.core.tuning.JudgeRules.AGGRESSION;
import static io.pmtuner.core.tuning.JudgeRules.LOOSEN_HALO;
import static io.pmtuner.core.tuning.JudgeRules.LOOSEN_TS;
import static io.pmtuner.core.tuning.JudgeRules.TIGHTEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The spec judge's rules, one case per rule and edge, on evidence windows built vote by vote. */
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

    /** The rules on whole windows: quadrant counts (acted success, failure, skipped success, failure), the gate that blocked the misses, the judgment (null: none). */
    static Stream<Arguments> windows() {
        return Stream.of(
                rule("the worked example loosens ts only", 6, 4, 16, 4, "ts", new Judgment(0.9, 1.0, 1.0, List.of(LOOSEN_TS))),
                rule("FPR 1.0 with only 9 acted: no rule on FPR", 0, 9, 10, 11, "ts", null),
                rule("WR 1.0 with only 9 acted: no rule on WR", 9, 0, 10, 11, "ts", null),
                rule("too few skipped: no loosening", 12, 9, 9, 0, "ts", null),
                rule("tighten raises ts_min and narrows the halo", 4, 6, 5, 15, "ts", new Judgment(1.1, 0.8, 1.0, List.of(TIGHTEN))),
                rule("FPR at the threshold does not tighten", 5, 5, 5, 15, "ts", null),
                rule("misses blocked by the halo loosen it", 6, 4, 16, 4, "halo", new Judgment(1.0, 1.2, 1.0, List.of(LOOSEN_HALO))),
                rule("misses blocked only by the PM loosen nothing", 6, 4, 16, 4, "pm", null),
                rule("aggression raises size when WR is high", 8, 2, 5, 15, "ts", new Judgment(1.0, 1.0, 1.1, List.of(AGGRESSION))),
                rule("tighten wins over loosen (FPR 0.6, MR 0.8)", 4, 6, 16, 4, "ts", new Judgment(1.1, 0.8, 1.0, List.of(TIGHTEN))),
                rule("loosen and aggression together", 8, 2, 16, 4, "ts", new Judgment(0.9, 1.0, 1.1, List.of(LOOSEN_TS, AGGRESSION))));
    }

    private static Arguments rule(String name, int actedSuccess, int actedFailure, int skippedSuccess, int skippedFailure, String missedBy, Judgment expected) {
        return Arguments.of(name, new int[] {actedSuccess, actedFailure, skippedSuccess, skippedFailure}, missedBy, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void judgesAWindow(String name, int[] counts, String missedBy, Judgment expected) {
        assertThat(JudgeRules.judge(window(counts[0], counts[1], counts[2], counts[3], missedBy), cfg)).isEqualTo(expected);
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
        assertThat(s.hasMultipliersOf(JudgeRules.judge(s, cfg))).isTrue();
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
