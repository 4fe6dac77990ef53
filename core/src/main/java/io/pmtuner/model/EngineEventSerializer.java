package io.pmtuner.model;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The wire form of an {@link EngineEvent} between the parser and the sequencer: every event crosses
 * that shuffle, and Flink's POJO serializer was about a seventh of the job's CPU there (serialize,
 * copy between the chained parser and watermark operator, deserialize). For the stream only: the
 * sequencer keeps buffered events under the POJO type, so savepoints are unchanged.
 */
public final class EngineEventSerializer extends WireSerializer<EngineEvent> {
    private static final long serialVersionUID = 1L;
    public static final EngineEventSerializer INSTANCE = new EngineEventSerializer();

    @Override
    public EngineEvent createInstance() {
        return new EngineEvent();
    }

    @Override
    public EngineEvent copy(EngineEvent from) {
        EngineEvent e = new EngineEvent();
        e.series = WireForm.copy(from.series);
        e.seriesKey = from.seriesKey;
        e.seq = from.seq;
        e.barTs = from.barTs;
        e.prevState = from.prevState;
        e.tick = WireForm.copy(from.tick);
        e.decision = WireForm.copy(from.decision);
        e.rawUtf8 = from.rawUtf8 == null ? null : from.rawUtf8.clone();
        e.raw = from.raw;
        return e;
    }

    @Override
    public void serialize(EngineEvent e, DataOutputView out) throws IOException {
        WireForm.writeSeries(e.series, out);
        WireForm.writeString(e.seriesKey, out);
        out.writeLong(e.seq);
        out.writeLong(e.barTs);
        WireForm.writeState(e.prevState, out);
        WireForm.writeTick(e.tick, out);
        WireForm.writeDecision(e.decision, out);
        out.writeBoolean(e.rawUtf8 != null);
        if (e.rawUtf8 != null) {
            out.writeInt(e.rawUtf8.length);
            out.write(e.rawUtf8);
        }
        WireForm.writeString(e.raw, out);
    }

    @Override
    public EngineEvent deserialize(DataInputView in) throws IOException {
        EngineEvent e = new EngineEvent();
        e.series = WireForm.readSeries(in);
        e.seriesKey = WireForm.readString(in);
        e.seq = in.readLong();
        e.barTs = in.readLong();
        e.prevState = WireForm.readState(in);
        e.tick = WireForm.readTick(in);
        e.decision = WireForm.readDecision(in);
        if (in.readBoolean()) {
            e.rawUtf8 = new byte[in.readInt()];
            in.readFully(e.rawUtf8);
        }
        e.raw = WireForm.readString(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<EngineEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. The form is the stream's only (no state keeps it: the sequencer's buffer is the POJO type), so it may change between versions. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EngineEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
