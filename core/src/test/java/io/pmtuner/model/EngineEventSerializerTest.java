package io.pmtuner.model;

import io.pmtuner.ingest.EventParser;
import io.pmtuner.testing.ContractLines;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire form of an event gives back the same event: parsed ones, and ones with every nullable part null. */
class EngineEventSerializerTest {
    private final EngineEventSerializer serializer = EngineEventSerializer.INSTANCE;

    private static List<EngineEvent> events() {
        ContractLines lines = new ContractLines(new Random(5));
        EventParser parser = new EventParser();
        List<EngineEvent> events = new ArrayList<>();
        while (events.size() < 2_000) events.add(parser.parse(lines.valid()).event);

        EngineEvent bare = new EngineEvent(); // everything that may be null is
        events.add(bare);
        EngineEvent restoredFromAnOldSavepoint = new EngineEvent();
        restoredFromAnOldSavepoint.series = new Series("b", "c", "x", "1h");
        restoredFromAnOldSavepoint.raw = "{\"v\":1}";
        restoredFromAnOldSavepoint.tick = new Tick(); // maps null, as on a light clock tick
        restoredFromAnOldSavepoint.decision = new Decision();
        events.add(restoredFromAnOldSavepoint);
        EngineEvent oddMaps = new EngineEvent();
        oddMaps.tick = new Tick();
        oddMaps.tick.scores = new LinkedHashMap<>();
        oddMaps.tick.scores.put("z", null);
        oddMaps.tick.gates = new LinkedHashMap<>();
        oddMaps.tick.gates.put("g", null);
        oddMaps.tick.scope = new LinkedHashMap<>();
        oddMaps.tick.scope.put("d", null);
        events.add(oddMaps);
        EngineEvent longAndWide = new EngineEvent(); // a count past one byte, characters past ASCII, an empty string
        longAndWide.series = new Series("b\u00e9", "\u94fe", "x".repeat(300), "");
        longAndWide.seriesKey = "";
        longAndWide.raw = "{\"note\":\"" + "\u00fc\u20ac\ud83d\ude00".repeat(5_000) + "\"}";
        events.add(longAndWide);
        return events;
    }

    private EngineEvent roundTrip(TypeSerializer<EngineEvent> s, EngineEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EngineEvent back = s.deserialize(in);
        assertThat(in.available()).as("read all it wrote").isZero();
        return back;
    }

    @Test
    void serializeThenDeserializeGivesTheSameEvent() throws IOException {
        for (EngineEvent e : events()) {
            assertThat(roundTrip(serializer, e)).usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void aCopyIsEqualAndSharesNothingMutable() {
        for (EngineEvent e : events()) {
            EngineEvent c = serializer.copy(e);
            assertThat(c).usingRecursiveComparison().isEqualTo(e);
            if (e.tick != null && e.tick.gates != null) {
                assertThat(c.tick.gates).isNotSameAs(e.tick.gates);
                for (String g : e.tick.gates.keySet()) {
                    if (e.tick.gates.get(g) != null) assertThat(c.tick.gates.get(g)).isNotSameAs(e.tick.gates.get(g));
                }
            }
            if (e.rawUtf8 != null) assertThat(c.rawUtf8).isNotSameAs(e.rawUtf8);
        }
    }

    @Test
    void copyingBytesAndTheSnapshotKeepTheFormat() throws IOException {
        EngineEvent e = events().get(0);
        DataOutputSerializer first = new DataOutputSerializer(256);
        serializer.serialize(e, first);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

        TypeSerializerSnapshot<EngineEvent> snapshot = serializer.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(serializer);
        assertThat(EngineEventType.INSTANCE.createSerializer(null)).isSameAs(serializer);
    }
}
