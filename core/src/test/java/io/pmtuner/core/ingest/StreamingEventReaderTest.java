package io.pmtuner.core.ingest;

import io.pmtuner.testing.ContractLines;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming fast path against the tree parser it shortcuts: on random valid lines (any key order,
 * optional fields present or not, numbers in every JSON form) it must give the very same event, and on
 * lines with a fault or an oddity it must step aside, so that the reject is the tree parser's.
 */
class StreamingEventReaderTest {
    private final EventParser parser = new EventParser();
    private final Random random = new Random(11);
    private final ContractLines lines = new ContractLines(random);

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
            String line = lines.valid();
            assertThat(parser.parseTree(line).reject).as(line).isNull();
            assertThat(StreamingEventReader.read(line)).as("fast path taken: " + line).isNotNull();
            assertSameAsTheTree(line);
        }
    }

    @Test
    void linesWithAFaultAreLeftToTheTree() {
        int faulty = 0;
        for (int i = 0; i < 5_000; i++) {
            String line = lines.valid();
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
    @ValueSource(strings = {"\"scores\":{\"a\":1,\"a\":2}", "\"scores\":{\"a\":null,\"b\":2,\"a\":1}", "\"scores\":{\"a\":1,\"a\":null}",
            "\"gates\":{\"g\":{\"value\":1,\"threshold\":0,\"pass\":true},\"g\":{\"value\":2,\"threshold\":0,\"pass\":false}}",
            "\"gates\":{\"g\":{\"value\":1,\"threshold\":0,\"pass\":true,\"value\":3}}", "\"scope\":{\"d\":\"x\",\"d\":\"y\"}",
            "\"series\":{\"book\":\"b\",\"chain\":\"c\",\"contract\":\"x\",\"timeframe\":\"1h\",\"book\":\"b2\"}"})
    void duplicateKeysAreLeftToTheTree(String field) {
        String tick = "{\"v\":1,\"type\":\"tick\",\"series\":{\"book\":\"b\",\"chain\":\"c\",\"contract\":\"x\",\"timeframe\":\"1h\"},"
                + "\"bar_ts\":\"2026-01-01T00:00:00Z\",\"seq\":1,\"state\":\"S1\",\"price\":1,\"atr\":1,\"buy_flag\":true,\"trim_flag\":false}";
        assertThat(StreamingEventReader.read(tick)).isNotNull();
        String name = field.substring(0, field.indexOf(':'));
        String line = tick.contains(name + ":") ? tick.replaceFirst("\"series\":\\{[^}]*}", java.util.regex.Matcher.quoteReplacement(field))
                : tick.substring(0, tick.length() - 1) + "," + field + "}";
        assertThat(StreamingEventReader.read(line)).as(line).isNull();
        assertSameAsTheTree(line);
    }

    @Test
    void surrogatesAreLeftToTheTree() {
        for (String contract : new String[] {"\uD800", "\uD83D\uDE00"}) {
            String line = decision("2026-01-01T00:00:00Z").replace("\"x\"", "\"" + contract + "\"");
            assertThat(StreamingEventReader.read(line)).isNull();
            assertThat(parser.parse(line).event.series.contract).isEqualTo(contract);
        }
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
