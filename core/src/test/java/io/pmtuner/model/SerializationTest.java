package io.pmtuner.model;

import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.testing.PojoTypes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every model type that travels between operators or lives in state is a POJO without Kryo fields. */
class SerializationTest {
    @ParameterizedTest
    @ValueSource(classes = {EngineEvent.class, Transition.class, Episode.class, Reject.class, Tick.class, ParseResult.class})
    void isAPojoWithoutGenericFields(Class<?> type) {
        assertThat(PojoTypes.isPojo(type)).isTrue();
        assertThat(PojoTypes.genericFields(type)).as("fields that would fall back to Kryo").isEmpty();
    }
}
