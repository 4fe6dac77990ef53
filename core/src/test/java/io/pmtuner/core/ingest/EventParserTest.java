package io.pmtuner.core.ingest;

import io.pmtuner.model.Action;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.State;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {
    private static final String SERIES = "\"series\":{\"book\":\"b\",\"chain\":\"solana\",\"contract\":\"c\",\"timeframe\":\"1h\"}";
    private static final String TICK = "{\"v\":1,\"type\":\"tick\"," + SERIES + ",\"bar_ts\":\"2026-01-01T01:00:00Z\",\"seq\":7,"
            + "\"state\":\"S1\",\"prev_state\":\"S0\",\"price\":1.5,\"atr\":0.1,\"buy_flag\":true,\"trim_flag\":false,"
            + "\"scores\":{\"ts\":0.7,\"ox\":null},\"gates\":{\"ts\":{\"value\":0.7,\"threshold\":0.6,\"pass\":true,\"base\":0.55}},"
            + "\"scope\":{\"chain\":\"solana\"},\"a_value\":0.8}";

    private final EventParser parser = new EventParser();

    @Test
    void readsATick() {
        ParseResult r = parser.parse(TICK);
        assertThat(r.reject).isNull();
        EngineEvent e = r.event;
        assertThat(e.seq).isEqualTo(7);
        assertThat(e.barTs).isEqualTo(java.time.Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
        assertThat(e.prevState).isEqualTo(State.S0);
        assertThat(e.tick.state).isEqualTo(State.S1);
        assertThat(e.tick.buyFlag).isTrue();
        assertThat(e.tick.scores).containsOnlyKeys("ts"); // a null score is an absent one
        assertThat(e.tick.gates.get("ts").base).isEqualTo(0.55);
        assertThat(e.tick.scope).containsEntry("chain", "solana");
        assertThat(e.tick.aValue).isEqualTo(0.8);
        assertThat(e.raw()).isEqualTo(TICK);
    }

    @Test
    void readsADecision() {
        EngineEvent e = parser.parse("{\"v\":1,\"type\":\"decision\"," + SERIES
                + ",\"bar_ts\":\"2026-01-01T01:00:00Z\",\"seq\":7,\"action\":\"trim\",\"pnl\":0.25,\"trade_id\":\"t1\"}").event;
        assertThat(e.decision.action).isEqualTo(Action.TRIM);
        assertThat(e.decision.pnl).isEqualTo(0.25);
        assertThat(e.decision.tradeId).isEqualTo("t1");
        assertThat(e.tick).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed_json      | {\"v\":1,                       | ",
            "malformed_json      | [1,2,3]                         | ",
            "missing_field       | \"seq\":7,                      | ",
            "missing_field       | \"price\":1.5,                  | ",
            "bad_type            | \"seq\":7,>\"seq\":\"7\",       | ",
            "bad_type            | \"buy_flag\":true>\"buy_flag\":1 | ",
            "bad_type            | 2026-01-01T01:00:00Z>yesterday  | ",
            "unknown_state       | \"state\":\"S1\">\"state\":\"S5\" | ",
            "unknown_state       | \"prev_state\":\"S0\">\"prev_state\":\"X\" | ",
            "non_finite          | \"price\":1.5>\"price\":NaN     | ",
            "non_finite          | \"atr\":0.1>\"atr\":1e400       | ",
            "non_finite          | \"ts\":0.7,>\"ts\":Infinity,    | ",
            "unsupported_version | \"v\":1>\"v\":2                 | ",
            "unknown_type        | \"type\":\"tick\">\"type\":\"bar\" | ",
    })
    void rejectsWithAReason(String reason, String edit, String unused) {
        String line;
        if (edit.startsWith("{") || edit.startsWith("[")) {
            line = edit;
        } else if (edit.contains(">")) {
            String[] parts = edit.split(">", 2);
            line = TICK.replace(parts[0], parts[1]);
        } else {
            line = TICK.replace(edit, "");
        }
        ParseResult r = parser.parse(line);
        assertThat(r.event).as(line).isNull();
        assertThat(r.reject.reason).isEqualTo(reason);
        assertThat(r.reject.raw).isEqualTo(line);
        assertThat(r.reject.detail).isNotBlank();
    }

    @Test
    void keepsTheSeriesAndTimeOfARejectWhenTheyCanBeRead() {
        ParseResult r = parser.parse(TICK.replace("\"state\":\"S1\"", "\"state\":\"S7\""));
        assertThat(r.reject.seriesJson).contains("\"contract\":\"c\"");
        assertThat(r.reject.eventTs).isEqualTo(java.time.Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
    }

    @Test
    void rejectsAnUnknownActionAndANulCharacter() {
        String d = "{\"v\":1,\"type\":\"decision\"," + SERIES + ",\"bar_ts\":\"2026-01-01T01:00:00Z\",\"seq\":7,\"action\":\"hodl\"}";
        assertThat(parser.parse(d).reject.reason).isEqualTo("unknown_action");
        assertThat(parser.parse(TICK.replace("\"contract\":\"c\"", "\"contract\":\"c\\u0000\"")).reject.reason).isEqualTo("bad_type");
    }
}
