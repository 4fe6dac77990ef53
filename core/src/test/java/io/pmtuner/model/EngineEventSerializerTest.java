package io.pmtuner.model;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.testing.ContractLines;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser-to-sequencer wire form: parsed events, and ones with every nullable part null or odd. */
class EngineEventSerializerTest extends WireSerializerTestBase<EngineEvent> {
    @Override
    WireSerializer<EngineEvent> serializer() {
        return EngineEventSerializer.INSTANCE;
    }

    @Override
    WireType<EngineEvent> type() {
        return EngineEventType.INSTANCE;
    }

    @Override
    List<EngineEvent> samples() {
        ContractLines lines = new ContractLines(new Random(5));
        EventParser parser = new EventParser();
        List<EngineEvent> events = new ArrayList<>();
        while (events.size() < 2_000) events.add(parser.parse(lines.valid()).event);

        events.add(new EngineEvent()); // everything that may be null is
        EngineEvent restoredFromAnOldSavepoint = new EngineEvent();
        restoredFromAnOldSavepoint.series = new Series("b", "c", "x", "1h");
        restoredFromAnOldSavepoint.raw = "{\"v\":1}";
        restoredFromAnOldSavepoint.tick = new Tick(); // maps null, as on a light clock tick
        restoredFromAnOldSavepoint.decision = new Decision();
        events.add(restoredFromAnOldSavepoint);
        events.add(withOddMaps(new EngineEvent()));
        EngineEvent longAndWide = new EngineEvent(); // a count past one byte, characters past ASCII, an empty string
        longAndWide.series = new Series("b\u00e9", "\u94fe", "x".repeat(300), "");
        longAndWide.seriesKey = "";
        longAndWide.raw = "{\"note\":\"" + "\u00fc\u20ac\ud83d\ude00".repeat(5_000) + "\"}";
        events.add(longAndWide);
        return events;
    }

    @Test
    void namesAndScopeValuesReadBackAsOneSharedInstance() throws IOException {
        EngineEvent[] read = new EngineEvent[2];
        for (int i = 0; i < 2; i++) {
            EngineEvent e = new EngineEvent();
            e.series = new Series(new String("main"), new String("solana"), "tok" + i, new String("1h"));
            e.tick = new Tick();
            e.tick.engineVersion = new String("sim-1");
            e.tick.scope = new LinkedHashMap<>(Map.of(new String("vol_bucket"), new String("low")));
            e.tick.gates = new LinkedHashMap<>(Map.of(new String("ts"), new Gate(0.7, 0.6, true, 0.6)));
            DataOutputSerializer out = new DataOutputSerializer(256);
            EngineEventSerializer.INSTANCE.serialize(e, out);
            read[i] = EngineEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }
        // each deserialization (every shuffle, every state read) would otherwise make its own copies
        assertThat(read[1].tick.scope.get("vol_bucket")).isEqualTo("low").isSameAs(read[0].tick.scope.get("vol_bucket"));
        assertThat(read[1].tick.scope.keySet().iterator().next()).isSameAs(read[0].tick.scope.keySet().iterator().next());
        assertThat(read[1].tick.gates.keySet().iterator().next()).isSameAs(read[0].tick.gates.keySet().iterator().next());
        assertThat(read[1].series.chain).isSameAs(read[0].series.chain);
        assertThat(read[1].tick.engineVersion).isSameAs(read[0].tick.engineVersion);
        assertThat(read[1].series.contract).isEqualTo("tok1");
    }

    /** Maps whose values are null. */
    static EngineEvent withOddMaps(EngineEvent e) {
        e.tick = new Tick();
        e.tick.scores = new LinkedHashMap<>();
        e.tick.scores.put("z", null);
        e.tick.gates = new LinkedHashMap<>();
        e.tick.gates.put("g", null);
        e.tick.scope = new LinkedHashMap<>();
        e.tick.scope.put("d", null);
        return e;
    }
}
