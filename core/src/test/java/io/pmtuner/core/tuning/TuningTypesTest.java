package io.pmtuner.core.tuning;

import io.pmtuner.testing.PojoTypes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The miner's and judge's records and state are POJOs without Kryo fields (savepoint evolution). */
class TuningTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {Vote.class, Lesson.class, Quadrants.class, JudgeState.class, OverrideChange.class})
    void isAPojoWithoutGenericFields(Class<?> type) {
        assertThat(PojoTypes.isPojo(type)).isTrue();
        assertThat(PojoTypes.genericFields(type)).as("fields that would fall back to Kryo").isEmpty();
    }
}
