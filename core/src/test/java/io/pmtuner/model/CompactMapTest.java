package io.pmtuner.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactMapTest {
    private static Map<String, String> scope() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("chain", "solana");
        m.put("timeframe", "1h");
        m.put("book", null);
        return m;
    }

    @Test
    void readsLikeTheMapItWasMadeFrom() {
        Map<String, String> from = scope();
        CompactMap<String> m = CompactMap.copyOf(from, v -> v);
        assertThat(m).isEqualTo(from).hasSameHashCodeAs(from);
        assertThat(from).isEqualTo(m);
        assertThat(m.keySet()).containsExactly("chain", "timeframe", "book");
        assertThat(m.get(new String("timeframe"))).isEqualTo("1h");
        assertThat(m.get("missing")).isNull();
        assertThat(m.containsKey("book")).isTrue();
        assertThat(m.containsKey("missing")).isFalse();
        assertThat(m.get(null)).isNull();
        assertThat(m).hasSize(3);
    }

    @Test
    void cannotBeChanged() {
        CompactMap<String> m = CompactMap.copyOf(scope(), v -> v);
        assertThatThrownBy(() -> m.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.keySet().remove("chain")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalNamesInTheSameOrderAreOneArray() {
        String[] first = Canonical.names(new String[] {"ts", "halo", "slope-" + CompactMapTest.class.getName()});
        assertThat(Canonical.names(new String[] {"ts", "halo", "slope-" + CompactMapTest.class.getName()})).isSameAs(first);
        assertThat(Canonical.names(new String[] {"halo", "ts", "slope-" + CompactMapTest.class.getName()})).isNotSameAs(first);
    }

    @Test
    void aCopiedTickSharesItsImmutableMapsButNotItsGates() {
        Tick t = new Tick();
        t.scores = CompactMap.copyOf(Map.of("ts", 0.7), v -> v);
        t.scope = CompactMap.copyOf(scope(), v -> v);
        t.gates = CompactMap.copyOf(Map.of("ts", new Gate(0.7, 0.6, true, 0.6)), Gate::copy);
        Tick copy = WireForm.copy(t);
        assertThat(copy.scores).isSameAs(t.scores);
        assertThat(copy.scope).isSameAs(t.scope);
        assertThat(copy.gates).isNotSameAs(t.gates).containsOnlyKeys("ts");
        assertThat(copy.gates.get("ts")).isNotSameAs(t.gates.get("ts")).usingRecursiveComparison().isEqualTo(t.gates.get("ts"));

        Tick parsed = new Tick(); // as the parser builds it
        parsed.gates = new LinkedHashMap<>(Map.of("ts", new Gate(0.7, 0.6, true, null)));
        assertThat(WireForm.copy(parsed).gates).isInstanceOf(CompactMap.class).usingRecursiveComparison().isEqualTo(parsed.gates);
    }
}
