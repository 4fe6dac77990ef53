package io.pmtuner.model;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of an {@link EngineEvent} between the parser and the sequencer: every event crosses
 * that shuffle, and Flink's POJO serializer, which reaches each field by reflection and each map entry
 * through nested serializers, was about a seventh of the job's CPU there (serialize, copy between the
 * chained parser and watermark operator, deserialize). Written out field by field.
 *
 * <p>For streams only, never for state: the sequencer keeps buffered events under the POJO type, so
 * savepoints are unchanged. Null-safe wherever the model allows null; maps keep their order.
 */
public final class EngineEventSerializer extends TypeSerializerSingleton<EngineEvent> {
    private static final long serialVersionUID = 1L;
    public static final EngineEventSerializer INSTANCE = new EngineEventSerializer();

    private static final State[] STATES = State.values();
    private static final Action[] ACTIONS = Action.values();
    private static final int TICK = 1;
    private static final int DECISION = 2;
    private static final int RAW_UTF8 = 4;
    private static final int RAW = 8;
    private static final int SERIES = 16;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public EngineEvent createInstance() {
        return new EngineEvent();
    }

    @Override
    public EngineEvent copy(EngineEvent from) {
        EngineEvent e = new EngineEvent();
        e.series = from.series == null ? null : new Series(from.series.book, from.series.chain, from.series.contract, from.series.timeframe);
        e.seriesKey = from.seriesKey;
        e.seq = from.seq;
        e.barTs = from.barTs;
        e.prevState = from.prevState;
        e.tick = from.tick == null ? null : copy(from.tick);
        if (from.decision != null) {
            Decision d = new Decision();
            d.action = from.decision.action;
            d.tradeId = from.decision.tradeId;
            d.sizeFrac = from.decision.sizeFrac;
            d.pnl = from.decision.pnl;
            d.reason = from.decision.reason;
            e.decision = d;
        }
        e.rawUtf8 = from.rawUtf8 == null ? null : from.rawUtf8.clone();
        e.raw = from.raw;
        return e;
    }

    private static Tick copy(Tick from) {
        Tick t = from.light();
        t.engineVersion = from.engineVersion;
        t.scores = from.scores == null ? null : new LinkedHashMap<>(from.scores);
        t.scope = from.scope == null ? null : new LinkedHashMap<>(from.scope);
        if (from.gates != null) {
            t.gates = new LinkedHashMap<>();
            for (Map.Entry<String, Gate> g : from.gates.entrySet()) {
                Gate v = g.getValue();
                t.gates.put(g.getKey(), v == null ? null : new Gate(v.value, v.threshold, v.pass, v.base));
            }
        }
        return t;
    }

    @Override
    public EngineEvent copy(EngineEvent from, EngineEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EngineEvent e, DataOutputView out) throws IOException {
        int flags = (e.tick != null ? TICK : 0) | (e.decision != null ? DECISION : 0) | (e.rawUtf8 != null ? RAW_UTF8 : 0)
                | (e.raw != null ? RAW : 0) | (e.series != null ? SERIES : 0);
        out.writeByte(flags);
        if (e.series != null) {
            writeString(e.series.book, out);
            writeString(e.series.chain, out);
            writeString(e.series.contract, out);
            writeString(e.series.timeframe, out);
        }
        writeString(e.seriesKey, out);
        out.writeLong(e.seq);
        out.writeLong(e.barTs);
        writeState(e.prevState, out);
        if (e.tick != null) writeTick(e.tick, out);
        if (e.decision != null) {
            Decision d = e.decision;
            out.writeByte(d.action == null ? -1 : d.action.ordinal());
            writeString(d.tradeId, out);
            writeDouble(d.sizeFrac, out);
            writeDouble(d.pnl, out);
            writeString(d.reason, out);
        }
        if (e.rawUtf8 != null) {
            out.writeInt(e.rawUtf8.length);
            out.write(e.rawUtf8);
        }
        if (e.raw != null) writeString(e.raw, out);
    }

    private static void writeTick(Tick t, DataOutputView out) throws IOException {
        out.writeLong(t.seq);
        out.writeLong(t.barTs);
        writeState(t.state, out);
        out.writeBoolean(t.buyFlag);
        out.writeBoolean(t.trimFlag);
        out.writeDouble(t.price);
        out.writeDouble(t.atr);
        writeDouble(t.aValue, out);
        writeString(t.engineVersion, out);
        if (t.scores == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.scores.size());
            for (Map.Entry<String, Double> s : t.scores.entrySet()) {
                writeString(s.getKey(), out);
                writeDouble(s.getValue(), out);
            }
        }
        if (t.gates == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.gates.size());
            for (Map.Entry<String, Gate> g : t.gates.entrySet()) {
                writeString(g.getKey(), out);
                Gate v = g.getValue();
                out.writeBoolean(v != null);
                if (v == null) continue;
                out.writeDouble(v.value);
                out.writeDouble(v.threshold);
                out.writeBoolean(v.pass);
                writeDouble(v.base, out);
            }
        }
        if (t.scope == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.scope.size());
            for (Map.Entry<String, String> s : t.scope.entrySet()) {
                writeString(s.getKey(), out);
                writeString(s.getValue(), out);
            }
        }
    }

    private static void writeState(State s, DataOutputView out) throws IOException {
        out.writeByte(s == null ? -1 : s.ordinal());
    }

    private static void writeDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) out.writeDouble(d);
    }

    @Override
    public EngineEvent deserialize(DataInputView in) throws IOException {
        EngineEvent e = new EngineEvent();
        int flags = in.readByte();
        if ((flags & SERIES) != 0) {
            e.series = new Series(readString(in), readString(in), readString(in), readString(in));
        }
        e.seriesKey = readString(in);
        e.seq = in.readLong();
        e.barTs = in.readLong();
        e.prevState = readState(in);
        if ((flags & TICK) != 0) e.tick = readTick(in);
        if ((flags & DECISION) != 0) {
            Decision d = new Decision();
            int a = in.readByte();
            d.action = a < 0 ? null : ACTIONS[a];
            d.tradeId = readString(in);
            d.sizeFrac = readDouble(in);
            d.pnl = readDouble(in);
            d.reason = readString(in);
            e.decision = d;
        }
        if ((flags & RAW_UTF8) != 0) {
            e.rawUtf8 = new byte[in.readInt()];
            in.readFully(e.rawUtf8);
        }
        if ((flags & RAW) != 0) e.raw = readString(in);
        return e;
    }

    private static Tick readTick(DataInputView in) throws IOException {
        Tick t = new Tick();
        t.seq = in.readLong();
        t.barTs = in.readLong();
        t.state = readState(in);
        t.buyFlag = in.readBoolean();
        t.trimFlag = in.readBoolean();
        t.price = in.readDouble();
        t.atr = in.readDouble();
        t.aValue = readDouble(in);
        t.engineVersion = readString(in);
        int n = in.readInt();
        if (n >= 0) {
            t.scores = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) t.scores.put(readString(in), readDouble(in));
        }
        n = in.readInt();
        if (n >= 0) {
            t.gates = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) {
                String name = readString(in);
                t.gates.put(name, in.readBoolean() ? new Gate(in.readDouble(), in.readDouble(), in.readBoolean(), readDouble(in)) : null);
            }
        }
        n = in.readInt();
        if (n >= 0) {
            t.scope = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) t.scope.put(readString(in), readString(in));
        }
        return t;
    }

    private static State readState(DataInputView in) throws IOException {
        int s = in.readByte();
        return s < 0 ? null : STATES[s];
    }

    private static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /**
     * A string as its UTF-8 bytes behind a variable-length count (0 for null, else length + 1). Not
     * Flink's {@code StringValue}: its reader looks up a thread-local buffer per string, and in a task
     * thread, whose thread-local map is crowded, that lookup was most of the cost of reading an event.
     */
    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeCount(0, out);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeCount(bytes.length + 1, out);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        int count = readCount(in);
        if (count == 0) return null;
        byte[] bytes = new byte[count - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeCount(int n, DataOutputView out) throws IOException {
        while (n >= 0x80) {
            out.writeByte((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    private static int readCount(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7f) << shift;
            if (b < 0x80) return n;
        }
    }

    /** A hash map's initial capacity that holds {@code n} entries without resizing. */
    private static int capacity(int n) {
        return (int) (n / 0.75f) + 1;
    }

    @Override
    public EngineEvent deserialize(EngineEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
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
