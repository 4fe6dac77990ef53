package io.pmtuner.job.runtime;

import io.pmtuner.patterns.EpisodeKinds;
import io.pmtuner.client.PatternKeys;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pattern's keys live in three places that must agree: the job's {@link EpisodeKind}s, the database's
 * {@code pm_patterns} (what SQL and the engine's lookup know), and the client's own copy, which depends
 * on nothing of ours.
 */
class PatternKeysITCase extends PostgresTestBase {
    @Test
    void theJobTheDatabaseAndTheClientKnowTheSamePatterns() throws Exception {
        Map<String, String> job = EpisodeKinds.BUILT_IN.all().stream().collect(Collectors.toMap(k -> k.key, k -> k.tuningKey));
        JdbcSettings db = newDatabase();
        SchemaMigrator.migrate(db);
        Map<String, String> database = query(db, "SELECT pattern_key, tuning_key FROM pm_patterns").stream()
                .collect(Collectors.toMap(r -> r.get("pattern_key"), r -> r.get("tuning_key")));
        assertThat(job).hasSize(2).isEqualTo(database).isEqualTo(PatternKeys.TUNING_KEYS);
    }
}
