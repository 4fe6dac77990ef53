package io.pmtuner.model;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The form of a {@link Transition} in the sequencer's streams: on the outcome feed to the outcome
 * function (with the POJO serializer, writing it was about 5 % of the sequencer's thread and reading
 * it a fifth of the outcome function's), and into the two chained CEP operators, where every
 * transition is copied once each and FlinkCEP buffers it in its state under this serializer.
 */
public final class TransitionSerializer extends WireSerializer<Transition> {
    private static final long serialVersionUID = 1L;
    public static final TransitionSerializer INSTANCE = new TransitionSerializer();

    private static final int STATE_CHANGED = 1;
    private static final int BUY_ROSE = 2;
    private static final int BUY_FELL = 4;
    private static final int TRIM_ROSE = 8;
    private static final int DATA_GAP = 16;
    private static final int CLOCK_ONLY = 32;

    @Override
    public Transition createInstance() {
        return new Transition();
    }

    @Override
    public Transition copy(Transition from) {
        Transition t = new Transition();
        t.seriesKey = from.seriesKey;
        t.series = WireForm.copy(from.series);
        t.tick = WireForm.copy(from.tick);
        t.decision = WireForm.copy(from.decision);
        t.seq = from.seq;
        t.barTs = from.barTs;
        t.prevState = from.prevState;
        t.stateChanged = from.stateChanged;
        t.buyRose = from.buyRose;
        t.buyFell = from.buyFell;
        t.trimRose = from.trimRose;
        t.dataGap = from.dataGap;
        t.clockOnly = from.clockOnly;
        t.tickIndex = from.tickIndex;
        t.prevTickSeq = from.prevTickSeq;
        t.prevTickTs = from.prevTickTs;
        t.retestIndex = from.retestIndex;
        t.s1Best = WireForm.copy(from.s1Best);
        return t;
    }

    @Override
    public void serialize(Transition t, DataOutputView out) throws IOException {
        WireForm.writeString(t.seriesKey, out);
        WireForm.writeSeries(t.series, out);
        WireForm.writeTick(t.tick, out);
        WireForm.writeDecision(t.decision, out);
        out.writeLong(t.seq);
        out.writeLong(t.barTs);
        WireForm.writeState(t.prevState, out);
        out.writeByte((t.stateChanged ? STATE_CHANGED : 0) | (t.buyRose ? BUY_ROSE : 0) | (t.buyFell ? BUY_FELL : 0)
                | (t.trimRose ? TRIM_ROSE : 0) | (t.dataGap ? DATA_GAP : 0) | (t.clockOnly ? CLOCK_ONLY : 0));
        out.writeLong(t.tickIndex);
        out.writeLong(t.prevTickSeq);
        out.writeLong(t.prevTickTs);
        out.writeInt(t.retestIndex);
        WireForm.writeTick(t.s1Best, out);
    }

    @Override
    public Transition deserialize(DataInputView in) throws IOException {
        Transition t = new Transition();
        t.seriesKey = WireForm.readString(in);
        t.series = WireForm.readSeries(in);
        t.tick = WireForm.readTick(in);
        t.decision = WireForm.readDecision(in);
        t.seq = in.readLong();
        t.barTs = in.readLong();
        t.prevState = WireForm.readState(in);
        int flags = in.readByte();
        t.stateChanged = (flags & STATE_CHANGED) != 0;
        t.buyRose = (flags & BUY_ROSE) != 0;
        t.buyFell = (flags & BUY_FELL) != 0;
        t.trimRose = (flags & TRIM_ROSE) != 0;
        t.dataGap = (flags & DATA_GAP) != 0;
        t.clockOnly = (flags & CLOCK_ONLY) != 0;
        t.tickIndex = in.readLong();
        t.prevTickSeq = in.readLong();
        t.prevTickTs = in.readLong();
        t.retestIndex = in.readInt();
        t.s1Best = WireForm.readTick(in);
        return t;
    }

    @Override
    public TypeSerializerSnapshot<Transition> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the singleton. State written under the POJO serializer (savepoints of builds before this
     * form, whose CEP operators buffered transitions with it) is compatible after migration: Flink reads
     * it with the POJO serializer it was written with, and writes it anew with this one.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Transition> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<Transition> resolveSchemaCompatibility(TypeSerializerSnapshot<Transition> old) {
            if (old instanceof PojoSerializerSnapshot) return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            return super.resolveSchemaCompatibility(old);
        }
    }
}
