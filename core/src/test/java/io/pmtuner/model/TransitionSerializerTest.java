package io.pmtuner.model;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.testing.ContractLines;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome feed's wire form: transitions built from parsed ticks with every field drawn, and bare ones. */
class TransitionSerializerTest extends WireSerializerTestBase<Transition> {
    @Override
    WireSerializer<Transition> serializer() {
        return TransitionSerializer.INSTANCE;
    }

    @Override
    WireType<Transition> type() {
        return TransitionType.INSTANCE;
    }

    @Test
    void statePojoSerializedByEarlierBuildsMigrates() {
        TypeSerializerSnapshot<Transition> ours = TransitionSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<Transition> pojo = TypeInformation.of(Transition.class).createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
        assertThat(ours.resolveSchemaCompatibility(pojo).isCompatibleAfterMigration()).isTrue();
        assertThat(ours.resolveSchemaCompatibility(TransitionSerializer.INSTANCE.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
    }

    @Override
    List<Transition> samples() {
        Random random = new Random(11);
        ContractLines lines = new ContractLines(new Random(5));
        EventParser parser = new EventParser();
        List<Transition> out = new ArrayList<>();
        List<EngineEvent> events = new ArrayList<>();
        while (events.size() < 1_000) events.add(parser.parse(lines.valid()).event);
        for (EngineEvent e : events) {
            Transition t = new Transition();
            t.seriesKey = e.seriesKey;
            t.series = e.series;
            t.tick = e.tick;
            t.decision = e.decision;
            t.seq = e.seq;
            t.barTs = e.barTs;
            t.prevState = e.prevState;
            t.stateChanged = random.nextBoolean();
            t.buyRose = random.nextBoolean();
            t.buyFell = random.nextBoolean();
            t.trimRose = random.nextBoolean();
            t.dataGap = random.nextBoolean();
            t.clockOnly = random.nextBoolean();
            t.tickIndex = random.nextInt(1_000_000);
            t.prevTickSeq = random.nextLong();
            t.prevTickTs = random.nextLong();
            t.retestIndex = random.nextInt(5);
            t.s1Best = random.nextBoolean() ? events.get(random.nextInt(events.size())).tick : null;
            out.add(t);
        }
        out.add(new Transition()); // everything that may be null is
        Transition oddMaps = new Transition();
        oddMaps.tick = EngineEventSerializerTest.withOddMaps(new EngineEvent()).tick;
        oddMaps.s1Best = new Tick();
        out.add(oddMaps);
        return out;
    }
}
