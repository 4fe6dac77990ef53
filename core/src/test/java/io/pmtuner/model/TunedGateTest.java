package io.pmtuner.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which way each gate lets a setup through, asked of the one type that knows. */
class TunedGateTest {
    @Test
    void tsIsAFloorAndHaloACeiling() {
        assertThat(TunedGate.TS.passes(0.6, 0.6)).isTrue();
        assertThat(TunedGate.TS.passes(0.59, 0.6)).isFalse();
        assertThat(TunedGate.HALO.passes(1.0, 1.0)).isTrue();
        assertThat(TunedGate.HALO.passes(1.01, 1.0)).isFalse();
        assertThat(TunedGate.TS.slopeSign()).isEqualTo(1);
        assertThat(TunedGate.HALO.slopeSign()).isEqualTo(-1);
    }

    @Test
    void namesColumnsAndRulesAreTheTables() {
        assertThat(TunedGate.of("ts")).isSameAs(TunedGate.TS);
        assertThat(TunedGate.of("halo")).isSameAs(TunedGate.HALO);
        assertThat(TunedGate.of("slope")).isNull();
        assertThat(TunedGate.TS.column).isEqualTo("ts_min_mult");
        assertThat(TunedGate.HALO.column).isEqualTo("halo_mult");
        assertThat(TunedGate.HALO.rule()).isEqualTo("calibrate_halo");
    }

    @Test
    void aGateNoJudgeMovesIsAFloor() {
        assertThat(TunedGate.passes("slope", 0.2, 0.1)).isTrue();
        assertThat(TunedGate.passes("slope", 0.05, 0.1)).isFalse();
        assertThat(TunedGate.passes("halo", 0.05, 0.1)).isTrue();
    }
}
