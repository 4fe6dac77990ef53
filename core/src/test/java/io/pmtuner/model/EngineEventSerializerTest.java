package io.pmtuner.model;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.testing.ContractLines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

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
