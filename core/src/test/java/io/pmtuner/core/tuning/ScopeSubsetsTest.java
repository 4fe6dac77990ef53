package io.pmtuner.core.tuning;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeSubsetsTest {
    private static final List<String> DIMS = List.of("chain", "mcap_bucket", "vol_bucket", "timeframe");

    @Test
    void allSubsetsUpToThreeOfTheFourDefaultDimensions() {
        Map<String, String> scope = Map.of("chain", "solana", "mcap_bucket", "micro", "vol_bucket", "low",
                "timeframe", "1h", "book", "main", "age_bucket", "new");
        List<String> subsets = ScopeSubsets.of(scope, DIMS, 3);
        // 1 + 4 + 6 + 4: book and age_bucket are not configured dimensions
        assertThat(subsets).hasSize(15).doesNotHaveDuplicates()
                .contains("{}", "{\"chain\":\"solana\"}", "{\"chain\":\"solana\",\"mcap_bucket\":\"micro\",\"timeframe\":\"1h\"}")
                .noneMatch(s -> s.contains("book") || s.contains("age_bucket"));
        assertThat(subsets.get(0)).isEqualTo("{}");
    }

    @Test
    void onlyTheDimensionsTheScopeHas() {
        assertThat(ScopeSubsets.of(Map.of("chain", "solana", "mcap_bucket", "micro"), DIMS, 3)).containsExactly(
                "{}", "{\"chain\":\"solana\"}", "{\"mcap_bucket\":\"micro\"}", "{\"chain\":\"solana\",\"mcap_bucket\":\"micro\"}");
    }

    @Test
    void maxDimsLimitsTheSize() {
        Map<String, String> scope = Map.of("chain", "solana", "mcap_bucket", "micro", "vol_bucket", "low");
        assertThat(ScopeSubsets.of(scope, DIMS, 0)).containsExactly("{}");
        assertThat(ScopeSubsets.of(scope, DIMS, 1)).hasSize(4);
        assertThat(ScopeSubsets.of(scope, DIMS, 5)).hasSize(8);
    }

    @Test
    void keysAreSortedWhateverTheDimensionOrder() {
        Map<String, String> scope = Map.of("chain", "solana", "mcap_bucket", "micro");
        assertThat(ScopeSubsets.of(scope, List.of("mcap_bucket", "chain"), 3))
                .contains("{\"chain\":\"solana\",\"mcap_bucket\":\"micro\"}");
    }
}
