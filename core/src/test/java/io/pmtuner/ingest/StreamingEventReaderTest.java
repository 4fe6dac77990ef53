package io.pmtuner.ingest;

import io.pmtuner.model.Action;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming fast path against the tree parser it shortcuts: on random valid lines (any key order,
 * optional fields present or not, numbers in every JSON form) it must give the very same event, and on
 * lines with a fault or an oddity it must step aside, so that the reject is the tree parser's.
 */
class StreamingEventReaderTest {
    private static final String[] STATES = {"S0", "S1", "S2", "S3", "S4"};
    private final EventParser parser = new EventParser();
    private final Random random = new Random(11);

    private String number() {
        return switch (random.nextInt(5)) {
            case 0 -> String.valueOf(random.nextInt(2000) - 1000);
            case 1 -> String.valueOf(random.nextDouble());
            case 2 -> String.format("%.3e", random.nextGaussian() * 1e5);
            case 3 -> String.valueOf(Long.MAX_VALUE - random.nextInt(10));
            default -> "-0.0" + random.nextInt(100);
        };
    }

    private String object(List<String> fields) {
        Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private String optional(List<String> fields, String name, String value) {
        switch (random.nextInt(3)) {
            case 0 -> fields.add("\"" + name + "\":" + value);
            case 1 -> fields.add("\"" + name + "\":null");
            default -> { }
        }
        return name;
    }

    private String instant() {
        Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
        String s = t.toString();
        return random.nextBoolean() ? s : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private String validLine() {
        List<String> f = new ArrayList<>();
        f.add("\"v\":1");
        f.add("\"series\":" + object(new ArrayList<>(List.of("\"book\":\"b" + random.nextInt(3) + "\"", "\"chain\":\"sol\\u0061na\"",
                "\"contract\":\"c-é" + random.nextInt(50) + "\"", "\"timeframe\":\"1h\"", "\"extra\":[1,{\"x\":2}]"))));
        f.add("\"bar_ts\":\"" + instant() + "\"");
        f.add("\"seq\":" + random.nextInt(100_000));
        if (random.nextInt(4) > 0) {
            f.add("\"type\":\"tick\"");
            f.add("\"state\":\"" + STATES[random.nextInt(5)] + "\"");
            optional(f, "prev_state", "\"" + STATES[random.nextInt(5)] + "\"");
            f.add("\"price\":" + number());
            f.add("\"atr\":" + number());
            f.add("\"buy_flag\":" + random.nextBoolean());
            f.add("\"trim_flag\":" + random.nextBoolean());
            optional(f, "a_value", number());
            optional(f, "engine_version", "\"e" + random.nextInt(9) + "\"");
            List<String> scores = new ArrayList<>();
            for (int i = 0; i < random.nextInt(4); i++) scores.add("\"s" + i + "\":" + (random.nextInt(4) == 0 ? "null" : number()));
            optional(f, "scores", object(scores));
            List<String> gates = new ArrayList<>();
            for (int i = 0; i < random.nextInt(3); i++) {
                List<String> g = new ArrayList<>(List.of("\"value\":" + number(), "\"threshold\":" + number(), "\"pass\":" + random.nextBoolean()));
                optional(g, "base", number());
                gates.add("\"g" + i + "\":" + object(g));
            }
            optional(f, "gates", object(gates));
            List<String> scope = new ArrayList<>();
            for (int i = 0; i < random.nextInt(3); i++) scope.add("\"d" + i + "\":\"x" + random.nextInt(5) + "\"");
            optional(f, "scope", object(scope));
        } else {
            f.add("\"type\":\"decision\"");
            f.add("\"action\":\"" + Action.values()[random.nextInt(Action.values().length)].wire() + "\"");
            optional(f, "trade_id", "\"t" + random.nextInt(99) + "\"");
            optional(f, "size_frac", number());
            optional(f, "pnl", number());
            optional(f, "reason", "\"r\"");
        }
        if (random.nextBoolean()) f.add("\"ignored\":{\"deep\":[null,true,\"x\"]}");
        return object(f);
    }

    private static String decision(String barTs) {
        return "{\"v\":1,\"type\":\"decision\",\"series\":{\"book\":\"b\",\"chain\":\"c\",\"contract\":\"x\",\"timeframe\":\"1h\"},"
                + "\"bar_ts\":\"" + barTs + "\",\"seq\":1,\"action\":\"entry\"}";
    }

    private void assertSameAsTheTree(String line) {
        ParseResult fast = parser.parse(line);
        ParseResult tree = parser.parseTree(line);
        assertThat(fast).as(line).usingRecursiveComparison().isEqualTo(tree);
    }

    @Test
    void validLinesGiveTheTreeParsersEventAndTakeTheFastPath() {
        for (int i = 0; i < 5_000; i++) {
            String line = validLine();
            assertThat(parser.parseTree(line).reject).as(line).isNull();
            assertThat(StreamingEventReader.read(line)).as("fast path taken: " + line).isNotNull();
            assertSameAsTheTree(line);
        }
    }

    @Test
    void linesWithAFaultAreLeftToTheTree() {
        int faulty = 0;
        for (int i = 0; i < 5_000; i++) {
            String line = validLine();
            // one random byte changed, dropped or doubled: most become rejects, some stay valid
            int at = random.nextInt(line.length());
            String broken = switch (random.nextInt(3)) {
                case 0 -> line.substring(0, at) + (char) (32 + random.nextInt(95)) + line.substring(at + 1);
                case 1 -> line.substring(0, at) + line.substring(at + 1);
                default -> line.substring(0, at) + line.charAt(at) + line.substring(at);
            };
            if (parser.parseTree(broken).reject != null) {
                faulty++;
                assertThat(StreamingEventReader.read(broken)).as(broken).isNull();
            }
            assertSameAsTheTree(broken);
        }
        assertThat(faulty).isGreaterThan(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01T00:00:00Z", "1970-01-01T00:00:00.5Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
            "2024-02-29T12:34:56.123456Z", "9999-12-31T23:59:59Z"})
    void instantsAsInstantParseReadsThem(String s) throws Exception {
        String line = decision(s);
        assertThat(StreamingEventReader.read(line)).isNotNull().extracting(e -> e.barTs).isEqualTo(Instant.parse(s).toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z", "2026-01-01T00:00:00+01:00",
            "2026-01-01t00:00:00z", "+12026-01-01T00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z"})
    void otherInstantFormsAreLeftToTheTree(String s) {
        String line = decision(s);
        assertThat(StreamingEventReader.read(line)).isNull();
        assertSameAsTheTree(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"v\":1", ",\"pnl\":NaN", ",\"reason\":\"a\\u0000b\"", ",\"size_frac\":1e999"})
    void oddLinesAreLeftToTheTree(String fragment) {
        String line = decision("2026-01-01T00:00:00Z");
        String odd = line.substring(0, line.length() - 1) + fragment + "}";
        assertThat(StreamingEventReader.read(odd)).as(odd).isNull();
        assertSameAsTheTree(odd);
        assertThat(StreamingEventReader.read(line.replace("\"seq\":1", "\"seq\":99999999999999999999"))).isNull();
    }
}
