package io.pmtuner.job.sinks;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.testing.PostgresTestBase;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coalescing writer on a real PostgreSQL: its batches are written off the task thread, yet every
 * row is in the table when the job ends (the end of input waits for the batch in flight), the newest
 * row of each key wins (also when object reuse is on and its upstream reuses its object), and a batch
 * that cannot be written fails the job instead of vanishing.
 */
class RestartSafeJdbcSinkITCase extends PostgresTestBase {
    private static final int KEYS = 300;
    private static final int ROWS = 20_000;

    private static List<Tuple2<String, Integer>> rows() {
        List<Tuple2<String, Integer>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) rows.add(Tuple2.of("k" + (i % KEYS), i));
        return rows;
    }

    private static RestartSafeJdbcSink<Tuple2<String, Integer>> sink(JdbcSettings db, String table) {
        JdbcSink<Tuple2<String, Integer>> jdbc = JdbcSink.<Tuple2<String, Integer>>builder()
                .withQueryStatement("INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", (st, r) -> {
                    st.setString(1, r.f0);
                    st.setInt(2, r.f1);
                })
                .withExecutionOptions(JdbcExecutionOptions.builder().withBatchSize(50).withBatchIntervalMs(20).withMaxRetries(0).build())
                .buildAtLeastOnce(db.connectionOptions());
        // at most 50 keys a batch, or 5 ms: many batches, each handed to the writer's thread
        return new RestartSafeJdbcSink<>(jdbc, r -> r.f0, 5, 50);
    }

    private static void createTable(JdbcSettings db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INT NOT NULL)");
        }
    }

    private static void run(JdbcSettings db, String table) throws Exception {
        run(db, table, false);
    }

    /**
     * With {@code reusing}, object reuse is on and the operator chained to the sink emits one object
     * over and over, as Flink allows it to: a writer that kept the object instead of a copy would
     * write that one object's last value under every key.
     */
    private static void run(JdbcSettings db, String table, boolean reusing) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.OBJECT_REUSE, reusing);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<Tuple2<String, Integer>> rows = env.fromData(rows());
        if (reusing) rows = rows.flatMap(new OneReusedObject()).returns(Types.TUPLE(Types.STRING, Types.INT));
        rows.sinkTo(sink(db, table)).name("t");
        env.execute("restart-safe-jdbc-sink");
    }

    private static final class OneReusedObject implements FlatMapFunction<Tuple2<String, Integer>, Tuple2<String, Integer>> {
        private final Tuple2<String, Integer> out = new Tuple2<>();

        @Override
        public void flatMap(Tuple2<String, Integer> in, Collector<Tuple2<String, Integer>> collector) {
            out.f0 = in.f0;
            out.f1 = in.f1;
            collector.collect(out);
        }
    }

    @Test
    void everyKeyEndsWithItsNewestRow() throws Exception {
        assertEveryKeyEndsWithItsNewestRow(false);
    }

    @Test
    void everyKeyEndsWithItsNewestRowWhenTheUpstreamReusesItsObject() throws Exception {
        assertEveryKeyEndsWithItsNewestRow(true);
    }

    private void assertEveryKeyEndsWithItsNewestRow(boolean reusing) throws Exception {
        JdbcSettings db = newDatabase();
        createTable(db);
        run(db, "t", reusing);

        Map<String, Integer> table = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k, v FROM t")) {
            while (r.next()) table.put(r.getString(1), r.getInt(2));
        }
        Map<String, Integer> newest = new HashMap<>();
        for (Tuple2<String, Integer> row : rows()) newest.put(row.f0, row.f1);
        assertThat(table).hasSize(KEYS).isEqualTo(newest);
    }

    @Test
    void aBatchThatCannotBeWrittenFailsTheJob() throws Exception {
        JdbcSettings db = newDatabase();
        createTable(db);
        assertThatThrownBy(() -> run(db, "no_such_table"))
                .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains("no_such_table")));
    }

    private static List<String> causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) messages.add(String.valueOf(t.getMessage()));
        return messages;
    }
}
