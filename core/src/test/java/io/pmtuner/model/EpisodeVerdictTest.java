package io.pmtuner.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An episode's decision and outcome: typed in the code, their table names in its state and rows. */
class EpisodeVerdictTest {
    @Test
    void decisionsAndOutcomesReadBackFromTheirTableNames() {
        for (EpisodeDecision d : EpisodeDecision.values()) assertThat(EpisodeDecision.of(d.wire())).isSameAs(d);
        for (Outcome o : Outcome.values()) assertThat(Outcome.of(o.wire())).isSameAs(o);
        assertThat(EpisodeDecision.ACTED.wire()).isEqualTo("acted");
        assertThat(Outcome.NEUTRAL.wire()).isEqualTo("neutral");
        assertThat(Outcome.of(null)).isNull();
        assertThat(Outcome.NEUTRAL.decisive()).isFalse();
        assertThat(Outcome.FAILURE.decisive()).isTrue();
        assertThatThrownBy(() -> Outcome.of("won")).hasMessage("not an outcome: won");
        assertThatThrownBy(() -> EpisodeDecision.of("maybe")).hasMessage("not a decision: maybe");
    }

    @Test
    void anEpisodeKeepsItsFirstOutcomeAndStoresTheTableNames() {
        Episode e = new Episode();
        e.decide(EpisodeDecision.SKIPPED);
        assertThat(e.outcome()).isNull();
        e.resolve(Outcome.SUCCESS, "reached_s3", 10);
        e.resolve(Outcome.FAILURE, "returned_s0", 20);
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.outcomeTs).isEqualTo(10);
        // what the outcome function's state and pattern_episode_events hold, as every earlier build wrote them
        assertThat(e.decision).isEqualTo("skipped");
        assertThat(e.outcome).isEqualTo("success");
    }
}
